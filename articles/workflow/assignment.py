"""Giving a review step of a pending revision to another person."""

from django.db import transaction

from ..models import ReviewEvent, ReviewStep, StepKind
from . import common
from .checks import can_assign
from .common import WorkflowError, _admin_url, _lock_revision, _mail, excluded_reviewers
from .steps import check_assignee, current_step


@transaction.atomic
def assign_reviewer(
    revision, *, by, reviewer, kind=StepKind.MEDICAL_REVIEW, specialty_reason=""
):
    """Give the step KIND of the pending REVISION to another person (REVIEWER).

    The same rules as at submission: a different, active person who did not
    edit the text, with a current verified registration for a clinical step,
    and a chief editor's SPECIALTY_REASON outside their specialties.
    """
    revision = _lock_revision(revision)
    can_assign(revision, by=by).enforce()
    step = revision.steps.filter(kind=kind).first()
    if step is None or step.decision != ReviewStep.Decision.PENDING:
        raise WorkflowError(
            f"This revision has no {StepKind(kind).label.lower()} still to do."
        )
    taken = set(
        revision.steps.exclude(pk=step.pk).values_list("assignee_id", flat=True)
    )
    override = check_assignee(
        kind,
        reviewer,
        article=revision.article,
        excluded=excluded_reviewers(revision),
        taken=taken,
        by=by,
        reason=specialty_reason,
    )
    step.assignee = reviewer.user
    step.save(update_fields=["assignee"])
    if kind == StepKind.MEDICAL_REVIEW:
        revision.reviewer = reviewer
        revision.save(update_fields=["reviewer"])
    label = StepKind(kind).label
    common._event(
        revision.article,
        revision,
        by,
        ReviewEvent.Action.ASSIGNED,
        f"{label} assigned to {reviewer.name}.",
    )
    if override:
        common._event(
            revision.article, revision, by, ReviewEvent.Action.OVERRIDE, override
        )
    now_due = current_step(revision)
    when = (
        "It is your turn now."
        if now_due and now_due.pk == step.pk
        else "You will be asked when the steps before yours are done."
    )
    _mail(
        f"{label} requested: {revision.title}",
        f"You now do the {label.lower()} of revision {revision.number} of "
        f'"{revision.title}". {when}\n\n{_admin_url(revision)}\n',
        [reviewer.user.email],
    )
    return revision
