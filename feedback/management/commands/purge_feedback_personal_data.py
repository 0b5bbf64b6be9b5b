from django.core.management.base import BaseCommand, CommandError

from feedback.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Strip the e-mail address, user agent and address hash from feedback "
        "reports older than DAYS days; the reports themselves are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than must be zero or more days.")
        count = purge_personal_data(older_than_days=older_than)
        self.stdout.write(f"Removed personal data from {count} report(s).")
