from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cms.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (.tar.gz) of all content, accounts, review history, "
        "feedback and uploaded images. See docs/security.md (Backup and restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="where to write it (default: var/backups/vetted-<time>.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = Path(output or settings.VAR_DIR / "backups" / f"vetted-{stamp}.tar.gz")
        manifest = create_backup(path)
        counts = manifest["counts"]
        self.stdout.write(
            f"Backup written to {path}: {counts['articles.Article']} articles, "
            f"{counts['articles.Revision']} revisions, "
            f"{counts['feedback.FeedbackReport']} feedback reports, "
            f"{counts['auth.User']} accounts, {manifest['media_files']} media files."
        )
