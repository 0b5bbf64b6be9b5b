"""Abstract model bases shared by the apps."""

from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an audit log."""


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that refuses bulk updates and deletes."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    """An audit-log row: created once, then never updated or deleted.

    ``save()`` refuses any save of an existing row, ``delete()`` always refuses,
    and the default manager's queryset refuses ``update()`` and ``delete()``,
    so neither an instance nor a bulk query can rewrite history.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class OutgoingMail(models.Model):
    """One e-mail to send, kept until the mail server has taken it.

    The row is written in the same transaction as the change it reports, so a
    rolled-back change sends nothing and a committed one is never without its
    e-mail. A worker sends it (``core.mail.deliver_mail``); a failure is
    recorded here and tried again later, so a mail server that is down delays
    the e-mail but never loses it.
    """

    subject = models.CharField(max_length=255)
    body = models.TextField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        help_text="When a worker next tries to send it (while unsent)."
    )
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing e-mail"
        verbose_name_plural = "outgoing e-mail"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_mail_unsent",
            )
        ]

    def __str__(self):
        return self.subject
