"""manage.py import_references: add a citation-manager file's references to an
article's working copy.

The file is planned and saved by ``articles.workflow.import_references``, as
the admin's import page does: the edit is recorded and the reference rows are
written in one transaction, so either everything is saved or nothing is. This
command reads the file, prints the plan and turns refusals into messages.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.evidence.imports import ALIASES, FORMATS
from articles.models import Article
from articles.workflow import (
    EditConflict,
    ImportHasProblems,
    ReferenceRefused,
    can_edit,
    import_references,
    plan_import,
)
from articles.workflow.references import NOTHING_SAVED, REFERENCE_PERMISSIONS


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
        planned = self._plan(article, text, options["format"])
        self._refuse_problems(planned.plan, options["skip_problems"])
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {NOTHING_SAVED.lower()}")
            return
        try:
            # Planned again under the article's row lock, then saved.
            saved = import_references(
                article,
                by=editor,
                text=text,
                format=options["format"],
                skip_problems=options["skip_problems"],
                opened_version=article.version,
            )
        except EditConflict as conflict:
            raise CommandError(
                f"Someone else saved the article meanwhile. {NOTHING_SAVED} Run "
                "the import again."
            ) from conflict
        except ImportHasProblems as refusal:
            self._refuse_problems(refusal.planned.plan, skip_problems=False)
        except ReferenceRefused as refusal:
            raise CommandError(refusal.message) from refusal
        if not saved.saved:
            self.stdout.write(f"Nothing to import. {NOTHING_SAVED}")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved: {saved.added} new reference(s); {saved.filled} existing "
                "reference(s) filled in."
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
        """Return the PlannedImport of TEXT for ARTICLE, after printing it."""
        planned = plan_import(article, text, format)
        if planned.format:
            read = planned.read
            self.stdout.write(
                f"{planned.format_label}: {read} entr{'y' if read == 1 else 'ies'} "
                f"for “{article}”."
            )
        self._print_plan(planned.plan)
        return planned

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
