"""The steps of a revision's review, and links for reviewers outside the team."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .revision import Revision
from .steps import PUBLIC_LABELS, StepKind
from .validators import validate_single_line


class ReviewStep(models.Model):
    """One step of a revision's review (a fact check, a medical review...).

    Created with the revision, one per step of its topic, each assigned to a
    named person. Every step approves the same frozen revision: the content
    hash it approved is stored beside the attestation, and so is the
    attribution readers are shown (name, credentials and registration as they
    stood at the decision), which later profile edits do not change.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        CLOSED = "closed", "Not reached"

    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="steps"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_steps"
    )
    decision = models.CharField(
        max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    attestation = models.JSONField(default=dict, blank=True)
    approved_hash = models.CharField(
        max_length=64, blank=True, help_text="The content hash this step approved."
    )
    attribution = models.JSONField(
        default=dict,
        blank=True,
        help_text="Who approved, as readers are told: name, credentials, profile "
        "and registration as they stood at the decision.",
    )

    class Meta:
        ordering = ["revision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "position"], name="unique_step_position"
            ),
            models.UniqueConstraint(
                fields=["revision", "kind"], name="unique_step_kind"
            ),
        ]
        indexes = [models.Index(fields=["assignee", "decision"])]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.revision}"

    @property
    def public_label(self):
        """Return how readers are told who did it: "Fact checked by"..."""
        return PUBLIC_LABELS[self.kind]

    @property
    def credited_name(self):
        """Return "Name, credentials" as frozen at the approval ("" before it)."""
        name = self.attribution.get("name", "")
        credentials = self.attribution.get("credentials", "")
        return f"{name}, {credentials}" if name and credentials else name

    @property
    def profile_url(self):
        """Return the public page of whoever approved it ("" if unknown)."""
        slug = self.attribution.get("slug")
        if not slug:
            return ""
        view = "fact_checker" if self.kind == StepKind.FACT_CHECK else "reviewer"
        return reverse(f"articles:{view}", args=[slug])


def _new_key():
    return secrets.token_urlsafe(32)


def _fourteen_days():
    return timezone.now() + timedelta(days=settings.OUTSIDE_REVIEW_DAYS)


class OutsideReviewLink(models.Model):
    """A link that lets one clinician outside the team read and comment on a revision.

    The address carries the key signed with the site's secret; the link works
    until it expires or a chief editor revokes it, and it can never approve.
    """

    SALT = "articles.outside-review"

    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="outside_links"
    )
    name = models.CharField(max_length=150, validators=[validate_single_line])
    email = models.EmailField()
    key = models.CharField(max_length=64, unique=True, default=_new_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_fourteen_days)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Outside review of {self.revision} by {self.name}"

    @property
    def token(self):
        return signing.Signer(salt=self.SALT).sign(self.key)

    @classmethod
    def from_token(cls, token):
        """Return the link TOKEN names, or None if it is forged or unknown."""
        try:
            key = signing.Signer(salt=cls.SALT).unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("revision__article").filter(key=key).first()

    def is_open(self, *, now=None):
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        return "open" if self.is_open() else "expired"
