"""Reader feedback reports and the record of every moderation change."""

from django.conf import settings
from django.db import models

from core.models import AppendOnlyModel
from core.refusals import Refusal


class InvalidStatusChange(Refusal):
    """Raised for a status change the moderation flow does not allow."""


PERSONAL_DATA_LABEL = "may contain personal data"
PERSONAL_DATA_HELP = (
    "An e-mail address or phone number was detected in the details the reader "
    "wrote. Do not copy it into notes or messages. It is a hint, not a check: "
    "names and addresses are not detected."
)


class FeedbackReportQuerySet(models.QuerySet):
    def open(self):
        """Return reports that still need a moderator."""
        return self.filter(status__in=FeedbackReport.OPEN_STATUSES)


class FeedbackReport(models.Model):
    class Reason(models.TextChoices):
        INACCURATE = "inaccurate", "Something is inaccurate"
        OUTDATED = "outdated", "It is out of date"
        QUESTIONABLE_SOURCE = "questionable_source", "A source looks questionable"
        UNCLEAR = "unclear", "It is hard to understand"
        BROKEN_LINK = "broken_link", "A link is broken"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        # A Yes or No with no reason or details yet: it counts toward the helpful
        # share, but there is nothing for a moderator to triage.
        VOTE = "vote", "Vote only"
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        NEEDS_REREVIEW = "needs_rereview", "Needs re-review"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"
        SPAM = "spam", "Spam"

    OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.NEEDS_REREVIEW)
    CLOSED_STATUSES = (Status.RESOLVED, Status.DISMISSED, Status.SPAM)
    # Allowed moves; a closed report can be reopened to "triaged" by a moderator.
    # A vote becomes "new" when the reader adds a reason or details
    # (services.add_details); a moderator can only mark a vote as spam.
    TRANSITIONS = {
        Status.VOTE: {Status.SPAM},
        Status.NEW: {Status.TRIAGED, Status.NEEDS_REREVIEW, *CLOSED_STATUSES},
        Status.TRIAGED: {Status.NEEDS_REREVIEW, *CLOSED_STATUSES},
        Status.NEEDS_REREVIEW: {Status.RESOLVED, Status.DISMISSED},
        Status.RESOLVED: {Status.TRIAGED},
        Status.DISMISSED: {Status.TRIAGED},
        Status.SPAM: {Status.TRIAGED},
    }

    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="feedback_reports"
    )
    revision = models.ForeignKey(
        "articles.Revision",
        on_delete=models.PROTECT,
        related_name="feedback_reports",
        help_text="The revision the reader was looking at.",
    )
    helpful = models.BooleanField()
    reason = models.CharField(max_length=30, choices=Reason.choices, blank=True)
    details = models.TextField(max_length=1250, blank=True)
    email = models.EmailField(blank=True)
    consent_to_contact = models.BooleanField(default=False)
    details_added_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(
        "internal note",
        blank=True,
        help_text="The moderators' latest note (a re-review reason, a triage note). "
        "Never sent to the reader.",
    )
    reader_message = models.TextField(
        "message to the reader",
        blank=True,
        help_text="What the moderator wrote for the reader when resolving the "
        "report; e-mailed to them if they agreed to be contacted.",
    )
    fixed_by_revision = models.ForeignKey(
        "articles.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fixed by revision",
        help_text="The newer revision of the article that fixes what the reader "
        "reported. The e-mail to the reader waits until it is live.",
    )
    reader_email_held = models.BooleanField(
        "e-mail to the reader waiting",
        default=False,
        help_text="Resolved with a fix that is not live yet: the reader is e-mailed "
        "once, when that revision goes live, and their address is then deleted.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    client_hash = models.CharField(
        max_length=64, blank=True, help_text="Salted hash of the client address."
    )
    user_agent = models.CharField(max_length=300, blank=True)
    has_personal_data = models.BooleanField(
        PERSONAL_DATA_LABEL,
        default=False,
        help_text=PERSONAL_DATA_HELP,
    )
    details_digest = models.CharField(max_length=64, blank=True, db_index=True)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "status"])]

    def __str__(self):
        verdict = "helpful" if self.helpful else "not helpful"
        return f"{self.article} ({verdict}, {self.get_status_display()})"

    def forget_contact(self):
        """Drop the reader's e-mail address and consent (the report is closed)."""
        self.email = ""
        self.consent_to_contact = False

    @property
    def can_tell_reporter(self):
        """Return whether the reader left an address they agreed to be told at."""
        return bool(self.consent_to_contact and self.email)

    def check_transition(self, new_status):
        """Raise InvalidStatusChange unless the report may move to NEW_STATUS."""
        if new_status not in self.TRANSITIONS.get(self.status, set()):
            raise InvalidStatusChange(
                f"A report that is {self.get_status_display().lower()} cannot become "
                f"{self.Status(new_status).label.lower()}."
            )


class FeedbackEvent(AppendOnlyModel):
    """Who changed a report, from what to what, and when. Append-only."""

    report = models.ForeignKey(
        FeedbackReport, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"
