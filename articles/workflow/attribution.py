"""Correcting how a reviewer's name is shown on what they already approved.

Each approved step keeps the name and credentials it was approved under
(``ReviewStep.attribution``): editing a profile changes only later approvals.
When the name itself was wrong (a misspelling, credentials since corrected),
a chief editor carries the profile's current wording onto the current texts
the person approved, giving a reason. Each change is in the history with the
old and new wording, and the person is told.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import ReviewEvent, ReviewStep, Revision
from ..public.cache import invalidate_public_pages
from . import common
from .common import WorkflowError, _mail


def steps_to_correct(profile):
    """Return PROFILE's approved steps on current texts that show another wording."""
    steps = ReviewStep.objects.filter(
        decided_by_id=profile.user_id,
        decision=ReviewStep.Decision.APPROVED,
        revision__in=Revision.objects.current(),
    ).select_related("revision__article")
    return [step for step in steps if _shown(step) != _wanted(profile)]


def _shown(step):
    return (step.attribution.get("name", ""), step.attribution.get("credentials", ""))


def _wanted(profile):
    return (profile.name, profile.credentials)


@transaction.atomic
def correct_attribution(profile, *, by, reason):
    """Show PROFILE's current name and credentials where they approved current texts.

    PROFILE is a MedicalReviewer or FactChecker. Return the steps changed.
    """
    if not by.has_perm("articles.correct_attribution"):
        raise PermissionDenied(
            "Only a chief editor can correct the name shown on approved articles."
        )
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Say why the name shown is being corrected.")
    steps = list(
        ReviewStep.objects.select_for_update()
        .filter(pk__in=[step.pk for step in steps_to_correct(profile)])
        .select_related("revision__article")
    )
    if not steps:
        raise WorkflowError(
            f"Nothing to correct: every current article {profile.name} approved "
            f"already shows “{profile.display_name}”."
        )
    now = timezone.now()
    titles = []
    for step in steps:
        before = step.credited_name
        corrections = [
            *step.attribution.get("corrections", []),
            {
                "from": list(_shown(step)),
                "at": now.isoformat(),
                "by": by.get_username(),
                "reason": reason,
            },
        ]
        step.attribution = {
            **step.attribution,
            "name": profile.name,
            "credentials": profile.credentials,
            "corrections": corrections,
        }
        step.save(update_fields=["attribution"])
        revision = step.revision
        common._event(
            revision.article,
            revision,
            by,
            ReviewEvent.Action.ATTRIBUTION_CORRECTED,
            f"{step.get_kind_display()}: shown as “{before}”, now "
            f"“{step.credited_name}”. {reason}",
        )
        titles.append(f"- {revision.title} (revision {revision.number})")
    _mail(
        "Your name on approved articles was corrected",
        f"{by.get_full_name() or by.get_username()} corrected how your name is "
        f"shown on {len(steps)} article(s) you approved, to "
        f"“{profile.display_name}”:\n\n"
        + "\n".join(titles)
        + f"\n\nReason: {reason}\n",
        [profile.user.email],
    )
    invalidate_public_pages()
    return steps
