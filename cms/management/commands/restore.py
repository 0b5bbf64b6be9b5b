from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a new, migrated, empty "
        "database. Refuses a database that already holds content."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file written by backup")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: "
            f"{counts['articles.Article']} articles, "
            f"{counts['articles.Revision']} revisions, "
            f"{counts['feedback.FeedbackReport']} feedback reports, "
            f"{counts['auth.User']} accounts, {manifest['media_files']} media files."
        )
