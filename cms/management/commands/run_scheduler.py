import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms import scheduler


def seconds_to_next_boundary(interval, now=None):
    """Return the seconds from NOW (epoch seconds) to the next multiple of INTERVAL."""
    now = time.time() if now is None else now
    return interval - now % interval


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs: due publications every minute, the periodic review "
        "and the feedback personal-data purge once a day (docs/operations.md). "
        "Runs until stopped with SIGTERM or Ctrl-C; --once runs one tick (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run one tick and exit (for cron)."
        )
        parser.add_argument(
            "--now",
            metavar="ISO",
            help="With --once: run the tick as if it were this time (for tests).",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            metavar="SECONDS",
            help="Seconds between ticks, on their boundaries (default 60).",
        )

    def handle(self, *args, once=False, now=None, interval=60, **options):
        if now is not None and not once:
            raise CommandError("--now only makes sense with --once.")
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        if once:
            self.run_tick(_parse_time(now) if now else None)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # Only set the flag: a tick under way finishes before the loop ends.
            signal.signal(signum, lambda *_: stop.set())
        self.write(
            f"Scheduler started: jobs every {interval} s, daily jobs from "
            f"{scheduler.daily_hour():02d}:00 ({timezone.get_current_timezone_name()})."
        )
        while not stop.is_set():
            # As around a request: a connection the database dropped (or one
            # past CONN_MAX_AGE) is replaced instead of failing the tick.
            close_old_connections()
            self.run_tick(None)
            close_old_connections()
            stop.wait(seconds_to_next_boundary(interval))
        self.write("Scheduler stopped.")

    def run_tick(self, now):
        outcomes = scheduler.tick(now=now)
        stamp = f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S}"
        for outcome in outcomes:
            self.write(f"{stamp} {outcome}", error=outcome.failed)

    def write(self, line, error=False):
        stream = self.stderr if error else self.stdout
        stream.write(line)
        stream.flush()  # a pipe (systemd, make run) would otherwise hold it back


def _parse_time(text):
    value = parse_datetime(text)
    if value is None:
        raise CommandError(f"--now: {text!r} is not an ISO date and time.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
