"""Only the exact content a reviewer approved can be approved, published or shown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Revision
from articles.workflow import WorkflowError
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    approve,
    edit,
    publish_article,
    refused,
    submit,
)

TAMPERING = {
    "body_markdown": "tampered",
    "title": "Tampered title",
    "summary": "Tampered summary.",
    "references": [],
    "body_html": "<p>Stop taking your blood pressure tablets.</p>",
    "references_html": "",
}


def page(client, article):
    return client.get(reverse("articles:detail", args=[article.slug]))


def new_pending(cast):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    return submit(article, cast)


def tamper(revision, field="body_markdown"):
    """Change frozen content behind the model's back, as a raw SQL edit would."""
    Revision.objects.filter(pk=revision.pk).update(**{field: TAMPERING[field]})
    revision.refresh_from_db()
    assert not revision.hash_matches


@pytest.mark.parametrize("field", list(TAMPERING))
def test_approve_refuses_tampered_content(cast, field):
    revision = new_pending(cast)
    tamper(revision, field)
    with refused(revision.article, WorkflowError, match="does not match its hash"):
        workflow.approve(revision, by=cast.reviewer.user, attestation=ALL_ATTESTED)
    with refused(revision.article, WorkflowError, match="does not match its hash"):
        workflow.request_changes(revision, by=cast.reviewer.user, comment="Odd.")
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING


@pytest.mark.parametrize("field", list(TAMPERING))
def test_publish_refuses_tampered_content(client, cast, field):
    revision = approve(new_pending(cast), cast)
    tamper(revision, field)
    article = revision.article
    with refused(article, WorkflowError, match="no longer matches what the reviewer"):
        workflow.publish(revision, by=cast.chief)
    assert article.live_revision is None
    assert article.status == Article.Status.APPROVED
    assert page(client, article).status_code == 404


def test_publish_refuses_tampered_update_and_keeps_the_old_text(client, cast):
    article = publish_article(cast)
    live = article.live_revision
    edit(article, cast.editor, body="Walk for ten minutes a day [@smith2020].")
    revision = approve(submit(article, cast), cast)
    tamper(revision)
    with refused(article, WorkflowError, match="no longer matches"):
        workflow.publish(revision, by=cast.chief)
    assert article.live_revision == live
    html = page(client, article).content.decode()
    assert "Regular walking lowers blood pressure" in html
    assert "tampered" not in html


def test_scheduled_tampered_revision_is_not_published(client, cast):
    revision = approve(new_pending(cast), cast)
    go_live = timezone.now() + timedelta(hours=1)
    workflow.publish(revision, by=cast.chief, go_live_at=go_live)
    tamper(revision)
    assert workflow.publish_scheduled(now=go_live + timedelta(minutes=1)) == 0
    revision.refresh_from_db()
    assert revision.published_at is None
    assert page(client, revision.article).status_code == 404


def test_tampered_html_never_reaches_readers(client, cast):
    article = publish_article(cast)
    edit(article, cast.editor, body="Walk for ten minutes a day [@smith2020].")
    revision = approve(submit(article, cast), cast)
    Revision.objects.filter(pk=revision.pk).update(
        body_html="<p>Stop taking your blood pressure tablets.</p>"
    )
    with refused(article, WorkflowError, match="no longer matches"):
        workflow.publish(revision, by=cast.chief)
    html = page(client, article).content.decode()
    assert "Stop taking" not in html
    assert "Regular walking lowers blood pressure" in html


def test_hash_is_of_the_working_copy_at_submission(cast):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast)
    assert revision.content_hash == article.working_copy_hash()
    edit(article, cast.editor, summary="A different summary.")
    assert revision.content_hash != article.working_copy_hash()
    revision.refresh_from_db()
    assert revision.hash_matches  # editing the working copy never touches it


def test_approval_does_not_carry_over_to_a_later_edit(client, cast):
    article = publish_article(cast)
    approved = article.live_revision
    edit(article, cast.editor, body="Walk for ten minutes a day [@smith2020].")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    revision = submit(article, cast, note="Shorter walks.")
    article.refresh_from_db()
    assert revision.number == approved.number + 1
    assert revision.decision == Revision.Decision.PENDING
    assert revision.decided_by is None and revision.attestation == {}
    assert revision.content_hash != approved.content_hash
    assert article.status == Article.Status.IN_REVIEW
    assert article.live_revision == approved

    def shown():
        return page(client, article).content.decode()

    assert "Regular walking lowers blood pressure" in shown()
    assert "ten minutes" not in shown()
    with refused(article, WorkflowError, match="already published"):
        workflow.publish(approved, by=cast.chief)
    with refused(article, WorkflowError, match="Only an approved revision"):
        workflow.publish(revision, by=cast.chief)

    approve(revision, cast)
    assert "ten minutes" not in shown()
    workflow.publish(revision, by=cast.chief)
    assert "ten minutes" in shown()
    assert "Regular walking lowers blood pressure" not in shown()


def test_unpublished_approval_does_not_carry_over_to_a_later_edit(client, cast):
    approved = approve(new_pending(cast), cast)
    article = approved.article
    edit(article, cast.editor, body="Edited after approval [@smith2020].")
    newer = submit(article, cast, note="Edited after approval.")
    approved.refresh_from_db()
    assert approved.decision == Revision.Decision.APPROVED
    with refused(article, WorkflowError, match="newer revision exists"):
        workflow.publish(approved, by=cast.chief)
    assert newer.decision == Revision.Decision.PENDING
    assert page(client, article).status_code == 404


def test_publishing_uses_the_frozen_text_not_the_working_copy(client, cast):
    revision = approve(new_pending(cast), cast)
    article = edit(revision.article, cast.editor, body="Never reviewed [@smith2020].")
    workflow.publish(revision, by=cast.chief)
    html = page(client, article).content.decode()
    assert "Regular walking lowers blood pressure" in html
    assert "Never reviewed" not in html
