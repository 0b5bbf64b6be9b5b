"""Publishing (now or scheduled), withdrawing, and sending back for re-review."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .. import integrity
from ..models import Article, ReviewEvent, Revision
from ..public.cache import invalidate_public_pages
from . import common
from .checks import (
    can_publish,
    can_republish,
    can_request_rereview,
    can_unschedule,
    can_withdraw,
)
from .common import (
    WorkflowError,
    _cancel_schedules,
    _latest_number,
    _lock,
    _lock_revision,
    _mail,
    _set_article,
    review_interval_days,
)
from .signals import revision_published


def _make_live(revision, by, now):
    article = revision.article
    revision.published_at = now
    revision.published_by = by
    revision.save(update_fields=["published_at", "published_by"])
    _set_article(
        article,
        live_revision=revision,
        status=Article.Status.PUBLISHED,
        withdrawn_at=None,
        pending_editor_ids=[],
        first_published_at=article.first_published_at or now,
        last_published_at=now,
        next_review_due=(now + timedelta(days=review_interval_days(article))).date(),
        rereview_requested_at=None,
        rereview_reason="",
    )
    common._event(article, revision, by, ReviewEvent.Action.PUBLISHED)
    integrity.forget_stale(article)  # the text it replaced is no longer current
    invalidate_public_pages()
    # Inside the transaction, under the article's lock: what receivers write
    # (feedback marks its held reader e-mails sent) commits with the publication
    # or not at all, and their e-mails still leave only on commit.
    revision_published.send(sender=Revision, revision=revision)


@transaction.atomic
def publish(revision, *, by, go_live_at=None):
    """Make the approved REVISION live now, or schedule it for GO_LIVE_AT."""
    revision = _lock_revision(revision)
    can_publish(revision, by=by).enforce()
    now = timezone.now()
    if go_live_at is not None and go_live_at > now:
        revision.go_live_at = go_live_at
        revision.save(update_fields=["go_live_at"])
        _set_article(revision.article, status=Article.Status.SCHEDULED)
        common._event(
            revision.article,
            revision,
            by,
            ReviewEvent.Action.SCHEDULED,
            f"Goes live at {go_live_at:%Y-%m-%d %H:%M %Z}.",
        )
        return revision
    _make_live(revision, by, now)
    return revision


def publish_scheduled(*, now=None):
    """Make live every scheduled revision whose time has come; return how many.

    Safe to run every minute (the scheduler does) and concurrently: each revision is
    locked and re-checked, and one already published is skipped.
    """
    now = now or timezone.now()
    count = 0
    due = Revision.objects.filter(
        decision=Revision.Decision.APPROVED,
        published_at__isnull=True,
        go_live_at__lte=now,
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            article_id = Revision.objects.values_list("article_id", flat=True).get(
                pk=pk
            )
            Article.objects.select_for_update().filter(pk=article_id).first()
            revision = Revision.objects.select_related("article__topic").get(pk=pk)
            if revision.go_live_at is None or revision.go_live_at > now:
                continue  # cancelled or moved since the list was read
            if revision.published_at is not None or not revision.hash_matches:
                continue
            if revision.number != _latest_number(revision.article):
                continue
            scheduler = (
                revision.events.filter(action=ReviewEvent.Action.SCHEDULED)
                .values_list("actor", flat=True)
                .first()
            )
            by = type(revision.created_by).objects.filter(pk=scheduler).first()
            _make_live(revision, by, now)
            count += 1
    return count


@transaction.atomic
def unschedule(revision, *, by):
    """Cancel REVISION's scheduled publication; it stays approved, ready to publish."""
    revision = _lock_revision(revision)
    can_unschedule(revision, by=by).enforce()
    planned = revision.go_live_at
    revision.go_live_at = None
    revision.save(update_fields=["go_live_at"])
    _set_article(revision.article, status=Article.Status.APPROVED)
    common._event(
        revision.article,
        revision,
        by,
        ReviewEvent.Action.UNSCHEDULED,
        f"Was to go live at {planned:%Y-%m-%d %H:%M %Z}.",
    )
    return revision


@transaction.atomic
def republish(article, *, by):
    """Put the withdrawn ARTICLE back online with the revision it had live.

    Allowed while that revision's approval is within the review interval
    (``can_republish``); recorded in the history like any publication.
    """
    article = _lock(article)
    can_republish(article, by=by).enforce()
    _set_article(article, status=Article.Status.PUBLISHED, withdrawn_at=None)
    common._event(
        article,
        article.live_revision,
        by,
        ReviewEvent.Action.REPUBLISHED,
        "Back online with the text it had when it was withdrawn.",
    )
    invalidate_public_pages()
    return article


@transaction.atomic
def withdraw(article, *, by, reason):
    """Take ARTICLE off the public site (its URL answers 410); delete nothing."""
    article = _lock(article)
    can_withdraw(article, by=by).enforce()
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for withdrawing the article.")
    _set_article(article, status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now())
    # A scheduled update must not bring the article back by itself.
    _cancel_schedules(article, by, "Schedule cancelled.")
    common._event(
        article, article.live_revision, by, ReviewEvent.Action.WITHDRAWN, reason.strip()
    )
    invalidate_public_pages()
    return article


@transaction.atomic
def request_rereview(article, *, by, reason):
    """Flag the published ARTICLE for a new review; editor and reviewer are told.

    The approved text stays live until a new revision is approved and published.
    BY None is the system itself (periodic review, articles/workflow/periodic.py):
    no permission applies, the event has no actor, and an article already
    flagged is refused, so the system never overwrites a person's reason.
    """
    article = _lock(article)
    can_request_rereview(article, by=by).enforce()
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for the re-review.")
    _set_article(
        article, rereview_requested_at=timezone.now(), rereview_reason=reason.strip()
    )
    live = article.live_revision
    common._event(
        article, live, by, ReviewEvent.Action.REREVIEW_REQUESTED, reason.strip()
    )
    _mail(
        f"Re-review requested: {article.title}",
        f'"{article.title}" was sent back for medical review.\n\nReason: '
        f"{reason.strip()}\n\n{settings.SITE_URL}"
        f"{reverse('admin:articles_article_change', args=[article.pk])}\n",
        [live.created_by.email, _active_reviewer_email(live.decided_by)],
    )
    return article


def _active_reviewer_email(reviewer):
    """Return REVIEWER's address, or "" if there is none or they no longer review."""
    return reviewer.user.email if reviewer and reviewer.active else ""
