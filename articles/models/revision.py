"""Frozen revisions, the review audit log and the reviewer's queue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import AppendOnlyError, AppendOnlyModel

from .article import Article
from .hashing import content_hash
from .people import MedicalReviewer


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Revision.Decision.PENDING)

    def current(self):
        """Return the revisions whose text is an article's current text.

        Its live revision, and its latest revision while that waits for review
        or for publication. An older approved revision can never go live (only
        the latest may be published), so it is not current.
        """
        latest = (
            Revision.objects.filter(article_id=models.OuterRef("article_id"))
            .order_by("-number")
            .values("number")[:1]
        )
        return self.filter(
            Q(live_for__isnull=False)
            | Q(
                decision__in=[Revision.Decision.PENDING, Revision.Decision.APPROVED],
                published_at__isnull=True,
                number=models.Subquery(latest),
            )
        )


class ImmutableRevisionError(AppendOnlyError):
    """Raised when code tries to change what a reviewer signed."""


class Revision(models.Model):
    """A frozen snapshot of an article, the unit a reviewer approves.

    The content fields never change after creation; only the decision and
    publication fields are written later, once each.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SUPERSEDED = "superseded", "Superseded by a later revision"

    # Fields written after creation; everything else is frozen.
    MUTABLE_FIELDS = frozenset(
        {
            "reviewer",
            "decision",
            "decided_by",
            "decided_at",
            "comment",
            "attestation",
            "published_at",
            "published_by",
            "go_live_at",
            # The registry section of the report, filled in by a worker after
            # submission (articles/workflow/background.py); the text stays frozen.
            "integrity",
        }
    )

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    change_note = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body_markdown = models.TextField()
    body_html = models.TextField()
    references = models.JSONField(default=list)
    references_html = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    editors = models.JSONField(
        default=list,
        help_text=(
            "User ids who may not review this revision: the submitter, everyone "
            "who edited the working copy for it, and its credited authors."
        ),
    )
    cited_keys = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Keys of the references the text cites, in the order the renderer "
            "numbered them (the reference list readers see)."
        ),
    )
    byline = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "The authors as credited when the revision was frozen (id, name, "
            "credentials, slug): the public byline, which later edits cannot change."
        ),
    )
    credited = models.ManyToManyField(
        "Author",
        blank=True,
        related_name="credited_revisions",
        help_text=(
            "The author profiles in the byline, frozen with it: author pages list "
            "the articles whose live revision credits them."
        ),
    )

    reviewer = models.ForeignKey(
        MedicalReviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_revisions",
    )
    decision = models.CharField(
        max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        MedicalReviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    attestation = models.JSONField(default=dict, blank=True)
    integrity = models.JSONField(default=dict, blank=True)
    go_live_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="unique_revision_number"
            )
        ]
        indexes = [models.Index(fields=["decision", "created_at"])]

    def __str__(self):
        return f"{self.title} (revision {self.number})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise ImmutableRevisionError(
                    "A revision's content is frozen; save it with update_fields "
                    "limited to its decision and publication fields."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError("Revisions are never deleted.")

    def compute_hash(self):
        """Return the content hash of this revision's frozen fields."""
        return content_hash(
            title=self.title,
            summary=self.summary,
            body=self.body_markdown,
            references=self.references,
            body_html=self.body_html,
            references_html=self.references_html,
        )

    @property
    def hash_matches(self):
        return self.compute_hash() == self.content_hash


class ReviewEvent(AppendOnlyModel):
    """One line of the append-only audit log of the review workflow."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        SUPERSEDED = "superseded", "Superseded"
        ASSIGNED = "assigned", "Reviewer assigned"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Schedule cancelled"
        PUBLISHED = "published", "Published"
        REPUBLISHED = "republished", "Republished"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REREVIEW_REQUESTED = "rereview_requested", "Sent back for re-review"
        OVERRIDE = "override", "Override"
        STEP_APPROVED = "step_approved", "Review step approved"
        ATTRIBUTION_CORRECTED = "attribution_corrected", "Attribution corrected"
        OUTSIDE_LINK_SENT = "outside_link_sent", "Outside review link sent"
        OUTSIDE_VIEWED = "outside_viewed", "Viewed through an outside link"
        OUTSIDE_COMMENTED = "outside_commented", "Outside reviewer commented"
        OUTSIDE_LINK_REVOKED = "outside_link_revoked", "Outside review link revoked"

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="events"
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{self.get_action_display()} by {self.actor} at {when}"


class ReviewQueueItem(Revision):
    """A pending revision seen from its assigned reviewer's queue (admin only)."""

    class Meta:
        proxy = True
        verbose_name = "revision awaiting my review"
        verbose_name_plural = "My review queue"
