from django.core.management.base import BaseCommand

from articles.periodic_review import DUE_SOON_DAYS, due_for_review, remind_reviewers


class Command(BaseCommand):
    help = (
        "List published articles whose periodic review is overdue or due within "
        f"{DUE_SOON_DAYS} days, and e-mail their reviewers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-email", action="store_true", help="Only list; send no e-mail."
        )

    def handle(self, *args, no_email=False, **options):
        overdue, due_soon = due_for_review()
        for label, articles in (("Overdue", overdue), ("Due soon", due_soon)):
            self.stdout.write(f"{label}: {len(articles)}")
            for article in articles:
                reviewer = article.live_revision.decided_by
                self.stdout.write(
                    f"  {article.next_review_due:%Y-%m-%d}  {article.title}"
                    f"  (reviewer: {reviewer.name if reviewer else 'none'})"
                )
        if not no_email:
            sent = remind_reviewers(overdue, due_soon)
            self.stdout.write(f"E-mailed {sent} reviewer(s).")
