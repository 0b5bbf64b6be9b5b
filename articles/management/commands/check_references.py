from django.core.management.base import BaseCommand, CommandError

from articles.workflow.watch import ROTATION_DAYS, check_references


class Command(BaseCommand):
    help = (
        "Check the works live articles cite for retractions, withdrawals, "
        "expressions of concern and corrections: read the registries' updates "
        "since the last run, and re-check each cited work in full about every "
        f"{ROTATION_DAYS} days. A new retraction or withdrawal sends the articles "
        "citing it back for re-review. Exits non-zero if something could not be "
        "checked."
    )

    def handle(self, *args, **options):
        report = check_references()
        self.stdout.write(report.summary())
        for notice in report.new_notices:
            self.stdout.write(f"  new: {notice}")
        for slug in report.sent_back:
            self.stdout.write(f"  sent back for re-review: {slug}")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"  could not check: {problem}")
            raise CommandError(
                f"{len(report.problems)} check(s) could not be made; they are "
                "tried again on the next run."
            )
