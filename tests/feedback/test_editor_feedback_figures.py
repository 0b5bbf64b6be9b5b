"""Editors see the helpful share (90 days) and open reports per article."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackReport
from tests.factories import publish_article, superuser

S = FeedbackReport.Status
LIST = reverse("admin:articles_article_changelist")
REPORTS = reverse("admin:feedback_feedbackreport_changelist")


def add(article, helpful, status=S.NEW, age_days=0):
    report = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=helpful, status=status
    )
    FeedbackReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )


def column(response, name):
    """Return the index the changelist's ?o= parameter uses for column NAME."""
    return response.context["cl"].list_display.index(name)


def titles_in_order(response, *titles):
    html = response.content.decode()
    return sorted(titles, key=html.index)


def test_article_list_shows_and_sorts_by_open_reports(client, cast):
    # The alphabetically later article has more open reports and a lower
    # helpful share, so neither the default (title) order nor a sort on the
    # wrong column puts it first.
    busy = publish_article(cast, title="Zinc and colds")
    quiet = publish_article(cast, title="Aspirin basics")
    add(busy, False)
    add(busy, False, status=S.TRIAGED)
    add(busy, False, status=S.NEEDS_REREVIEW)
    add(busy, True, status=S.VOTE)
    add(busy, False, status=S.SPAM, age_days=200)  # outside the 90 days, closed
    add(quiet, False)
    add(quiet, True, status=S.VOTE)
    add(quiet, True, status=S.VOTE)
    client.force_login(cast.editor)
    page = client.get(LIST)
    html = page.content.decode()
    assert "25% of 4" in html  # busy: 1 of 4 recent answers said yes
    assert "67% of 3" in html  # quiet: 2 of 3
    assert "Open reports" in html
    index = column(page, "open_reports")
    most_first = client.get(LIST, {"o": f"-{index}"})
    assert titles_in_order(most_first, "Aspirin basics", "Zinc and colds") == [
        "Zinc and colds",
        "Aspirin basics",
    ]
    fewest_first = client.get(LIST, {"o": f"{index}"})
    assert titles_in_order(fewest_first, "Aspirin basics", "Zinc and colds") == [
        "Aspirin basics",
        "Zinc and colds",
    ]
    change = client.get(reverse("admin:articles_article_change", args=[busy.pk]))
    assert "3 open report(s)" in change.content.decode()
    assert quiet.pk


def test_bare_votes_are_not_open_reports(client, cast, vote, article):
    vote("no")
    vote("no")
    vote("yes")
    client.force_login(cast.editor)
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = change.content.decode()
    assert "0 open report(s)" in html
    assert "33% of 3" in html  # the votes still count toward the helpful share


def test_spam_does_not_count_toward_the_helpful_share(client, cast, article):
    add(article, True, status=S.VOTE)
    for _ in range(3):
        add(article, False, status=S.SPAM)
    client.force_login(cast.editor)
    html = client.get(LIST).content.decode()
    assert "100% of 1" in html


def test_open_reports_link_only_for_those_who_can_open_the_list(client, cast, article):
    add(article, False)
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(cast.editor)
    html = client.get(change).content.decode()
    assert "1 open report(s)" in html
    assert REPORTS not in html  # editors cannot open the reports (403)
    assert client.get(REPORTS).status_code == 403
    client.force_login(superuser())
    html = client.get(change).content.decode()
    link = f"{REPORTS}?status=open&amp;article__id__exact={article.pk}"
    assert link in html
    assert client.get(REPORTS, {"status": "open"}).status_code == 200
