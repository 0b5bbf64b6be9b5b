"""The review workflow: every transition an article or revision can make.

Each function is atomic, checks who may act and in which state, writes one
ReviewEvent per change, and sends its e-mail only once the transaction has
committed. Admin buttons, management commands and the demo loader all call
these functions, so no screen can bypass a rule.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cms.mail import send_after_commit

from .models import Article, Author, ReviewEvent, Revision, content_hash
from .rendering import render_article

ATTESTATION_ITEMS = {
    "sources_checked": "I checked the cited sources and they support the text.",
    "no_conflict": "I have no conflict of interest with this article.",
    "safe_for_audience": "The advice is safe for the stated audience.",
}


class WorkflowError(Exception):
    """A transition was refused because of the article's or revision's state."""


def _require(user, perm):
    if not user.has_perm(f"articles.{perm}"):
        raise PermissionDenied(
            f"You do not have permission to {perm.replace('_', ' ')}."
        )


def _lock(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _event(article, revision, actor, action, comment=""):
    return ReviewEvent.objects.create(
        article=article, revision=revision, actor=actor, action=action, comment=comment
    )


def _set_article(article, **fields):
    """Write workflow fields of ARTICLE without touching the working copy."""
    for name, value in fields.items():
        setattr(article, name, value)
    Article.objects.filter(pk=article.pk).update(**fields)


_mail = send_after_commit


def _admin_url(revision):
    path = reverse("admin:articles_revision_change", args=[revision.pk])
    return f"{settings.SITE_URL}{path}"


def review_interval_days(article):
    """Return the periodic review interval for ARTICLE, in days."""
    return article.topic.review_interval_days or settings.REVIEW_INTERVAL_DAYS


def _author_user_ids(author_ids):
    return set(
        Author.objects.filter(pk__in=author_ids, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def excluded_for_submission(article, by):
    """Return the user ids who may not review ARTICLE's next revision, sorted.

    BY (the submitter), everyone who edited the working copy since the last
    publication, and the accounts of its credited authors.
    """
    authors = _author_user_ids(article.authors.values_list("pk", flat=True))
    return sorted({by.pk, *article.pending_editor_ids, *authors})


def excluded_reviewers(revision):
    """Return the user ids who may not review REVISION.

    Its submitter, the editors recorded at submission (credited authors
    included), and the accounts now linked to the authors in its byline, in
    case an author was given an account after submission.
    """
    byline = [credit["id"] for credit in revision.byline if credit.get("id")]
    return {revision.created_by_id, *revision.editors, *_author_user_ids(byline)}


def _check_reviewer(reviewer, editor_ids):
    if reviewer is None:
        raise WorkflowError("Choose a medical reviewer.")
    if not reviewer.active:
        raise WorkflowError(f"{reviewer.name} is not an active medical reviewer.")
    if reviewer.user_id in editor_ids:
        raise WorkflowError(
            f"{reviewer.name} wrote or edited this revision and cannot review it."
        )


@transaction.atomic
def submit_for_review(article, *, by, reviewer, change_note="", override_reason=""):
    """Freeze the working copy as a new pending Revision and return it.

    The integrity report (originality, citations, readability) is stored on
    the revision. If too much of the text overlaps other articles, submission
    is refused unless BY may override and gives OVERRIDE_REASON, which is
    recorded. Earlier pending revisions are superseded, an earlier approved one
    is no longer scheduled, and only the new text (and the live one) stay in
    the originality index; the reviewer is e-mailed.
    """
    from . import integrity

    _require(by, "submit_article")
    article = _lock(article)
    missing = [
        label
        for label, value in (
            ("title", article.title),
            ("summary", article.summary),
            ("body", article.body),
        )
        if not (value or "").strip()
    ]
    if not article.authors.exists():
        missing.append("authors")
    if missing:
        raise WorkflowError(f"Fill in before submitting: {', '.join(missing)}.")
    references = article.frozen_references()
    try:
        rendered = render_article(article.body, references)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from error
    # Credited authors count as editors: they wrote the text, whoever typed it.
    editor_ids = excluded_for_submission(article, by)
    _check_reviewer(reviewer, editor_ids)
    report = integrity.build_report(
        article.body, references=references, exclude_article_id=article.pk
    )
    override_reason = (override_reason or "").strip()
    overridden = integrity.is_blocked(report) and bool(override_reason)
    if overridden and not integrity.can_override(by):
        raise PermissionDenied(
            "Only a chief editor can override the originality check."
        )
    if integrity.is_blocked(report) and not overridden:
        raise WorkflowError(integrity.blocked_message(report))
    if overridden:
        report = integrity.record_override(report, by=by, reason=override_reason)

    for pending in article.revisions.pending():
        pending.decision = Revision.Decision.SUPERSEDED
        pending.save(update_fields=["decision"])
        _event(article, pending, by, ReviewEvent.Action.SUPERSEDED)
    # An approved revision not yet live can never go live now (only the latest
    # may be published): its schedule ends here rather than lingering.
    for scheduled in article.revisions.filter(
        published_at__isnull=True, go_live_at__isnull=False
    ):
        scheduled.go_live_at = None
        scheduled.save(update_fields=["go_live_at"])
        _event(
            article,
            scheduled,
            by,
            ReviewEvent.Action.SCHEDULED,
            "Schedule cancelled: a newer revision was submitted.",
        )

    number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision.objects.create(
        article=article,
        number=number,
        created_by=by,
        change_note=change_note.strip(),
        title=article.title,
        summary=article.summary,
        body_markdown=article.body,
        body_html=rendered.body_html,
        references=references,
        references_html=rendered.references_html,
        content_hash=content_hash(
            title=article.title,
            summary=article.summary,
            body=article.body,
            references=references,
            body_html=rendered.body_html,
            references_html=rendered.references_html,
        ),
        editors=editor_ids,
        byline=article.frozen_byline(),
        reviewer=reviewer,
        integrity=report,
    )
    revision.credited.set(article.authors.all())
    integrity.index_revision(revision)
    integrity.forget_stale(article)  # earlier texts no longer count as current
    # Keep the editor list until publication: a resubmission still carries their text.
    _set_article(
        article, status=Article.Status.IN_REVIEW, pending_editor_ids=editor_ids
    )
    _event(article, revision, by, ReviewEvent.Action.SUBMITTED, change_note)
    if overridden:
        _event(article, revision, by, ReviewEvent.Action.OVERRIDE, override_reason)
    _mail(
        f"Review requested: {revision.title}",
        f"{by.get_full_name() or by.get_username()} asked you to review revision "
        f'{revision.number} of "{revision.title}".\n\n'
        f"Change note: {revision.change_note or '(none)'}\n\n"
        f"Review it here: {_admin_url(revision)}\n",
        [reviewer.user.email],
    )
    return revision


def _check_can_decide(revision, by):
    _require(by, "review_article")
    reviewer = getattr(by, "reviewer_profile", None)
    if reviewer is None or reviewer.pk != revision.reviewer_id:
        raise PermissionDenied(
            "Only the assigned medical reviewer can decide on this revision."
        )
    if by.pk in excluded_reviewers(revision):
        raise PermissionDenied(
            "You wrote or edited this revision and cannot review it."
        )
    if not reviewer.active:
        raise PermissionDenied(f"{reviewer.name} is no longer an active reviewer.")
    if revision.decision != Revision.Decision.PENDING:
        raise WorkflowError(
            f"This revision is no longer pending ({revision.get_decision_display()})."
        )
    latest = revision.article.revisions.aggregate(n=Max("number"))["n"]
    if revision.number != latest:
        raise WorkflowError("A newer revision exists; review that one instead.")
    if not revision.hash_matches:
        raise WorkflowError("The revision's content does not match its hash.")
    return reviewer


def _lock_revision(revision):
    _lock(revision.article)
    return Revision.objects.select_related("article", "article__topic").get(
        pk=revision.pk
    )


@transaction.atomic
def approve(revision, *, by, comment="", attestation):
    """Approve REVISION as its assigned reviewer, storing the attestation."""
    revision = _lock_revision(revision)
    reviewer = _check_can_decide(revision, by)
    missing = [
        text for key, text in ATTESTATION_ITEMS.items() if not attestation.get(key)
    ]
    if missing:
        raise WorkflowError("Confirm every statement to approve: " + " ".join(missing))
    now = timezone.now()
    revision.decision = Revision.Decision.APPROVED
    revision.decided_by = reviewer
    revision.decided_at = now
    revision.comment = comment.strip()
    revision.attestation = {
        **{key: True for key in ATTESTATION_ITEMS},
        "statements": list(ATTESTATION_ITEMS.values()),
        "confirmed_at": now.isoformat(),
    }
    revision.save(
        update_fields=["decision", "decided_by", "decided_at", "comment", "attestation"]
    )
    article = revision.article
    _set_article(article, status=Article.Status.APPROVED)
    _event(article, revision, by, ReviewEvent.Action.APPROVED, revision.comment)
    _mail(
        f"Approved: {revision.title}",
        f"{reviewer.display_name} approved revision {revision.number} of "
        f'"{revision.title}".\n\nComment: {revision.comment or "(none)"}\n\n'
        f"{_admin_url(revision)}\n",
        [revision.created_by.email],
    )
    return revision


@transaction.atomic
def request_changes(revision, *, by, comment):
    """Send REVISION back to its editor with the reviewer's required comment."""
    revision = _lock_revision(revision)
    reviewer = _check_can_decide(revision, by)
    if not (comment or "").strip():
        raise WorkflowError("Say what needs to change: a comment is required.")
    revision.decision = Revision.Decision.CHANGES_REQUESTED
    revision.decided_by = reviewer
    revision.decided_at = timezone.now()
    revision.comment = comment.strip()
    revision.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    article = revision.article
    _set_article(article, status=Article.Status.CHANGES_REQUESTED)
    _forget_stale(article)
    _event(
        article, revision, by, ReviewEvent.Action.CHANGES_REQUESTED, revision.comment
    )
    _mail(
        f"Changes requested: {revision.title}",
        f"{reviewer.display_name} asked for changes to revision {revision.number} of "
        f'"{revision.title}":\n\n{revision.comment}\n\n{_admin_url(revision)}\n',
        [revision.created_by.email],
    )
    return revision


@transaction.atomic
def assign_reviewer(revision, *, by, reviewer):
    """Give the pending REVISION to another medical reviewer."""
    _require(by, "assign_reviewer")
    revision = _lock_revision(revision)
    if revision.decision != Revision.Decision.PENDING:
        raise WorkflowError("Only a pending revision can be reassigned.")
    _check_reviewer(reviewer, excluded_reviewers(revision))
    revision.reviewer = reviewer
    revision.save(update_fields=["reviewer"])
    _event(
        revision.article,
        revision,
        by,
        ReviewEvent.Action.ASSIGNED,
        f"Assigned to {reviewer.name}.",
    )
    _mail(
        f"Review requested: {revision.title}",
        f"You are now the reviewer of revision {revision.number} of "
        f'"{revision.title}".\n\n{_admin_url(revision)}\n',
        [reviewer.user.email],
    )
    return revision


def _forget_stale(article):
    """Drop the originality fingerprints of ARTICLE's texts that are not current."""
    from .integrity import forget_stale

    forget_stale(article)


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
    _event(article, revision, by, ReviewEvent.Action.PUBLISHED)
    _forget_stale(article)  # the text it replaced is no longer current
    article_changed(article)


def article_changed(article):
    """Make cached public pages stale, now and again once the change commits.

    The second purge matters: a reader's request between the first purge and
    the commit would otherwise cache the old page under the new generation.
    """
    from .cache import purge_public_pages

    purge_public_pages()
    transaction.on_commit(purge_public_pages)


@transaction.atomic
def publish(revision, *, by, go_live_at=None):
    """Make the approved REVISION live now, or schedule it for GO_LIVE_AT."""
    _require(by, "publish_article")
    revision = _lock_revision(revision)
    if revision.decision != Revision.Decision.APPROVED:
        raise WorkflowError("Only an approved revision can be published.")
    if revision.published_at is not None:
        raise WorkflowError("This revision is already published.")
    if not revision.hash_matches:
        raise WorkflowError(
            "The revision's content no longer matches what the reviewer approved."
        )
    latest = revision.article.revisions.aggregate(n=Max("number"))["n"]
    if revision.number != latest:
        raise WorkflowError("A newer revision exists; it needs its own approval.")
    now = timezone.now()
    if go_live_at is not None and go_live_at > now:
        revision.go_live_at = go_live_at
        revision.save(update_fields=["go_live_at"])
        _set_article(revision.article, status=Article.Status.SCHEDULED)
        _event(
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

    Safe to run from cron every minute and concurrently: each revision is
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
            latest = revision.article.revisions.aggregate(n=Max("number"))["n"]
            if revision.number != latest:
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
def withdraw(article, *, by, reason):
    """Take ARTICLE off the public site (its URL answers 410); delete nothing."""
    _require(by, "withdraw_article")
    article = _lock(article)
    if not article.is_published:
        raise WorkflowError("Only a published article can be withdrawn.")
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for withdrawing the article.")
    _set_article(article, status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now())
    # A scheduled update must not bring the article back by itself.
    for scheduled in article.revisions.filter(
        published_at__isnull=True, go_live_at__isnull=False
    ):
        scheduled.go_live_at = None
        scheduled.save(update_fields=["go_live_at"])
        _event(
            article, scheduled, by, ReviewEvent.Action.SCHEDULED, "Schedule cancelled."
        )
    _event(
        article, article.live_revision, by, ReviewEvent.Action.WITHDRAWN, reason.strip()
    )
    article_changed(article)
    return article


@transaction.atomic
def request_rereview(article, *, by, reason):
    """Flag the published ARTICLE for a new review; editor and reviewer are told.

    The approved text stays live until a new revision is approved and published.
    BY None is the system itself (periodic review, articles/periodic_review.py):
    no permission applies, the event has no actor, and an article already
    flagged is refused, so the system never overwrites a person's reason.
    """
    if by is not None:
        _require(by, "request_rereview")
    article = _lock(article)
    if not article.is_published:
        raise WorkflowError("Only a published article can be sent back for review.")
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for the re-review.")
    if by is None and article.rereview_requested_at is not None:
        raise WorkflowError("This article is already flagged for re-review.")
    _set_article(
        article, rereview_requested_at=timezone.now(), rereview_reason=reason.strip()
    )
    live = article.live_revision
    _event(article, live, by, ReviewEvent.Action.REREVIEW_REQUESTED, reason.strip())
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


def record_edit(article, user):
    """Remember that USER changed the working copy (they may not review it)."""
    if user.pk not in article.pending_editor_ids:
        article.pending_editor_ids = [*article.pending_editor_ids, user.pk]


__all__ = [
    "ATTESTATION_ITEMS",
    "WorkflowError",
    "approve",
    "assign_reviewer",
    "publish",
    "publish_scheduled",
    "record_edit",
    "request_changes",
    "request_rereview",
    "submit_for_review",
    "withdraw",
]
