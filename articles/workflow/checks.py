"""What may happen now: one side-effect-free check beside each transition.

Each ``can_*`` function answers "may BY do this to this object in its current
state?" with a Verdict: truthy when allowed, otherwise falsy with the reason in
plain words. The transition runs the same check under its row lock
(``verdict.enforce()``), and every screen calls it to decide which buttons to
show, so a button is shown exactly when pressing it passes these rules (what
the person then types, a comment or a reason, is checked by the transition).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..models import Revision, StepKind
from .common import (
    WorkflowError,
    _latest_number,
    excluded_for_submission,
    excluded_reviewers,
    review_interval_days,
)
from .steps import ROLES, current_step, does_review_steps


@dataclass(frozen=True)
class Verdict:
    """The answer of a check: ``allowed``, or the ``reason`` why not."""

    allowed: bool
    reason: str = ""
    # A refusal by role (HTTP 403) rather than by the object's state.
    forbidden: bool = False

    def __bool__(self):
        return self.allowed

    def enforce(self):
        """Raise PermissionDenied or WorkflowError with the reason, if refused."""
        if self.allowed:
            return
        if self.forbidden:
            raise PermissionDenied(self.reason)
        raise WorkflowError(self.reason)


ALLOWED = Verdict(True)


def _refused(reason):
    return Verdict(False, reason)


def _forbidden(reason):
    return Verdict(False, reason, forbidden=True)


def _permission(user, perm):
    if user.has_perm(f"articles.{perm}"):
        return ALLOWED
    return _forbidden(f"You do not have permission to {perm.replace('_', ' ')}.")


def can_edit(article, *, by):
    """Return whether BY may change ARTICLE's working copy (or create it)."""
    return _permission(by, "change_article" if article.pk else "add_article")


def can_submit(article, *, by):
    """Return whether BY may freeze ARTICLE's working copy for review."""
    if article.pk is None:
        return _refused("Save the article before submitting it.")
    return _permission(by, "submit_article")


def can_decide(revision, *, by):
    """Return whether BY may approve REVISION or request changes to it now.

    Only the person assigned to its first step still pending may, holding that
    step's permission: no step is skipped, and nobody decides a step that is
    not theirs.
    """
    if not does_review_steps(by):
        return _forbidden("You do not have permission to review article.")
    if by.pk in excluded_reviewers(revision):
        return _forbidden("You wrote or edited this revision and cannot review it.")
    mine = [step for step in revision.steps.all() if step.assignee_id == by.pk]
    if not mine:
        return _forbidden("Only the people assigned to this review can decide on it.")
    if revision.decision != Revision.Decision.PENDING:
        return _refused(
            f"This revision is no longer pending ({revision.get_decision_display()})."
        )
    if revision.number != _latest_number(revision.article):
        return _refused("A newer revision exists; review that one instead.")
    if not revision.hash_matches:
        return _refused("The revision's content does not match its hash.")
    step = current_step(revision)
    if step.assignee_id != by.pk:
        who = step.assignee.get_full_name() or step.assignee.get_username()
        # Not theirs to decide now: by role at this moment, like any step.
        return _forbidden(
            f"The {step.get_kind_display().lower()} comes first: it is with {who}."
            if step.position < mine[-1].position
            else f"Your step is done; the {step.get_kind_display().lower()} is "
            f"with {who}."
        )
    step_role = ROLES[step.kind]
    if not by.has_perm(step_role.permission):
        return _forbidden(
            f"Only a {step_role.noun} can do the {step.get_kind_display().lower()}."
        )
    profile = step_role.profile_of(by)
    if profile is None:
        return _forbidden(f"You have no {step_role.noun} profile.")
    if not profile.active:
        return _forbidden(f"{profile.name} is no longer an active {step_role.noun}.")
    return ALLOWED


def can_assign(revision, *, by):
    """Return whether BY may give a step of REVISION to another person."""
    verdict = _permission(by, "assign_reviewer")
    if verdict and revision.decision != Revision.Decision.PENDING:
        return _refused("Only a pending revision can be reassigned.")
    return verdict


def can_publish(revision, *, by):
    """Return whether BY may make REVISION live, now or at a set time."""
    verdict = _permission(by, "publish_article")
    if not verdict:
        return verdict
    if revision.decision != Revision.Decision.APPROVED:
        return _refused("Only an approved revision can be published.")
    if revision.published_at is not None:
        return _refused("This revision is already published.")
    if not revision.hash_matches:
        return _refused(
            "The revision's content no longer matches what the reviewer approved."
        )
    if revision.number != _latest_number(revision.article):
        return _refused("A newer revision exists; it needs its own approval.")
    return ALLOWED


def can_unschedule(revision, *, by):
    """Return whether BY may cancel REVISION's scheduled publication."""
    verdict = _permission(by, "publish_article")
    if verdict and (revision.go_live_at is None or revision.published_at is not None):
        return _refused("This revision is not scheduled.")
    return verdict


def review_still_current(revision, *, now=None):
    """Return whether REVISION's approval is within its topic's review interval."""
    if revision.decided_at is None:
        return False
    days = review_interval_days(revision.article)
    return (now or timezone.now()) <= revision.decided_at + timedelta(days=days)


def can_republish(article, *, by):
    """Return whether BY may put the withdrawn ARTICLE back with its last live text.

    No new review is needed while that text's approval is within the topic's
    review interval; after that, the text must be submitted for review again.
    """
    verdict = _permission(by, "publish_article")
    if not verdict:
        return verdict
    live = article.live_revision
    if article.withdrawn_at is None or live is None:
        return _refused("Only a withdrawn article can be republished.")
    if not live.hash_matches:
        return _refused(
            "The revision's content no longer matches what the reviewer approved."
        )
    if not review_still_current(live):
        return _refused(
            f"Its review of {live.decided_at:%d %B %Y} is older than the review "
            f"interval ({review_interval_days(article)} days): submit the text "
            "for a new review instead."
        )
    return ALLOWED


def can_withdraw(article, *, by):
    """Return whether BY may take the published ARTICLE off the site."""
    verdict = _permission(by, "withdraw_article")
    if verdict and not article.is_published:
        return _refused("Only a published article can be withdrawn.")
    return verdict


def can_request_rereview(article, *, by):
    """Return whether BY (None: the system) may send ARTICLE back for review.

    The system never overwrites a person's reason: an article already flagged
    is refused to it.
    """
    verdict = ALLOWED if by is None else _permission(by, "request_rereview")
    if verdict and not article.is_published:
        return _refused("Only a published article can be sent back for review.")
    if verdict and by is None and article.rereview_requested_at is not None:
        return _refused("This article is already flagged for re-review.")
    return verdict


def reviewers_for_submission(article, *, by, kind=StepKind.MEDICAL_REVIEW):
    """Return the people BY may choose for the step KIND when submitting ARTICLE.

    Active profiles of the step's role who neither edited nor wrote it: the
    rule ``submit_for_review`` applies to the one chosen (which also checks
    registrations and specialties, and gives the reason when it refuses).
    """
    return (
        ROLES[kind].profiles().exclude(user_id__in=excluded_for_submission(article, by))
    )


def reviewers_for_assignment(revision, kind=StepKind.MEDICAL_REVIEW):
    """Return the people the step KIND of REVISION may be given to."""
    others = revision.steps.exclude(kind=kind).values_list("assignee_id", flat=True)
    return (
        ROLES[kind]
        .profiles()
        .exclude(user_id__in=excluded_reviewers(revision))
        .exclude(user_id__in=list(others))
    )


ARTICLE_ACTIONS = {
    "edit": can_edit,
    "submit": can_submit,
    "withdraw": can_withdraw,
    "republish": can_republish,
    "request_rereview": can_request_rereview,
}
REVISION_ACTIONS = {
    "decide": can_decide,
    "assign": can_assign,
    "publish": can_publish,
    "unschedule": can_unschedule,
}


def available_actions(obj, *, by):
    """Return the names of the actions BY may take on OBJ now, as a set.

    OBJ is an Article (edit, submit, withdraw, republish, request_rereview) or
    a Revision (decide, assign, publish, unschedule).
    """
    checks = REVISION_ACTIONS if isinstance(obj, Revision) else ARTICLE_ACTIONS
    return {name for name, check in checks.items() if check(obj, by=by)}
