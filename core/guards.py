"""A guard for commands that must never run against a real site by mistake."""

from django.conf import settings
from django.core.management.base import CommandError

FORCE_HELP = "run even though DEBUG is off (only on a database you can throw away)"


def refuse_in_production(what, *, force):
    """Raise CommandError unless DEBUG is on or FORCE was given.

    WHAT says, in plain words, why the command is dangerous on a live site.
    """
    if settings.DEBUG or force:
        return
    raise CommandError(
        f"This command {what}. It runs only with DEBUG=1, or with --force on a "
        "database you can throw away."
    )
