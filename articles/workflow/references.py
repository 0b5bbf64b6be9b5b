"""Importing a citation-manager file into an article's references.

``plan_import`` reads a file against the article's references and says what
saving would do, writing nothing; ``import_references`` plans again and saves,
in one transaction: ``edit_working_copy`` records the edit (version bumped,
the editor recorded, the article row locked until the commit, so the
references planned against cannot change meanwhile), then each new
``Reference`` is ``full_clean()``ed and saved after the existing ones and the
merged fields are filled in on the references the file matched. A row the
model refuses undoes everything, version bump included. The admin's import
page and ``manage.py import_references`` both save through here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.forms.models import model_to_dict

from articles.evidence.imports import (
    FORMATS,
    ImportPlan,
    merge_with_existing,
    parse_references,
)

from ..models import Reference
from .checks import Verdict, can_edit
from .common import WorkflowError
from .editing import edit_working_copy

NOTHING_SAVED = "Nothing was saved."
# The admin's references inline asks the same of whoever saves it.
REFERENCE_PERMISSIONS = ("articles.add_reference", "articles.change_reference")


@dataclass
class PlannedImport:
    """A file read against an article's references: what saving does (or did).

    ``plan`` is the ImportPlan (new entries, merges, problems, the file's own
    problems first); ``format`` the format name read ("" when none); ``read``
    the number of entries the file holds, readable or not; ``saved`` whether
    ``import_references`` wrote it.
    """

    plan: ImportPlan
    format: str = ""
    read: int = 0
    saved: bool = False

    @property
    def format_label(self):
        return FORMATS[self.format][0] if self.format else "unknown format"

    @property
    def added(self):
        """Return the number of new references (to be) saved."""
        return len(self.plan.new)

    @property
    def filled(self):
        """Return the number of existing references (to be) filled in."""
        return len({m.key for m in self.plan.merges if m.fields and not m.within_file})

    @property
    def changes_anything(self):
        return self.plan.changes_anything


class ImportHasProblems(WorkflowError):
    """Some entries could not be read, and skipping them was not asked for."""

    def __init__(self, planned):
        count = len(planned.plan.problems)
        super().__init__(
            f"{count} entr{'y' if count == 1 else 'ies'} could not be imported. "
            f"{NOTHING_SAVED}"
        )
        self.planned = planned


class ReferenceRefused(WorkflowError):
    """The model refused one of the rows; the whole import was undone."""


def can_add_references(article, *, by):
    """Return whether BY may add references to ARTICLE from a file or a look-up.

    Editing the article (``can_edit``; for a new article, adding one) and
    adding and changing references, as the admin's references inline asks.
    """
    verdict = can_edit(article, by=by)
    if verdict and not by.has_perms(REFERENCE_PERMISSIONS):
        return Verdict(
            False,
            "You do not have permission to add or change references.",
            forbidden=True,
        )
    return verdict


def plan_import(article, text, format=None):
    """Return the PlannedImport of TEXT (a citation-manager file) for ARTICLE.

    FORMAT is a format name of ``articles.evidence.imports`` or None to detect
    it. Writes nothing; ValueError only for an unknown FORMAT name.
    """
    existing = [
        model_to_dict(reference, exclude=["id", "article"])
        for reference in article.references.all()
    ]
    result = parse_references(
        text, format, existing_keys=[reference["key"] for reference in existing]
    )
    plan = merge_with_existing(result.entries, existing)
    plan.problems[:0] = result.problems
    read = len(result.entries) + sum(p.entry is not None for p in result.problems)
    return PlannedImport(plan=plan, format=result.format, read=read)


def import_references(
    article, *, by, text, format=None, skip_problems=False, opened_version=None
):
    """Add TEXT's references to ARTICLE's working copy as BY; return the import.

    The plan is made again under the article's row lock, so it is the plan of
    the references as they are. OPENED_VERSION is the article's version the
    editor planned against (default: ARTICLE's as passed in). Saves nothing,
    and returns the import with ``saved`` False, when it would change nothing.
    Raises PermissionDenied (BY may not), EditConflict (the article was saved
    meanwhile), ImportHasProblems (entries could not be read and
    SKIP_PROBLEMS is False) or ReferenceRefused (the model refused a row); each
    leaves the database as it was.
    """
    with transaction.atomic():
        can_add_references(article, by=by).enforce()
        if article.pk is None:
            raise WorkflowError("Save the article before importing references.")
        article = edit_working_copy(
            article, by=by, changes={}, opened_version=opened_version
        )
        planned = plan_import(article, text, format)
        if planned.plan.problems and not skip_problems:
            raise ImportHasProblems(planned)
        if not planned.changes_anything:
            transaction.set_rollback(True)  # not even the version bump
            return planned
        _save(article, planned.plan)
    planned.saved = True
    return planned


def _save(article, plan):
    """Write PLAN's rows for ARTICLE; a row the model refuses undoes all."""
    last = article.references.aggregate(last=Max("position"))["last"] or 0
    for offset, entry in enumerate(plan.new, start=1):
        reference = Reference(article=article, position=last + offset, **entry)
        _validate(reference)
        reference.save()
    rows = {reference.key: reference for reference in article.references.all()}
    for merge in plan.merges:
        if merge.within_file or not merge.fields:
            continue
        reference = rows[merge.key]
        for name, value in merge.fields.items():
            setattr(reference, name, value)
        _validate(reference)
        reference.save(update_fields=list(merge.fields))


def _validate(reference):
    try:
        reference.full_clean()
    except ValidationError as error:
        reasons = "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise ReferenceRefused(
            f"[@{reference.key}] “{reference.title}” was refused ({reasons}). "
            f"{NOTHING_SAVED}"
        ) from error
