"""The kinds of review step, and which lists of steps a topic may have."""

from django.core.exceptions import ValidationError
from django.db import models


class StepKind(models.TextChoices):
    """A review step; its place in this list is its place in every topic."""

    FACT_CHECK = "fact_check", "Fact check"
    MEDICAL_REVIEW = "medical_review", "Medical review"
    CLINICAL_SIGNOFF = "clinical_signoff", "Senior clinical sign-off"


# How readers are told who did each step, before the name.
PUBLIC_LABELS = {
    StepKind.FACT_CHECK: "Fact checked by",
    StepKind.MEDICAL_REVIEW: "Medically reviewed by",
    StepKind.CLINICAL_SIGNOFF: "Clinical sign-off by",
}

# The promise printed on every article names these two: no topic drops them.
REQUIRED_STEPS = (StepKind.FACT_CHECK, StepKind.MEDICAL_REVIEW)
DEFAULT_STEPS = [kind.value for kind in REQUIRED_STEPS]
# Steps done by clinicians: they need a current verified registration.
CLINICAL_STEPS = frozenset({StepKind.MEDICAL_REVIEW, StepKind.CLINICAL_SIGNOFF})


def default_steps():
    return list(DEFAULT_STEPS)


def validate_review_steps(value):
    """Refuse a list of steps that is unknown, repeated, out of order or short."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("The review steps must be a list of step names.")
    unknown = [v for v in value if v not in StepKind.values]
    if unknown:
        raise ValidationError(f"Unknown review step: {', '.join(unknown)}.")
    if len(set(value)) != len(value):
        raise ValidationError("Each review step can appear only once.")
    if value != [kind for kind in StepKind.values if kind in value]:
        raise ValidationError(
            "Review steps run in this order: "
            + ", then ".join(StepKind(k).label.lower() for k in StepKind.values)
            + "."
        )
    missing = [kind.label.lower() for kind in REQUIRED_STEPS if kind not in value]
    if missing:
        raise ValidationError(
            f"Every topic needs a {' and a '.join(missing)}: the article page "
            "promises both."
        )
