"""The admin screens drive the whole review workflow through articles.workflow."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Reference, Revision
from tests.admin_forms import article_form, change_url
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    TopicFactory,
    assign_post,
    fact_check,
    publish_article,
    step_choices,
    submit,
)


def revision_url(revision):
    return reverse("admin:articles_revision_change", args=[revision.pk])


@pytest.fixture
def draft(cast):
    article = ArticleFactory(title="Salt and blood pressure")
    ReferenceFactory(article=article)
    return article


def test_editor_submits_from_the_admin_and_reviewer_gets_it_queued(client, cast, draft):
    client.force_login(cast.editor)
    page = client.get(reverse("admin:articles_article_submit", args=[draft.pk]))
    assert page.status_code == 200
    assert "What the reviewer will see" in page.content.decode()
    response = client.post(
        reverse("admin:articles_article_submit", args=[draft.pk]),
        {**step_choices(cast), "change_note": "First draft."},
    )
    assert response.status_code == 302
    revision = draft.revisions.get()
    assert revision.decision == Revision.Decision.PENDING
    assert revision.reviewer == cast.reviewer
    steps = [(s.kind, s.assignee) for s in revision.steps.order_by("position")]
    assert steps == [
        ("fact_check", cast.fact_checker.user),
        ("medical_review", cast.reviewer.user),
    ]

    # The fact check comes first: it is in the fact checker's queue only.
    queue_url = reverse("admin:articles_reviewqueueitem_changelist")
    client.force_login(cast.fact_checker.user)
    assert "Salt and blood pressure" in client.get(queue_url).content.decode()
    client.force_login(cast.reviewer.user)
    assert "Salt and blood pressure" not in client.get(queue_url).content.decode()
    fact_check(revision)
    client.force_login(cast.fact_checker.user)
    assert "Salt and blood pressure" not in client.get(queue_url).content.decode()
    client.force_login(cast.reviewer.user)
    queue = client.get(queue_url)
    assert "Salt and blood pressure" in queue.content.decode()
    client.force_login(cast.reviewer2.user)
    queue = client.get(reverse("admin:articles_reviewqueueitem_changelist"))
    assert "Salt and blood pressure" not in queue.content.decode()


def test_submit_with_unknown_key_is_refused_with_the_key_named(client, cast, draft):
    draft.body = "A claim [@ghost]."
    draft.save()
    client.force_login(cast.editor)
    response = client.post(
        reverse("admin:articles_article_submit", args=[draft.pk]),
        {**step_choices(cast), "change_note": "x"},
    )
    assert response.status_code == 200
    assert "@ghost" in response.content.decode()
    assert not draft.revisions.exists()


def test_reviewer_approves_with_attestation_on_the_review_page(client, cast, draft):
    revision = submit(draft, cast)
    client.force_login(cast.reviewer.user)
    page = client.get(revision_url(revision)).content.decode()
    assert "As readers will see it" in page
    assert "<ins>" in page  # everything is new against nothing live
    refused = client.post(
        revision_url(revision), {"action": "decide", "decision": "approve"}
    )
    assert "Confirm every statement" in refused.content.decode()
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING
    client.post(
        revision_url(revision),
        {
            "action": "decide",
            "decision": "approve",
            "sources_checked": "on",
            "no_conflict": "on",
            "safe_for_audience": "on",
            "comment": "Good.",
        },
    )
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.APPROVED
    assert revision.attestation["sources_checked"] is True


def test_request_changes_needs_a_comment(client, cast, draft):
    revision = submit(draft, cast)
    client.force_login(cast.reviewer.user)
    response = client.post(
        revision_url(revision), {"action": "decide", "decision": "request_changes"}
    )
    assert "a comment is required" in response.content.decode()
    client.post(
        revision_url(revision),
        {"action": "decide", "decision": "request_changes", "comment": "Cite NICE."},
    )
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.CHANGES_REQUESTED


def test_unassigned_reviewer_and_editor_see_no_decision_form(client, cast, draft):
    revision = submit(draft, cast)
    for user in (cast.reviewer2.user, cast.editor):
        client.force_login(user)
        page = client.get(revision_url(revision)).content.decode()
        assert "Your decision" not in page
        client.post(
            revision_url(revision),
            {
                "action": "decide",
                "decision": "approve",
                "sources_checked": "on",
                "no_conflict": "on",
                "safe_for_audience": "on",
            },
        )
        revision.refresh_from_db()
        assert revision.decision == Revision.Decision.PENDING


def test_chief_publishes_from_the_review_page(client, cast, draft):
    from tests.factories import approve

    revision = approve(submit(draft, cast), cast)
    publish_url = reverse("admin:articles_revision_publish", args=[revision.pk])
    client.force_login(cast.editor)
    assert publish_url not in client.get(revision_url(revision)).content.decode()
    assert client.get(publish_url).status_code == 403
    client.force_login(cast.chief)
    # Click 1: "Publish now..." on the review page opens the confirmation.
    assert publish_url in client.get(revision_url(revision)).content.decode()
    confirm = client.get(publish_url).content.decode()
    assert "What goes live" in confirm and "Salt and blood pressure" in confirm
    assert "this is the first publication" in confirm and "now" in confirm
    draft.refresh_from_db()
    assert draft.live_revision is None  # looking at the confirmation publishes nothing
    # A post that does not say "now" or "schedule" publishes nothing.
    client.post(publish_url)
    draft.refresh_from_db()
    assert draft.live_revision is None
    # Click 2: confirm.
    assert client.post(publish_url, {"mode": "now"}).status_code == 302
    draft.refresh_from_db()
    assert draft.live_revision == revision
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_chief_reassigns_a_pending_revision(client, cast, draft):
    revision = submit(draft, cast)
    client.force_login(cast.chief)
    client.post(revision_url(revision), assign_post("medical_review", cast.reviewer2))
    revision.refresh_from_db()
    assert revision.reviewer == cast.reviewer2


def test_reviewer_cannot_edit_article_text(client, cast, draft):
    client.force_login(cast.reviewer.user)
    response = client.post(change_url(draft), article_form(draft, body="Hacked"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.body != "Hacked"


def test_second_concurrent_save_gets_a_conflict_and_keeps_its_text(client, cast, draft):
    client.force_login(cast.editor)
    opened_by_a = article_form(draft, body="Alice's version [@smith2020].")
    opened_by_b = article_form(draft, body="Bob's careful rewrite [@smith2020].")
    first = client.post(change_url(draft), opened_by_a)
    assert first.status_code == 302
    second = client.post(change_url(draft), opened_by_b)
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else saved this article" in html
    assert "Bob&#x27;s careful rewrite" in html or "Bob's careful rewrite" in html
    draft.refresh_from_db()
    assert draft.body == "Alice's version [@smith2020]."
    assert draft.version == 2


def test_article_list_filters(client, cast):
    live = publish_article(cast, title="Live one")
    Article.objects.filter(pk=live.pk).update(next_review_due="2000-01-01")
    ArticleFactory(title="Fresh draft")
    client.force_login(cast.chief)
    url = reverse("admin:articles_article_changelist")
    overdue = client.get(url, {"review": "overdue"}).content.decode()
    assert "Live one" in overdue and "Fresh draft" not in overdue
    by_reviewer = client.get(url, {"reviewer": cast.reviewer.pk}).content.decode()
    assert "Live one" in by_reviewer and "Fresh draft" not in by_reviewer
    drafts = client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Fresh draft" in drafts and "Live one" not in drafts


def test_chief_withdraws_and_moderator_requests_rereview(client, cast):
    article = publish_article(cast)
    client.force_login(cast.moderator)
    client.post(
        reverse("admin:articles_article_rereview", args=[article.pk]),
        {"reason": "Reader reports outdated dosage."},
    )
    article.refresh_from_db()
    assert article.rereview_reason == "Reader reports outdated dosage."
    assert (
        client.post(
            reverse("admin:articles_article_withdraw", args=[article.pk]),
            {"reason": "x"},
        ).status_code
        == 403
    )
    client.force_login(cast.chief)
    client.post(
        reverse("admin:articles_article_withdraw", args=[article.pk]),
        {"reason": "Guideline replaced."},
    )
    assert client.get(article.get_absolute_url()).status_code == 410


def test_review_page_shows_a_changed_reference_word_by_word(client, cast):
    article = publish_article(cast, title="Walking and blood pressure")
    Reference.objects.filter(article=article).update(
        title="Walking and blood pressure: a cohort study"
    )
    revision = submit(article, cast, note="Replaced the trial with a cohort.")
    client.force_login(cast.reviewer.user)
    html = client.get(revision_url(revision)).content.decode()
    assert re.search(r"<del>[^<]*randomised[^<]*</del>", html)
    assert re.search(r"<ins>[^<]*cohort[^<]*</ins>", html)
    # Only the references changed: the title, summary and text show no marks.
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


def test_article_list_filters_by_topic(client, cast):
    heart = TopicFactory(name="Heart")
    ArticleFactory(title="Statins explained", topic=heart)
    ArticleFactory(title="Hay fever remedies")
    client.force_login(cast.editor)
    url = reverse("admin:articles_article_changelist")
    html = client.get(url, {"topic__id__exact": heart.pk}).content.decode()
    assert "Statins explained" in html and "Hay fever remedies" not in html


def test_review_queue_lists_the_oldest_submission_first(client, cast):
    newer = submit(ReferenceFactory(article__title="Submitted yesterday").article, cast)
    older = submit(ReferenceFactory(article__title="Submitted last week").article, cast)
    now = timezone.now()
    Revision.objects.filter(pk=newer.pk).update(created_at=now - timedelta(days=1))
    Revision.objects.filter(pk=older.pk).update(created_at=now - timedelta(days=7))
    client.force_login(cast.reviewer.user)
    html = client.get(reverse("admin:articles_reviewqueueitem_changelist")).content
    html = html.decode()
    assert html.index("Submitted last week") < html.index("Submitted yesterday")


def test_chief_schedules_from_the_review_page_and_it_goes_live_on_time(
    client, cast, draft
):
    from tests.factories import approve

    revision = approve(submit(draft, cast), cast)
    go_live = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    client.force_login(cast.chief)
    publish_url = reverse("admin:articles_revision_publish", args=[revision.pk])
    typed = go_live.strftime("%Y-%m-%d %H:%M")
    page = client.get(revision_url(revision)).content.decode()
    assert "in the site&#x27;s time zone (UTC)" in page  # named on screen
    confirm = client.get(publish_url, {"go_live_at": typed}).content.decode()
    assert f"at {typed} UTC" in confirm
    response = client.post(publish_url, {"mode": "schedule", "go_live_at": typed})
    assert response.status_code == 302
    draft.refresh_from_db()
    revision.refresh_from_db()
    assert draft.status == Article.Status.SCHEDULED
    assert revision.go_live_at == go_live
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert workflow.publish_scheduled(now=go_live - timedelta(minutes=1)) == 0
    assert workflow.publish_scheduled(now=go_live + timedelta(minutes=1)) == 1
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.live_revision == revision
    assert client.get(draft.get_absolute_url()).status_code == 200
