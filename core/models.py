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
