from django.core.management.base import BaseCommand

from articles import workflow


class Command(BaseCommand):
    help = (
        "Publish approved revisions whose scheduled time has come. Idempotent and "
        "safe to run every minute (run_scheduler does it for you)."
    )

    def handle(self, *args, **options):
        count = workflow.publish_scheduled()
        self.stdout.write(f"Published {count} scheduled revision(s).")
