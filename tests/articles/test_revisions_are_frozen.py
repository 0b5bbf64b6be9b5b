"""What readers saw and reviewers signed cannot be changed or deleted."""

import pytest
from django.db.models import ProtectedError

from articles.models import ImmutableRevisionError, ReviewEvent, Revision
from core.models import AppendOnlyError
from feedback import services
from feedback.models import FeedbackEvent, FeedbackReport
from tests.factories import publish_article


def test_revision_content_cannot_be_saved_again(cast):
    article = publish_article(cast)
    revision = article.live_revision
    revision.body_markdown = "Something the reviewer never saw."
    with pytest.raises(ImmutableRevisionError):
        revision.save()
    with pytest.raises(ImmutableRevisionError):
        revision.save(update_fields=["body_markdown"])
    revision.refresh_from_db()
    assert "never saw" not in revision.body_markdown


def test_revisions_and_events_cannot_be_deleted(cast):
    article = publish_article(cast)
    with pytest.raises(ImmutableRevisionError):
        article.live_revision.delete()
    with pytest.raises(AppendOnlyError):
        ReviewEvent.objects.filter(article=article).first().delete()
    event = ReviewEvent.objects.filter(article=article).first()
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert ReviewEvent.objects.get(pk=event.pk).comment != "rewritten"


@pytest.mark.parametrize("model", [ReviewEvent, FeedbackEvent])
def test_no_audit_log_can_be_rewritten_in_bulk_or_one_by_one(cast, model):
    """Both apps' event logs share one append-only base (core.models)."""
    article = publish_article(cast)
    report = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=False
    )
    services.set_status(report, by=cast.moderator, status="triaged", note="Seen.")
    rows = model.objects.all()
    count = rows.count()
    assert count > 0
    with pytest.raises(AppendOnlyError):
        rows.update(created_at=None)
    with pytest.raises(AppendOnlyError):
        rows.delete()
    event = rows.first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert model.objects.count() == count


def test_article_with_revisions_is_protected_from_delete(cast):
    article = publish_article(cast)
    with pytest.raises(ProtectedError):
        article.delete()
    assert Revision.objects.filter(article=article).exists()


def test_reviewer_who_signed_cannot_be_deleted(cast):
    article = publish_article(cast)
    with pytest.raises(ProtectedError):
        article.live_revision.decided_by.delete()


def test_frozen_revision_holds_html_references_and_hash(cast):
    article = publish_article(cast)
    revision = article.live_revision
    assert revision.references[0]["key"] == "smith2020"
    assert 'href="#ref-1"' in revision.body_html
    assert "doi.org/10.1136/bmj.m1234" in revision.references_html
    assert revision.hash_matches
    assert revision.content_hash == article.working_copy_hash()
