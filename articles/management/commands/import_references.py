"""manage.py import_references: add a citation-manager file's references to an
article's working copy.

The file is read and planned by ``articles.evidence.imports``; saving does
what the admin's article form does: ``edit_working_copy`` records the edit
(bumps the version, records the editor, locks the article row until the
commit) and the reference rows are then written beside it, all in one
transaction, so either everything is saved or nothing is.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.forms.models import model_to_dict

from articles.evidence.imports import (
    ALIASES,
    FORMATS,
    merge_with_existing,
    parse_references,
)
from articles.models import Article, Reference
from articles.workflow import EditConflict, can_edit, edit_working_copy

NOTHING_SAVED = "Nothing was saved."
REFERENCE_PERMISSIONS = ("articles.add_reference", "articles.change_reference")


class Command(BaseCommand):
    help = (
        "Import references from a BibTeX, RIS, MEDLINE (.nbib) or CSL-JSON file "
        "into an article's working copy. References already there (same DOI or "
        "PMID) are not added twice: the file only fills their empty fields."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import, or - for stdin.")
        parser.add_argument("--article", required=True, help="The article's slug.")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The editor making the change (needs to be allowed to edit it).",
        )
        parser.add_argument(
            "--format",
            choices=[*FORMATS, *ALIASES],
            help="The file's format; by default it is told from the content.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the plan; save nothing."
        )
        parser.add_argument(
            "--skip-problems",
            action="store_true",
            help="Import the readable entries even if others could not be read.",
        )

    def handle(self, *args, **options):
        article = self._article(options["article"])
        editor = self._editor(options["username"], article)
        text = self._read(options["file"])
        if options["dry_run"]:
            plan = self._plan(article, text, options["format"])
            self._refuse_problems(plan, options["skip_problems"])
            self.stdout.write(f"Dry run: {NOTHING_SAVED.lower()}")
            return
        try:
            with transaction.atomic():
                # As the admin saves: the edit first (it locks the article row
                # until the commit, so the references read next stay current).
                article = edit_working_copy(article, by=editor, changes={})
                plan = self._plan(article, text, options["format"])
                self._refuse_problems(plan, options["skip_problems"])
                if not plan.changes_anything:
                    transaction.set_rollback(True)
                    self.stdout.write(f"Nothing to import. {NOTHING_SAVED}")
                    return
                self._save(article, plan)
        except EditConflict as conflict:
            raise CommandError(
                f"Someone else saved the article meanwhile. {NOTHING_SAVED} Run "
                "the import again."
            ) from conflict
        new = len(plan.new)
        filled = len({m.key for m in plan.merges if m.fields and not m.within_file})
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved: {new} new reference(s); {filled} existing reference(s) "
                "filled in."
            )
        )

    def _article(self, slug):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"There is no article with the slug “{slug}”.")
        return article

    def _editor(self, username, article):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user “{username}”.")
        verdict = can_edit(article, by=user)
        if not verdict:
            raise CommandError(f"{username} may not edit “{article}”: {verdict.reason}")
        # The admin's references inline asks the same of whoever saves it.
        if not user.has_perms(REFERENCE_PERMISSIONS):
            raise CommandError(f"{username} may not add or change references.")
        return user

    def _read(self, name):
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from error
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name} is not UTF-8 text (byte {error.start + 1}); export it "
                "again as UTF-8."
            ) from error

    def _plan(self, article, text, format):
        """Return the ImportPlan of TEXT for ARTICLE, after printing it."""
        existing = [
            model_to_dict(reference, exclude=["id", "article"])
            for reference in article.references.all()
        ]
        result = parse_references(
            text, format, existing_keys=[ref["key"] for ref in existing]
        )
        plan = merge_with_existing(result.entries, existing)
        plan.problems[:0] = result.problems
        if result.format:
            read = len(result.entries) + sum(
                p.entry is not None for p in result.problems
            )
            self.stdout.write(
                f"{result.format_label}: {read} entr{'y' if read == 1 else 'ies'} "
                f"for “{article}”."
            )
        self._print_plan(plan)
        return plan

    def _print_plan(self, plan):
        self.stdout.write(f"New references ({len(plan.new)}):")
        for entry in plan.new:
            self.stdout.write(f"  [@{entry['key']}] {entry['title']}")
        self.stdout.write(f"Merged with references already there ({len(plan.merges)}):")
        for merge in plan.merges:
            # "Lists only the first authors" goes with the authors it describes.
            filled = [name for name in merge.fields if name != "first_authors_only"]
            fills = ", ".join(filled) or "nothing new"
            self.stdout.write(f"  “{merge.title}” {merge.message}; fills: {fills}")
        self.stdout.write(f"Problems ({len(plan.problems)}):")
        for problem in plan.problems:
            self.stdout.write(f"  {problem}")

    def _refuse_problems(self, plan, skip_problems):
        if plan.problems and not skip_problems:
            raise CommandError(
                f"{len(plan.problems)} entr{'y' if len(plan.problems) == 1 else 'ies'}"
                f" could not be imported. {NOTHING_SAVED} Fix the file, or run "
                "again with --skip-problems to import the rest."
            )

    def _save(self, article, plan):
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
        raise CommandError(
            f"[@{reference.key}] “{reference.title}” was refused ({reasons}). "
            f"{NOTHING_SAVED}"
        ) from error
