"""The admin home shows each role the work waiting for it, one click from it."""

import html
import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import workflow
from articles.editorial.dashboard import ROWS
from articles.models import Article, Revision
from feedback.models import FeedbackReport
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    approved,
    assignees,
    draft,
    edit,
    fact_check,
    pending,
    publish_article,
    submit,
    superuser,
    user_in,
)

INDEX = reverse("admin:index")
CHIEF_PANELS = ["approved", "scheduled", "flagged", "periodic", "open-reports"]
REVIEWER_PANELS = ["review-queue", "review-again"]
EDITOR_PANELS = ["my-drafts", "sent-back"]
MODERATOR_PANELS = ["new-reports", "my-reports"]


def home(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def panel_keys(page):
    return re.findall(r'<section class="dashboard-panel" id="panel-([\w-]+)"', page)


def panel(page, key):
    """Return the HTML of panel KEY, its non-breaking spaces as plain spaces."""
    start = page.index(f'id="panel-{key}"')
    return page[start : page.index("</section>", start)].replace("\xa0", " ")


def links(fragment):
    """Return (link text, address) of every link in FRAGMENT, tags stripped."""
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", text)).strip(), html.unescape(url))
        for url, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', fragment)
    ]


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def revision_url(revision):
    return reverse("admin:articles_revision_change", args=[revision.pk])


def backdate(revision, **ago):
    # created_at is frozen with the revision: only a queryset update moves it.
    Revision.objects.filter(pk=revision.pk).update(
        created_at=timezone.now() - timedelta(**ago)
    )


def report_on(article, **fields):
    return FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason=FeedbackReport.Reason.OUTDATED,
        details="The dose changed last year.",
        **fields,
    )


# Who sees which panels -------------------------------------------------------


def test_each_role_sees_its_own_panels_only(client, cast):
    assert panel_keys(home(client, cast.editor)) == EDITOR_PANELS
    assert panel_keys(home(client, cast.reviewer.user)) == REVIEWER_PANELS
    assert panel_keys(home(client, cast.moderator)) == MODERATOR_PANELS
    # A chief editor may also write, so sees an editor's panels after their own.
    assert panel_keys(home(client, cast.chief)) == [*CHIEF_PANELS, *EDITOR_PANELS]
    everything = [*CHIEF_PANELS, *REVIEWER_PANELS, *EDITOR_PANELS, *MODERATOR_PANELS]
    assert panel_keys(home(client, superuser())) == everything


def test_the_app_list_stays_below_the_panels(client, cast):
    page = home(client, cast.editor)
    assert page.index('id="panel-sent-back"') < page.index('class="app-articles')
    assert 'href="/static/css/admin-dashboard.css"' in page


def test_an_empty_panel_says_so(client, cast):
    page = home(client, cast.reviewer.user)
    assert "Nothing is waiting for your review." in panel(page, "review-queue")
    assert "(0)" in panel(page, "review-queue")


# Editors ---------------------------------------------------------------------


def test_editor_sees_their_drafts_and_not_a_colleagues(client, cast):
    mine = draft(cast, title="Salt and the heart")
    colleague = user_in("Editors", username="ed2")
    ArticleFactory(title="Someone else's draft", created_by=colleague)
    shared = ArticleFactory(title="Written together", created_by=colleague)
    edit(shared, cast.editor, summary="Tightened the summary.")
    submitted = pending(cast)

    drafts = panel(home(client, cast.editor), "my-drafts")

    assert ("Salt and the heart", article_url(mine)) in links(drafts)
    assert ("Written together", article_url(shared)) in links(drafts)
    assert "Someone else" not in drafts
    assert submitted.title not in drafts  # in review: no longer a draft
    assert "(2)" in drafts


def test_editor_sees_the_revision_sent_back_with_the_reviewers_comment(client, cast):
    revision = pending(cast)
    workflow.request_changes(
        revision, by=cast.reviewer.user, comment="Cite the 2023 trial & its dose."
    )

    sent_back = panel(home(client, cast.editor), "sent-back")

    # One click from the action: the article page, where they edit and resubmit.
    assert (revision.title, article_url(revision.article)) in links(sent_back)
    assert "Cite the 2023 trial &amp; its dose." in sent_back
    assert cast.reviewer.display_name in sent_back


def test_a_resubmitted_revision_is_no_longer_sent_back(client, cast):
    revision = pending(cast)
    workflow.request_changes(revision, by=cast.reviewer.user, comment="Shorter.")
    edit(revision.article, cast.editor, summary="Shorter now.")
    submit(revision.article, cast)

    page = home(client, cast.editor)

    assert "Shorter." not in panel(page, "sent-back")
    assert "No revision of yours is waiting for changes." in panel(page, "sent-back")


def test_editor_does_not_see_what_was_sent_back_to_a_colleague(client, cast):
    colleague = user_in("Editors", username="ed2")
    article = ArticleFactory(created_by=colleague)
    ReferenceFactory(article=article)
    revision = workflow.submit_for_review(
        article,
        by=colleague,
        assignees=assignees(cast, cast.reviewer),
        change_note="First.",
    )
    fact_check(revision)
    workflow.request_changes(revision, by=cast.reviewer.user, comment="Not yours.")

    assert "Not yours." not in home(client, cast.editor)


# Medical reviewers ---------------------------------------------------------------


def test_reviewer_sees_only_their_queue_oldest_first_with_its_age(client, cast):
    newer = pending(cast)
    older = pending(cast)
    backdate(older, days=3, hours=2)
    backdate(newer, hours=5)
    someone_elses = submit(draft(cast), cast, reviewer=cast.reviewer2)

    queue = panel(home(client, cast.reviewer.user), "review-queue")

    titles = [text for text, _ in links(queue)]
    assert titles[:2] == [older.title, newer.title]
    assert someone_elses.title not in queue
    assert (older.title, revision_url(older)) in links(queue)
    assert re.search(r'Waiting <time datetime="[\dT:+-]+">3 days</time>', queue)
    assert re.search(r"Waiting <time [^>]+>5 hours</time>", queue)
    assert (
        "Open my review queue",
        reverse("admin:articles_reviewqueueitem_changelist"),
    ) in links(queue)


def test_reviewer_sees_the_articles_they_approved_flagged_for_rereview(client, cast):
    article = publish_article(cast, title="Statins after 75")
    workflow.request_rereview(article, by=cast.chief, reason="A new trial reported.")

    mine = panel(home(client, cast.reviewer.user), "review-again")
    other = panel(home(client, cast.reviewer2.user), "review-again")

    assert ("Statins after 75", article_url(article)) in links(mine)
    assert "A new trial reported." in mine
    assert "Statins after 75" not in other


def test_reviewer_sees_the_periodic_reviews_that_fall_to_them(client, cast):
    soon = publish_article(cast, title="Due soon")
    later = publish_article(cast, title="Due next year")
    today = timezone.localdate()
    Article.objects.filter(pk=soon.pk).update(next_review_due=today + timedelta(9))
    Article.objects.filter(pk=later.pk).update(next_review_due=today + timedelta(90))

    mine = panel(home(client, cast.reviewer.user), "review-again")

    assert ("Due soon", article_url(soon)) in links(mine)
    due = date_format(today + timedelta(9), "j F Y")
    assert f'Periodic review due <time datetime="{today + timedelta(9)}">{due}' in mine
    assert "Due next year" not in mine


# Chief editors -------------------------------------------------------------------


def test_chief_sees_approved_revisions_one_click_from_publishing(client, cast):
    revision = approved(cast)

    waiting = panel(home(client, cast.chief), "approved")

    assert (revision.title, revision_url(revision) + "#publish") in links(waiting)
    assert f"Approved by {cast.reviewer.name}" in waiting


def test_chief_sees_what_is_scheduled_with_its_time_and_unschedule(client, cast):
    revision = approved(cast)
    go_live_at = timezone.now() + timedelta(days=2)
    workflow.publish(revision, by=cast.chief, go_live_at=go_live_at)

    page = home(client, cast.chief)
    scheduled = panel(page, "scheduled")

    shown = date_format(timezone.localtime(go_live_at), "Y-m-d H:i T")  # one format
    machine = go_live_at.isoformat(timespec="seconds")
    assert f'Goes live <time datetime="{machine}">{shown}</time>' in scheduled
    assert (revision.title, revision_url(revision)) in links(scheduled)
    unschedule = (f"Unschedule “{revision.title}”", revision_url(revision) + "#publish")
    assert unschedule in links(scheduled)
    assert revision.title not in panel(page, "approved")


def test_chief_sees_flagged_due_and_reported_articles(client, cast):
    flagged = publish_article(cast, title="Flagged one")
    workflow.request_rereview(flagged, by=cast.moderator, reason="Reader report.")
    due = publish_article(cast, title="Due one")
    Article.objects.filter(pk=due.pk).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )
    reported = publish_article(cast, title="Reported one")
    report_on(reported)
    report_on(reported, status=FeedbackReport.Status.TRIAGED)
    report_on(reported, status=FeedbackReport.Status.DISMISSED)

    page = home(client, cast.chief)

    assert ("Flagged one", article_url(flagged)) in links(panel(page, "flagged"))
    assert "Reader report." in panel(page, "flagged")
    periodic = panel(page, "periodic")
    assert ("Due one", article_url(due)) in links(periodic)
    assert "Overdue" in periodic
    assert "Flagged one" not in periodic  # already on the flagged panel
    reports = panel(page, "open-reports")
    assert ("Reported one", article_url(reported)) in links(reports)
    assert "2 open reports" in reports
    # Chief editors cannot open the reports list: no link they would be refused.
    assert "feedbackreport" not in reports


def test_a_superuser_gets_a_link_to_the_articles_open_reports(client, cast):
    reported = publish_article(cast, title="Reported one")
    report_on(reported)

    reports = panel(home(client, superuser()), "open-reports")

    url = reverse("admin:feedback_feedbackreport_changelist")
    url += f"?status=open&article__id__exact={reported.pk}"
    assert ("Read the reports on “Reported one”", url) in links(reports)


def test_a_long_panel_shows_its_first_rows_and_the_total(client, cast):
    for _ in range(ROWS + 2):
        pending(cast)

    queue = panel(home(client, cast.reviewer.user), "review-queue")

    assert queue.count("<li>") == ROWS
    assert f"Showing {ROWS} of {ROWS + 2}." in queue


# Moderators ----------------------------------------------------------------------


def test_moderator_sees_new_reports_and_those_assigned_to_them(client, cast):
    article = publish_article(cast, title="Vitamin D in winter")
    new = report_on(article)
    mine = report_on(article, status=FeedbackReport.Status.TRIAGED)
    mine.assignee = cast.moderator
    mine.save()
    report_on(article, status=FeedbackReport.Status.RESOLVED, assignee=cast.moderator)

    page = home(client, cast.moderator)

    def change(report):
        return reverse("admin:feedback_feedbackreport_change", args=[report.pk])

    assert links(panel(page, "new-reports"))[0] == ("Vitamin D in winter", change(new))
    assigned = panel(page, "my-reports")
    assert links(assigned)[0] == ("Vitamin D in winter", change(mine))
    assert "(1)" in assigned  # the resolved one is not waiting
    assert "Triaged" in assigned


def test_the_see_all_links_open_the_matching_lists(client, cast):
    article = publish_article(cast)
    report_on(article, status=FeedbackReport.Status.TRIAGED, assignee=cast.moderator)
    report_on(article, status=FeedbackReport.Status.TRIAGED)

    page = home(client, cast.moderator)
    (_, url), *_ = links(panel(page, "my-reports").split("dashboard-more")[1])
    listed = client.get(url)

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1


# Queries ---------------------------------------------------------------------------


def build_work(cast, count):
    """Create COUNT articles in each state a panel lists."""
    later = timezone.now() + timedelta(days=3)
    for _ in range(count):
        draft(cast)
        workflow.request_changes(pending(cast), by=cast.reviewer.user, comment="Fix.")
        pending(cast)
        approved(cast)
        workflow.publish(approved(cast), by=cast.chief, go_live_at=later)
        flagged = publish_article(cast)
        workflow.request_rereview(flagged, by=cast.chief, reason="New trial.")
        due = publish_article(cast)
        Article.objects.filter(pk=due.pk).update(next_review_due=timezone.localdate())
        report_on(due)
        report_on(due, status=FeedbackReport.Status.TRIAGED, assignee=cast.moderator)


def index_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(INDEX).status_code == 200
    return len(captured)


def test_the_home_page_costs_the_same_queries_with_3_or_30_articles(client, cast):
    people = {
        "editor": cast.editor,
        "reviewer": cast.reviewer.user,
        "chief": cast.chief,
        "moderator": cast.moderator,
        "superuser": superuser(),
    }
    build_work(cast, 3)
    few = {role: index_queries(client, user) for role, user in people.items()}
    build_work(cast, 27)
    many = {role: index_queries(client, user) for role, user in people.items()}

    assert Article.objects.count() >= 30 * 7
    assert many == few
