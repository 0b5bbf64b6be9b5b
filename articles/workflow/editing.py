"""Editing the working copy: the one way an article's text, byline and links change.

The admin, ``load_demo`` and the test factories all call ``edit_working_copy``;
forms only validate. It locks the article row, compares the version the editor
opened with the one stored (optimistic locking: a second editor's save is
refused, not silently overwritten), bumps it, records the editor (who may then
not review the next revision) and normalises the text, so a body typed in a
browser (CRLF, trailing spaces) compares equal to the same text typed anywhere
else and the reviewer's diff shows only real changes.
"""

from django.db import transaction
from django.db.models import F

from core.refusals import Refusal

from ..models import Article
from .checks import can_edit

CONFLICT_MESSAGE = (
    "Someone else saved this article while you were editing it. Nothing was "
    "saved. Your text is still in the form below: copy your changes, open the "
    "article again in a new tab to see the latest version, and apply them there."
)
NORMALISED_FIELDS = ("title", "summary", "body")
RELATED_FIELDS = ("authors", "also_read")


class EditConflict(Refusal):
    """The working copy changed after the edit was opened."""


def normalise_text(text):
    """Return TEXT with LF line endings and no trailing spaces or tabs on any line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines)


def edit_conflict(article, *, opened_version):
    """Return why an edit of ARTICLE opened at OPENED_VERSION may not be saved.

    None when it may: a new article, or an existing one still at that version.
    Side-effect free; ``edit_working_copy`` asks the same under the row lock.
    """
    if article.pk is None:
        return None
    current = Article.objects.values_list("version", flat=True).get(pk=article.pk)
    return None if opened_version == current else CONFLICT_MESSAGE


def _record_editor(pending, user):
    return pending if user.pk in pending else [*pending, user.pk]


@transaction.atomic
def edit_working_copy(article, *, by, changes, opened_version=None, references=None):
    """Save CHANGES to ARTICLE's working copy as BY and return the saved article.

    CHANGES maps working-copy fields (``Article.WORKING_COPY_FIELDS``) and the
    related ``authors`` and ``also_read`` to their new values; REFERENCES, when
    given, is a list of unsaved ``Reference`` objects that replaces the
    article's references. OPENED_VERSION is the version the editor started
    from (default: the version of ARTICLE as passed in). A new article (no
    primary key) is created at version 1. Raises PermissionDenied when BY may
    not edit articles, and EditConflict, writing nothing, when the stored
    version differs.
    """
    can_edit(article, by=by).enforce()
    unknown = set(changes) - {*Article.WORKING_COPY_FIELDS, *RELATED_FIELDS}
    if unknown:
        raise ValueError(f"Not working-copy fields: {sorted(unknown)}")
    fields = {
        name: normalise_text(value) if name in NORMALISED_FIELDS and value else value
        for name, value in changes.items()
        if name not in RELATED_FIELDS
    }
    if article.pk is None:
        for name, value in fields.items():
            setattr(article, name, value)
        article.pending_editor_ids = _record_editor(article.pending_editor_ids, by)
        article.save()
    else:
        if opened_version is None:
            opened_version = article.version
        # Locked until commit: two saves opened at the same version cannot both
        # pass, and a publish or withdraw running now waits for this one.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.version != opened_version:
            raise EditConflict(CONFLICT_MESSAGE)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.pending_editor_ids = _record_editor(locked.pending_editor_ids, by)
        locked.version = F("version") + 1
        # Only the working copy: the workflow's fields are the workflow's.
        locked.save(
            update_fields=[*fields, "version", "pending_editor_ids", "updated_at"]
        )
        locked.refresh_from_db(fields=["version"])
        _copy_row(locked, article)
    for name in RELATED_FIELDS:
        if name in changes:
            getattr(article, name).set(changes[name])
    if references is not None:
        article.references.all().delete()
        for position, reference in enumerate(references, start=1):
            reference.article = article
            reference.position = reference.position or position
            reference.save()
    return article


def _copy_row(source, target):
    """Bring TARGET's concrete fields up to date with SOURCE's (same row)."""
    for field in Article._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
