"""A scheduled revision stays hidden until its time, then goes live exactly once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ReviewEvent, Revision
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    approve,
    edit,
    events_since,
    publish_article,
    submit,
    workflow_state,
)

Status = Article.Status


def page(client, article):
    return client.get(reverse("articles:detail", args=[article.slug]))


@pytest.fixture
def approved(cast):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    return approve(submit(article, cast), cast)


@pytest.fixture
def go_live():
    return timezone.now() + timedelta(days=2)


def test_scheduling_hides_the_article_until_its_time(client, cast, approved, go_live):
    article = approved.article
    before = workflow_state(article)
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    article.refresh_from_db()
    approved.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert article.live_revision is None
    assert approved.go_live_at == go_live
    assert approved.published_at is None
    [event] = events_since(article, before)
    assert (event.actor, event.action, event.revision) == (
        cast.chief,
        ReviewEvent.Action.SCHEDULED,
        approved,
    )
    assert f"{go_live:%Y-%m-%d %H:%M}" in event.comment
    assert page(client, article).status_code == 404
    assert article not in Article.objects.published()
    assert workflow.publish_scheduled(now=go_live - timedelta(seconds=1)) == 0
    assert page(client, article).status_code == 404


def test_publish_scheduled_makes_it_live_once(client, cast, approved, go_live):
    article = approved.article
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    after = go_live + timedelta(minutes=1)
    before = workflow_state(article)

    assert workflow.publish_scheduled(now=after) == 1
    article.refresh_from_db()
    approved.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.live_revision == approved
    assert article.first_published_at == after
    assert approved.published_at == after
    assert approved.published_by == cast.chief  # whoever scheduled it
    [event] = events_since(article, before)
    assert (event.actor, event.action) == (cast.chief, ReviewEvent.Action.PUBLISHED)
    response = page(client, article)
    assert response.status_code == 200
    assert "Regular walking lowers blood pressure" in response.content.decode()

    state = workflow_state(article)
    assert workflow.publish_scheduled(now=after + timedelta(hours=1)) == 0
    assert workflow_state(article) == state


def test_scheduled_update_of_a_live_article(client, cast, go_live):
    article = publish_article(cast)
    old = article.live_revision
    edit(article, cast.editor, body="Walk for ten minutes a day [@smith2020].")
    revision = approve(submit(article, cast), cast)
    workflow.publish(revision, by=cast.chief, go_live_at=go_live)
    article.refresh_from_db()
    assert article.live_revision == old
    assert article.is_published
    assert "ten minutes" not in page(client, article).content.decode()

    assert workflow.publish_scheduled(now=go_live) == 1  # due exactly at go_live
    article.refresh_from_db()
    assert article.live_revision == revision
    assert "ten minutes" in page(client, article).content.decode()


def test_superseded_scheduled_revision_is_not_published(
    client, cast, approved, go_live
):
    article = approved.article
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    edit(article, cast.editor, body="A later draft [@smith2020].")
    newer = submit(article, cast, note="Later draft.")

    assert workflow.publish_scheduled(now=go_live + timedelta(minutes=1)) == 0
    approved.refresh_from_db()
    article.refresh_from_db()
    assert approved.published_at is None
    assert article.live_revision is None
    assert article.status == Status.IN_REVIEW
    assert page(client, article).status_code == 404
    assert not ReviewEvent.objects.filter(
        article=article, action=ReviewEvent.Action.PUBLISHED
    ).exists()
    newer.refresh_from_db()
    assert newer.decision == Revision.Decision.PENDING


def test_a_newer_submission_cancels_the_older_schedule(cast, approved, go_live):
    article = approved.article
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    edit(article, cast.editor, body="A later draft [@smith2020].")
    state = workflow_state(article)
    submit(article, cast, note="Later draft.")

    approved.refresh_from_db()
    assert approved.go_live_at is None
    assert approved.decision == Revision.Decision.APPROVED  # the approval stays
    [cancelled] = [
        e for e in events_since(article, state) if e.revision_id == approved.pk
    ]
    assert cancelled.action == ReviewEvent.Action.UNSCHEDULED
    assert cancelled.comment == "Schedule cancelled: a newer revision was submitted."
    assert cancelled.actor == cast.editor


def test_go_live_time_in_the_past_publishes_now(client, cast, approved):
    workflow.publish(
        approved, by=cast.chief, go_live_at=timezone.now() - timedelta(minutes=5)
    )
    approved.refresh_from_db()
    assert approved.published_at is not None
    assert approved.go_live_at is None
    assert page(client, approved.article).status_code == 200


def test_publishing_now_overrides_the_schedule(client, cast, approved, go_live):
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    workflow.publish(approved, by=cast.chief)
    assert page(client, approved.article).status_code == 200
    assert workflow.publish_scheduled(now=go_live + timedelta(minutes=1)) == 0
    assert (
        ReviewEvent.objects.filter(
            revision=approved, action=ReviewEvent.Action.PUBLISHED
        ).count()
        == 1
    )


def test_management_command_publishes_due_revisions(
    client, cast, approved, go_live, monkeypatch
):
    workflow.publish(approved, by=cast.chief, go_live_at=go_live)
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Published 0" in out.getvalue()
    assert page(client, approved.article).status_code == 404

    later = go_live + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Published 1" in out.getvalue()
    approved.refresh_from_db()
    assert approved.published_at == later
    assert page(client, approved.article).status_code == 200

    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "Published 0" in out.getvalue()


def test_withdrawn_article_is_not_brought_back_by_its_schedule(client, cast, go_live):
    article = publish_article(cast)
    edit(article, cast.editor, body="Scheduled update [@smith2020].")
    revision = approve(submit(article, cast), cast)
    workflow.publish(revision, by=cast.chief, go_live_at=go_live)
    workflow.withdraw(article, by=cast.chief, reason="The advice is unsafe.")
    workflow.publish_scheduled(now=go_live + timedelta(minutes=1))
    assert page(client, article).status_code == 410
