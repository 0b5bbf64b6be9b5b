"""Review comments: threads on a revision, for its editors and reviewers only.

A thread is anchored to a passage of the revision as readers see it (the words
quoted, which later revisions may no longer contain) or to the revision as a
whole. Its entries are an append-only log: every comment, resolution and
reopening stays in the history. Nothing here is ever shown on a public page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import AppendOnlyModel

from .article import Article
from .revision import Revision

PASSAGE_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 5000


class CommentThread(models.Model):
    """A discussion of one passage (or of the whole revision) it started on."""

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="comment_threads"
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="comment_threads",
        help_text="The revision the thread was started on.",
    )
    passage = models.TextField(
        blank=True,
        max_length=PASSAGE_MAX_LENGTH,
        help_text="The words commented on, as readers see them; empty for the "
        "revision as a whole.",
    )
    # A member of staff, or a reviewer outside the team through their link.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outside_link = models.ForeignKey(
        "OutsideReviewLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The thread's state; the entries keep who resolved and reopened it when.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "resolved_at"])]

    def __str__(self):
        about = f"“{self.passage[:40]}”" if self.passage else "the whole revision"
        return f"Comments on {about} (revision {self.revision.number})"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class Comment(AppendOnlyModel):
    """One entry of a thread: a comment, or the thread being resolved or reopened."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        RESOLVED = "resolved", "Resolved"
        REOPENED = "reopened", "Reopened"

    thread = models.ForeignKey(
        CommentThread, on_delete=models.PROTECT, related_name="entries"
    )
    # The revision on screen when the entry was written.
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set instead of the author for a reviewer outside the team.
    outside_link = models.ForeignKey(
        "OutsideReviewLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False, outside_link__isnull=True)
                | models.Q(author__isnull=True, outside_link__isnull=False),
                name="comment_has_one_author",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author_name} at {self.created_at}"

    @property
    def author_name(self):
        """Return who wrote it: a staff name, or an outside reviewer's and address."""
        if self.outside_link_id:
            link = self.outside_link
            return f"{link.name} <{link.email}> (outside reviewer)"
        return self.author.get_full_name() or self.author.get_username()
