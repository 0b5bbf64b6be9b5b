"""Review steps: who does each kind, what they attest, and who may be assigned.

A topic lists its steps in order (``Topic.review_steps``); a revision gets one
ReviewStep per entry at submission, each assigned to a named person. Only the
first step still pending may be decided, so no step can be skipped, and every
step approves the same frozen revision.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import FactChecker, MedicalReviewer, ReviewStep, Revision, StepKind
from ..models.steps import CLINICAL_STEPS
from .common import ATTESTATION_ITEMS, WorkflowError

# The medical reviewer's three statements (the one step Vetted first had).
MEDICAL_ATTESTATION = ATTESTATION_ITEMS
FACT_CHECK_ATTESTATION = {
    "claims_match_sources": "Every claim matches the source it cites.",
    "figures_checked": "I checked every figure, dose and date against its source.",
    "no_conflict": "I have no conflict of interest with this article.",
}
SIGNOFF_ATTESTATION = {
    "clinically_sound": "As a senior clinician, I find the text clinically sound "
    "and fit to publish.",
    "no_conflict": "I have no conflict of interest with this article.",
}


@dataclass(frozen=True)
class StepRole:
    """What one kind of step needs: the role doing it and what they attest."""

    kind: str
    permission: str
    profile_model: type
    # The reverse accessor from a user to their profile.
    profile_attr: str
    attestation: dict
    # "fact checker", "medical reviewer": in messages.
    noun: str

    @property
    def clinical(self):
        return self.kind in CLINICAL_STEPS

    def profile_of(self, user):
        return getattr(user, self.profile_attr, None) if user else None

    def profiles(self):
        return self.profile_model.objects.filter(active=True)


ROLES = {
    StepKind.FACT_CHECK: StepRole(
        kind=StepKind.FACT_CHECK,
        permission="articles.fact_check_article",
        profile_model=FactChecker,
        profile_attr="fact_checker_profile",
        attestation=FACT_CHECK_ATTESTATION,
        noun="fact checker",
    ),
    StepKind.MEDICAL_REVIEW: StepRole(
        kind=StepKind.MEDICAL_REVIEW,
        permission="articles.review_article",
        profile_model=MedicalReviewer,
        profile_attr="reviewer_profile",
        attestation=MEDICAL_ATTESTATION,
        noun="medical reviewer",
    ),
    StepKind.CLINICAL_SIGNOFF: StepRole(
        kind=StepKind.CLINICAL_SIGNOFF,
        permission="articles.review_article",
        profile_model=MedicalReviewer,
        profile_attr="reviewer_profile",
        attestation=SIGNOFF_ATTESTATION,
        noun="senior clinician",
    ),
}


def does_review_steps(user):
    """Return whether USER may do some review step (fact checker or clinician)."""
    return any(user.has_perm(step_role.permission) for step_role in ROLES.values())


def role(kind):
    return ROLES[StepKind(kind)]


def kinds_for(article):
    """Return the step kinds ARTICLE's next revision goes through, in order."""
    return [StepKind(kind) for kind in article.topic.review_steps]


def current_step(revision):
    """Return REVISION's first step still pending, or None."""
    return (
        revision.steps.filter(decision=ReviewStep.Decision.PENDING)
        .select_related("assignee")
        .order_by("position")
        .first()
    )


def registration_refusal(reviewer):
    """Return why REVIEWER may not review today ("" if they may)."""
    if reviewer.current_registration() is not None:
        return ""
    return (
        f"{reviewer.name} has no current verified registration: a chief editor "
        "must record one (body, number, status and the day it was checked on "
        "the register) before they can review."
    )


def specialty_warning(reviewer, topic):
    """Return the warning when REVIEWER's specialties miss TOPIC ("" if covered)."""
    if reviewer.covers(topic):
        return ""
    names = ", ".join(s.name for s in reviewer.specialties.all()) or "none recorded"
    return (
        f"{reviewer.name}'s specialties ({names}) do not cover the topic "
        f"{topic.name}. Choose another reviewer, or a chief editor can assign "
        "them with a reason."
    )


def check_assignee(kind, profile, *, article, excluded, taken, by, reason=""):
    """Refuse PROFILE for a step of KIND, or return the override text to record.

    EXCLUDED are the user ids who wrote or edited the text; TAKEN those already
    doing another step of the revision. A clinician needs a current verified
    registration; one outside the topic's specialties needs a chief editor's
    REASON, which is returned to be recorded ("" when none was needed).
    """
    step_role = role(kind)
    if profile is None:
        raise WorkflowError(f"Choose a {step_role.noun}.")
    if not isinstance(profile, step_role.profile_model):
        raise WorkflowError(f"{profile.name} is not a {step_role.noun}.")
    if not profile.active:
        raise WorkflowError(f"{profile.name} is not an active {step_role.noun}.")
    if profile.user_id in excluded:
        raise WorkflowError(
            f"{profile.name} wrote or edited this revision and cannot review it."
        )
    if profile.user_id in taken:
        raise WorkflowError(
            f"{profile.name} already does another step of this review: each "
            "step needs a different person."
        )
    if not step_role.clinical:
        return ""
    refusal = registration_refusal(profile)
    if refusal:
        raise WorkflowError(refusal)
    warning = specialty_warning(profile, article.topic)
    if not warning:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(warning)
    if not by.has_perm("articles.override_specialty"):
        raise PermissionDenied(
            "Only a chief editor can assign a reviewer outside their specialties."
        )
    return f"{profile.name} assigned outside their specialties: {reason}"


def attribution(kind, profile, registration=None):
    """Return who approved, as readers will be told, frozen at the decision.

    REGISTRATION is the clinician's current verified one (clinical steps).
    """
    frozen = {
        "kind": str(kind),
        "name": profile.name,
        "credentials": profile.credentials,
        "slug": profile.slug,
    }
    if role(kind).clinical:
        frozen["registration"] = registration.frozen() if registration else {}
    frozen["frozen_at"] = timezone.now().isoformat()
    return frozen


def waiting_for(user):
    """Return the ids of pending revisions whose current step is USER's.

    A step is current when no step before it is still pending: the revision
    waits for USER, not for someone earlier in the line.
    """
    earlier_open = ReviewStep.objects.filter(
        revision_id=OuterRef("revision_id"),
        position__lt=OuterRef("position"),
        decision=ReviewStep.Decision.PENDING,
    )
    return (
        ReviewStep.objects.filter(
            assignee_id=user.pk,
            decision=ReviewStep.Decision.PENDING,
            revision__decision=Revision.Decision.PENDING,
        )
        .exclude(Exists(earlier_open))
        .values("revision_id")
    )


def step_line(revision):
    """Return where REVISION's review stands, in words (for status lines)."""
    steps = list(revision.steps.select_related("assignee"))
    for step in steps:
        who = step.assignee.get_full_name() or step.assignee.get_username()
        label = step.get_kind_display().lower()
        if step.decision == ReviewStep.Decision.PENDING:
            return f"Waiting for the {label} by {who}."
        if step.decision == ReviewStep.Decision.CHANGES_REQUESTED:
            return f"Sent back to the editor from the {label} by {who}."
    return ", ".join(
        f"{s.get_kind_display()} by {s.credited_name}"
        for s in steps
        if s.decision == ReviewStep.Decision.APPROVED
    )
