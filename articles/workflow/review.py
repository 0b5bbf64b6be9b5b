"""Submitting a revision for review, and the reviewer's decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import integrity
from ..models import Article, ReviewEvent, ReviewStep, Revision, StepKind
from ..rendering import render_article
from . import background, common, watch
from .checks import can_decide, can_submit
from .common import (
    WorkflowError,
    _admin_url,
    _cancel_schedules,
    _latest_number,
    _lock,
    _lock_revision,
    _mail,
    _set_article,
    chief_editor_emails,
    excluded_for_submission,
)
from .steps import (
    attribution,
    check_assignee,
    current_step,
    kinds_for,
    registration_refusal,
    role,
)


@transaction.atomic
def submit_for_review(
    article,
    *,
    by,
    assignees,
    change_note="",
    override_reason="",
    retraction_reason="",
    specialty_reason="",
):
    """Freeze the working copy as a new pending Revision and return it.

    ASSIGNEES maps each review step of the article's topic (``StepKind``) to
    the profile who does it: a FactChecker for the fact check, MedicalReviewers
    for the clinical steps. Each must be a different active person who did not
    write or edit the text; a clinician needs a current verified registration,
    and one outside the topic's specialties needs SPECIALTY_REASON from a
    chief editor (recorded).

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
    chosen, assignment_overrides = _check_assignees(
        article, assignees, editor_ids, by, specialty_reason
    )
    # The registries are asked by a worker once this commits (background.py):
    # a slow registry never holds the article's row lock or the editor's click.
    report = background.registry_section_pending(
        integrity.build_report(
            article.body,
            references=references,
            exclude_article_id=article.pk,
            registries=False,
        )
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
        _close_open_steps(pending)
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
        reviewer=chosen.get(StepKind.MEDICAL_REVIEW),
        integrity=report,
    )
    revision.content_hash = revision.compute_hash()
    revision.save()
    ReviewStep.objects.bulk_create(
        ReviewStep(revision=revision, position=n, kind=kind, assignee=profile.user)
        for n, (kind, profile) in enumerate(chosen.items())
    )
    revision.credited.set(article.authors.all())
    integrity.index_revision(revision)
    integrity.forget_stale(article)  # earlier texts no longer count as current
    background.queue_registry_check(revision)
    # Keep the editor list until publication: a resubmission still carries their text.
    _set_article(
        article, status=Article.Status.IN_REVIEW, pending_editor_ids=editor_ids
    )
    common._event(article, revision, by, ReviewEvent.Action.SUBMITTED, change_note)
    if overridden:
        common._event(
            article, revision, by, ReviewEvent.Action.OVERRIDE, override_reason
        )
    for reason in [retraction_reason, *assignment_overrides]:
        if reason:
            common._event(article, revision, by, ReviewEvent.Action.OVERRIDE, reason)
    _tell_assignee(current_step(revision), by=by)
    return revision


def _check_assignees(article, assignees, editor_ids, by, specialty_reason):
    """Return {kind: profile} for ARTICLE's steps in order, and overrides to record."""
    chosen, overrides, taken = {}, [], set()
    for kind in kinds_for(article):
        profile = (assignees or {}).get(kind)
        overrides.append(
            check_assignee(
                kind,
                profile,
                article=article,
                excluded=editor_ids,
                taken=taken,
                by=by,
                reason=specialty_reason,
            )
        )
        chosen[kind] = profile
        taken.add(profile.user_id)
    return chosen, [text for text in overrides if text]


def _close_open_steps(revision):
    revision.steps.filter(decision=ReviewStep.Decision.PENDING).update(
        decision=ReviewStep.Decision.CLOSED
    )


def _tell_assignee(step, *, by):
    """E-mail the person whose turn STEP is."""
    revision = step.revision
    what = role(step.kind).kind.label.lower()
    who = by.get_full_name() or by.get_username()
    _mail(
        f"{role(step.kind).kind.label} requested: {revision.title}",
        f"{who} asked you for the {what} of revision {revision.number} of "
        f'"{revision.title}".\n\n'
        f"Change note: {revision.change_note or '(none)'}\n\n"
        f"Review it here: {_admin_url(revision)}\n",
        [step.assignee.email],
    )


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
    return current_step(revision)


@transaction.atomic
def approve(revision, *, by, comment="", attestation):
    """Approve the step of REVISION that BY is doing now, storing the attestation.

    The step records what BY attested, the content hash approved and the
    attribution readers will see. When it was the last step, the revision is
    approved and chief editors are told it can be published; otherwise the
    next step's person is asked.
    """
    revision = _lock_revision(revision)
    step = _check_can_decide(revision, by)
    step_role = role(step.kind)
    missing = [
        text for key, text in step_role.attestation.items() if not attestation.get(key)
    ]
    if missing:
        raise WorkflowError("Confirm every statement to approve: " + " ".join(missing))
    profile = step_role.profile_of(by)
    registration = profile.current_registration() if step_role.clinical else None
    if step_role.clinical and registration is None:
        raise WorkflowError(registration_refusal(profile))
    now = timezone.now()
    step.decision = ReviewStep.Decision.APPROVED
    step.decided_by, step.decided_at = by, now
    step.comment = comment.strip()
    step.attestation = {
        **{key: True for key in step_role.attestation},
        "statements": list(step_role.attestation.values()),
        "confirmed_at": now.isoformat(),
    }
    step.approved_hash = revision.content_hash
    step.attribution = attribution(step.kind, profile, registration)
    step.save()
    article = revision.article
    following = current_step(revision)
    if following is not None:
        common._event(
            article,
            revision,
            by,
            ReviewEvent.Action.STEP_APPROVED,
            f"{step_role.kind.label} approved by {profile.name}"
            + (f": {step.comment}" if step.comment else "."),
        )
        _tell_assignee(following, by=by)
        return revision
    medical = revision.steps.select_related("decided_by__reviewer_profile").get(
        kind=StepKind.MEDICAL_REVIEW
    )
    revision.decision = Revision.Decision.APPROVED
    revision.decided_by = medical.decided_by.reviewer_profile
    revision.decided_at = now
    revision.comment = medical.comment
    revision.attestation = medical.attestation
    revision.save(
        update_fields=["decision", "decided_by", "decided_at", "comment", "attestation"]
    )
    _set_article(article, status=Article.Status.APPROVED)
    common._event(article, revision, by, ReviewEvent.Action.APPROVED, step.comment)
    _mail(
        f"Approved: {revision.title}",
        f"{profile.display_name} approved revision {revision.number} of "
        f'"{revision.title}".\n\nComment: {step.comment or "(none)"}\n\n'
        f"{_admin_url(revision)}\n",
        [revision.created_by.email],
    )
    # Chief editors publish: they hear as soon as something is ready for them.
    _mail(
        f"Ready to publish: {revision.title}",
        f"{profile.display_name} approved revision {revision.number} of "
        f'"{revision.title}". It can now be published or scheduled:\n\n'
        f"{_admin_url(revision)}#publish\n",
        chief_editor_emails(),
    )
    return revision


@transaction.atomic
def request_changes(revision, *, by, comment):
    """Send REVISION back to its editor from the step BY is doing, with a comment.

    The steps after it are closed: the next revision starts again at the first.
    """
    revision = _lock_revision(revision)
    step = _check_can_decide(revision, by)
    if not (comment or "").strip():
        raise WorkflowError("Say what needs to change: a comment is required.")
    now = timezone.now()
    step.decision = ReviewStep.Decision.CHANGES_REQUESTED
    step.decided_by, step.decided_at = by, now
    step.comment = comment.strip()
    step.save()
    _close_open_steps(revision)
    revision.decision = Revision.Decision.CHANGES_REQUESTED
    revision.decided_by = getattr(by, "reviewer_profile", None)
    revision.decided_at = now
    revision.comment = step.comment
    revision.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    article = revision.article
    _set_article(article, status=Article.Status.CHANGES_REQUESTED)
    integrity.forget_stale(article)  # the sent-back text is no longer current
    label = role(step.kind).kind.label
    common._event(
        article, revision, by, ReviewEvent.Action.CHANGES_REQUESTED, revision.comment
    )
    who = role(step.kind).profile_of(by)
    _mail(
        f"Changes requested: {revision.title}",
        f"{who.display_name} ({label.lower()}) asked for changes to revision "
        f'{revision.number} of "{revision.title}":\n\n{revision.comment}\n\n'
        f"{_admin_url(revision)}\n",
        [revision.created_by.email],
    )
    return revision
