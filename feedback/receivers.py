"""What feedback does when the editorial workflow moves (connected in apps.py)."""

from . import services


def send_held_messages(sender, *, revision, **kwargs):
    """When REVISION goes live, e-mail the readers whose reports it fixes."""
    services.send_held_messages(revision=revision)
