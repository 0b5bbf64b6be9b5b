"""Submitting a revision for review, and the reviewer's decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import integrity
from ..models import Article, ReviewEvent, Revision
from ..rendering import render_article
from . import common, watch
from .checks import can_assign, can_decide, can_submit
from .common import (
    ATTESTATION_ITEMS,
    WorkflowError,
    _admin_url,
    _cancel_schedules,
    _check_reviewer,
    _latest_number,
    _lock,
    _lock_revision,
    _mail,
    _set_article,
    chief_editor_emails,
    excluded_for_submission,
    excluded_reviewers,
)


@transaction.atomic
def submit_for_review(
    article,
    *,
    by,
    reviewer,
    change_note="",
    override_reason="",
    retraction_reason="",
):
    """Freeze the working copy as a new pending Revision and return it.

    The integrity report (originality, citations, readability) is stored on
    the revision. If too much of the text overlaps other articles, submission
    is refused unless BY may override and gives OVERRIDE_REASON, which is
    recorded. A draft citing a work known to be retracted or withdrawn
    (``watch.retracted_citations``) is refused unless BY may ``cite_retracted``
    (chief editors) and gives RETRACTION_REASON, also recorded. Earlier pending
    revisions are superseded, an earlier approved one is no longer scheduled,
    and only the new text (and the live one) stay in the originality index; the
    reviewer is e-mailed.
    """
    article = _lock(article)
    can_submit(article, by=by).enforce()
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
    retraction_reason = _check_retractions(
        references, rendered.cited_keys, by, retraction_reason
    )
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
        common._event(article, pending, by, ReviewEvent.Action.SUPERSEDED)
    # An approved revision not yet live can never go live now (only the latest
    # may be published): its schedule ends here rather than lingering.
    _cancel_schedules(
        article, by, "Schedule cancelled: a newer revision was submitted."
    )

    revision = Revision(
        article=article,
        number=_latest_number(article) + 1,
        created_by=by,
        change_note=change_note.strip(),
        title=article.title,
        summary=article.summary,
        body_markdown=article.body,
        body_html=rendered.body_html,
        references=references,
        references_html=rendered.references_html,
        cited_keys=rendered.cited_keys,
        editors=editor_ids,
        byline=article.frozen_byline(),
        reviewer=reviewer,
        integrity=report,
    )
    revision.content_hash = revision.compute_hash()
    revision.save()
    revision.credited.set(article.authors.all())
    integrity.index_revision(revision)
    integrity.forget_stale(article)  # earlier texts no longer count as current
    # Keep the editor list until publication: a resubmission still carries their text.
    _set_article(
        article, status=Article.Status.IN_REVIEW, pending_editor_ids=editor_ids
    )
    common._event(article, revision, by, ReviewEvent.Action.SUBMITTED, change_note)
    if overridden:
        common._event(
            article, revision, by, ReviewEvent.Action.OVERRIDE, override_reason
        )
    if retraction_reason:
        common._event(
            article, revision, by, ReviewEvent.Action.OVERRIDE, retraction_reason
        )
    _mail(
        f"Review requested: {revision.title}",
        f"{by.get_full_name() or by.get_username()} asked you to review revision "
        f'{revision.number} of "{revision.title}".\n\n'
        f"Change note: {revision.change_note or '(none)'}\n\n"
        f"Review it here: {_admin_url(revision)}\n",
        [reviewer.user.email],
    )
    return revision


def _check_retractions(references, cited_keys, by, reason):
    """Refuse a draft citing retracted work unless BY may, with REASON.

    Return the text recorded in the history ("" when nothing is retracted).
    """
    retracted = watch.retracted_citations(references, cited_keys)
    if not retracted:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(watch.retraction_message(retracted))
    if not by.has_perm("articles.cite_retracted"):
        raise PermissionDenied(
            "Only a chief editor can submit a draft citing retracted work."
        )
    keys = ", ".join(f"[@{key}]" for key in sorted(retracted))
    return f"Cites retracted or withdrawn work ({keys}): {reason}"


def _check_can_decide(revision, by):
    can_decide(revision, by=by).enforce()
    return by.reviewer_profile


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
    common._event(article, revision, by, ReviewEvent.Action.APPROVED, revision.comment)
    _mail(
        f"Approved: {revision.title}",
        f"{reviewer.display_name} approved revision {revision.number} of "
        f'"{revision.title}".\n\nComment: {revision.comment or "(none)"}\n\n'
        f"{_admin_url(revision)}\n",
        [revision.created_by.email],
    )
    # Chief editors publish: they hear as soon as something is ready for them.
    _mail(
        f"Ready to publish: {revision.title}",
        f"{reviewer.display_name} approved revision {revision.number} of "
        f'"{revision.title}". It can now be published or scheduled:\n\n'
        f"{_admin_url(revision)}#publish\n",
        chief_editor_emails(),
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
    integrity.forget_stale(article)  # the sent-back text is no longer current
    common._event(
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
    revision = _lock_revision(revision)
    can_assign(revision, by=by).enforce()
    _check_reviewer(reviewer, excluded_reviewers(revision))
    revision.reviewer = reviewer
    revision.save(update_fields=["reviewer"])
    common._event(
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
