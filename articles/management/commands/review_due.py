from django.core.management.base import BaseCommand

from articles.workflow.periodic import (
    DUE_SOON_DAYS,
    due_for_review,
    flag_overdue,
    remind_reviewers,
)


class Command(BaseCommand):
    help = (
        "List published articles whose periodic review is overdue or due within "
        f"{DUE_SOON_DAYS} days; send newly overdue ones back for re-review and "
        "remind reviewers of newly due ones (once per due date)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="Only list: flag nothing and send no e-mail.",
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
            flagged = flag_overdue(overdue)
            self.stdout.write(f"Sent {len(flagged)} article(s) back for re-review.")
            sent = remind_reviewers(due_soon)
            self.stdout.write(f"E-mailed {sent} reviewer(s) a reminder.")
