"""The scheduler publishes due revisions once and runs each daily job once a day.

In-process tests call ``cms.scheduler.tick`` with a chosen time; the others run
``manage.py run_scheduler`` as separate processes against the test database,
as ``make run``, systemd or cron would.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from articles import workflow
from articles.models import Article, ReviewEvent, Revision
from cms import scheduler
from cms.models import JobRun
from tests.factories import approved
from tests.processes import ROOT, database_url

PUBLISHED = ReviewEvent.Action.PUBLISHED


def local(*args):
    """Return an aware datetime in the site's time zone."""
    return timezone.make_aware(datetime(*args))


def schedule(cast, seconds_ahead):
    """Return an approved revision scheduled to go live SECONDS_AHEAD from now."""
    revision = approved(cast)
    go_live = timezone.now() + timedelta(seconds=seconds_ahead)
    workflow.publish(revision, by=cast.chief, go_live_at=go_live)
    revision.refresh_from_db()
    return revision


def published_events(revision):
    return ReviewEvent.objects.filter(revision=revision, action=PUBLISHED).count()


def summaries(outcomes):
    """What the jobs did, without the mail sweep (tests/core/test_outgoing_mail.py)."""
    return [str(outcome) for outcome in outcomes if outcome.job != "queue_due_mail"]


class Counting:
    """A job that counts its runs."""

    def __init__(self):
        self.runs = []

    def __call__(self, now):
        self.runs.append(now)
        return f"run {len(self.runs)}"


def broken(now):
    raise RuntimeError("mail server down")


@pytest.fixture
def no_daily_jobs(monkeypatch):
    monkeypatch.setattr(scheduler, "DAILY", ())


@pytest.fixture
def no_minute_jobs(monkeypatch):
    monkeypatch.setattr(scheduler, "EVERY_MINUTE", ())


@pytest.fixture
def counted(monkeypatch):
    """Replace the daily jobs with one job that counts its runs."""
    job = Counting()
    monkeypatch.setattr(scheduler, "DAILY", (scheduler.Job("counted", job),))
    return job


# Every minute: publish_scheduled ---------------------------------------------


@pytest.mark.django_db
def test_a_due_revision_is_published_by_one_tick_and_not_by_the_next(
    cast, no_daily_jobs
):
    revision = schedule(cast, seconds_ahead=120)
    go_live = revision.go_live_at

    assert summaries(scheduler.tick(now=go_live - timedelta(seconds=1))) == [
        "published 0 scheduled revisions"
    ]
    assert summaries(scheduler.tick(now=go_live + timedelta(seconds=30))) == [
        "published 1 scheduled revision"
    ]
    assert summaries(scheduler.tick(now=go_live + timedelta(seconds=90))) == [
        "published 0 scheduled revisions"
    ]
    revision.refresh_from_db()
    article = revision.article
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.live_revision == revision
    # Within a minute of its time: the first tick after it.
    assert revision.published_at == go_live + timedelta(seconds=30)
    assert published_events(revision) == 1


@pytest.mark.django_db
def test_a_revision_scheduled_later_is_not_published(cast, no_daily_jobs):
    revision = schedule(cast, seconds_ahead=120)

    assert summaries(scheduler.tick()) == ["published 0 scheduled revisions"]
    revision.refresh_from_db()
    revision.article.refresh_from_db()
    assert revision.published_at is None
    assert revision.article.status == Article.Status.SCHEDULED
    assert revision.article.live_revision is None
    assert published_events(revision) == 0


# Once a day: claimed in the database -------------------------------------------


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3)
def test_a_daily_job_runs_once_a_day_from_its_hour(counted, no_minute_jobs):
    assert scheduler.tick(now=local(2026, 3, 10, 2, 59)) == []
    assert counted.runs == []

    [outcome] = scheduler.tick(now=local(2026, 3, 10, 3, 0))
    assert str(outcome) == "run 1"
    # A second scheduler, or the same one an hour later, finds it claimed.
    assert scheduler.tick(now=local(2026, 3, 10, 3, 0, 30)) == []
    assert scheduler.tick(now=local(2026, 3, 10, 23, 59)) == []
    assert len(counted.runs) == 1

    [outcome] = scheduler.tick(now=local(2026, 3, 11, 4, 0))
    assert str(outcome) == "run 2"
    assert list(JobRun.objects.values_list("job", "day", "failed", "result")) == [
        ("counted", local(2026, 3, 11, 0, 0).date(), False, "run 2"),
        ("counted", local(2026, 3, 10, 0, 0).date(), False, "run 1"),
    ]
    assert all(run.finished_at for run in JobRun.objects.all())


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3)
def test_a_scheduler_that_loses_the_claim_skips_the_job(
    counted, no_minute_jobs, monkeypatch
):
    day = local(2026, 3, 10, 5, 0)
    JobRun.objects.create(job="counted", day=day.date(), started_at=day)
    # It read "not claimed" just before the other scheduler's INSERT committed.
    monkeypatch.setattr(scheduler, "_claimed", lambda job, day: False)

    [outcome] = scheduler.tick(now=day)

    assert str(outcome) == "counted: another scheduler runs it today"
    assert counted.runs == []
    assert JobRun.objects.count() == 1


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3, TIME_ZONE="America/New_York")
def test_the_daily_hour_and_day_are_the_sites_local_time(counted, no_minute_jobs):
    at = datetime(2026, 6, 1, 6, 59, tzinfo=UTC)  # 02:59 in New York
    assert scheduler.tick(now=at) == []
    assert len(scheduler.tick(now=at + timedelta(minutes=1))) == 1
    # 23:30 in New York on 1 June is 2 June in UTC: the same local day.
    assert scheduler.tick(now=datetime(2026, 6, 2, 3, 30, tzinfo=UTC)) == []
    assert list(JobRun.objects.values_list("day", flat=True)) == [
        datetime(2026, 6, 1).date()
    ]


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3)
def test_the_real_daily_jobs_run_and_are_recorded(cast, no_minute_jobs):
    outcomes = summaries(scheduler.tick(now=local(2026, 3, 10, 3, 0)))

    assert outcomes == [
        "periodic review: 0 overdue, 0 due soon; sent 0 articles back for "
        "re-review, reminded 0 reviewers",
        "references: 0 registry update(s) read, 0 cited work(s) re-checked, "
        "0 new notice(s), 0 article(s) sent back for re-review",
        "reminded chief editors of 0 expiring registrations",
        "removed personal data from 0 feedback reports older than 90 days",
    ]
    assert sorted(JobRun.objects.values_list("job", flat=True)) == [
        "check_references",
        "purge_feedback_personal_data",
        "remind_registrations",
        "review_due",
    ]


# Failures ----------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3)
def test_a_failing_job_is_recorded_and_the_others_still_run(cast, monkeypatch):
    revision = schedule(cast, seconds_ahead=120)
    # The next day at 04:00: the revision is due, and so are the daily jobs.
    next_day = timezone.localtime(revision.go_live_at) + timedelta(days=1)
    now = next_day.replace(hour=4, minute=0)
    job = Counting()
    monkeypatch.setattr(
        scheduler,
        "EVERY_MINUTE",
        (scheduler.Job("broken_minute", broken), *scheduler.EVERY_MINUTE),
    )
    monkeypatch.setattr(
        scheduler,
        "DAILY",
        (scheduler.Job("broken_daily", broken), scheduler.Job("counted", job)),
    )

    outcomes = scheduler.tick(now=now)

    assert summaries(outcomes) == [
        "broken_minute failed: RuntimeError: mail server down",
        "published 1 scheduled revision",
        "broken_daily failed: RuntimeError: mail server down",
        "run 1",
    ]
    failed = JobRun.objects.get(job="broken_daily")
    assert failed.failed and failed.finished_at is not None
    assert "Traceback" in failed.result
    assert failed.result.endswith("RuntimeError: mail server down")
    assert published_events(revision) == 1


@pytest.mark.django_db
@override_settings(SCHEDULER_DAILY_HOUR=3)
def test_run_scheduler_once_reports_a_failure_and_carries_on(counted, monkeypatch):
    monkeypatch.setattr(
        scheduler, "EVERY_MINUTE", (scheduler.Job("broken_minute", broken),)
    )
    out, err = StringIO(), StringIO()

    call_command(
        "run_scheduler", "--once", "--now", "2026-03-10T03:00", stdout=out, stderr=err
    )

    assert out.getvalue() == "2026-03-10 03:00:00 run 1\n"
    assert err.getvalue() == (
        "2026-03-10 03:00:00 broken_minute failed: RuntimeError: mail server down\n"
    )


@pytest.mark.django_db
def test_a_job_that_meets_a_locked_sqlite_database_is_run_again(
    no_daily_jobs, monkeypatch
):
    monkeypatch.setattr(scheduler.time, "sleep", lambda seconds: None)
    calls = []

    def locked_twice(now):
        calls.append(now)
        if len(calls) <= 2:
            raise OperationalError("database is locked")
        return "done"

    def always_locked(now):
        raise OperationalError("database is locked")

    monkeypatch.setattr(
        scheduler,
        "EVERY_MINUTE",
        (
            scheduler.Job("locked_twice", locked_twice),
            scheduler.Job("always_locked", always_locked),
        ),
    )

    assert summaries(scheduler.tick()) == [
        "done",
        "always_locked failed: django.db.utils.OperationalError: database is locked",
    ]
    assert len(calls) == 3


# Separate processes against the test database --------------------------------


def _collect(stream, lines):
    for line in stream:
        lines.append(line.rstrip("\n"))


class Scheduler:
    """``manage.py run_scheduler ARGS`` in its own process, its output collected."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduler", *args],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "DATABASE_URL": database_url(connection),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines, self.errors = [], []
        self.readers = [
            threading.Thread(target=_collect, args=(stream, into), daemon=True)
            for stream, into in (
                (self.process.stdout, self.lines),
                (self.process.stderr, self.errors),
            )
        ]
        for reader in self.readers:
            reader.start()

    def _join(self):
        for reader in self.readers:
            reader.join(timeout=5)

    def wait_for(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, self.errors
            assert time.monotonic() < deadline, f"no {text!r} in {self.lines}"
            time.sleep(0.05)

    def stop(self, timeout=15):
        """Send SIGTERM; return the exit code (the process is killed if it hangs)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self._join()

    def finish(self, timeout=60):
        """Wait for a --once run; return (exit code, stdout lines, stderr lines)."""
        code = self.process.wait(timeout=timeout)
        self._join()
        return code, self.lines, self.errors


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_publish_once_and_run_daily_jobs_once(cast):
    revisions = [schedule(cast, seconds_ahead=120) for _ in range(3)]
    # Tomorrow at noon: every revision is due, and so are the daily jobs.
    noon = timezone.localtime() + timedelta(days=1)
    noon = noon.replace(hour=12, minute=0, second=0, microsecond=0)
    args = ("--once", "--now", noon.isoformat())

    runs = [Scheduler(*args), Scheduler(*args)]
    results = [run.finish() for run in runs]

    assert [code for code, _, _ in results] == [0, 0], results
    output = [line for _, lines, _ in results for line in lines]
    errors = [line for _, _, lines in results for line in lines]
    published = sum(
        int(line.split("published ")[1].split()[0])
        for line in output
        if "published " in line
    )
    assert published == 3, "\n".join(["", *output, *errors])
    for revision in revisions:
        revision.refresh_from_db()
        assert revision.published_at == noon
        assert published_events(revision) == 1
    assert ReviewEvent.objects.filter(action=PUBLISHED).count() == 3
    # Each daily job ran in exactly one of them.
    assert sorted(JobRun.objects.values_list("job", flat=True)) == [
        "check_references",
        "purge_feedback_personal_data",
        "remind_registrations",
        "review_due",
    ]
    assert sum("periodic review:" in line for line in output) == 1, results
    assert sum("removed personal data" in line for line in output) == 1, results


@pytest.mark.django_db(transaction=True)
def test_the_running_scheduler_publishes_a_revision_on_time(cast):
    # Ticks every second instead of every minute: the same loop, 60 times faster.
    run = Scheduler("--interval", "1")
    try:
        run.wait_for("Scheduler started")
        run.wait_for("scheduled revision")  # the first tick is done
        revision = schedule(cast, seconds_ahead=3)
        deadline = time.monotonic() + 30
        while not Revision.objects.get(pk=revision.pk).published_at:
            assert time.monotonic() < deadline, run.lines
            time.sleep(0.2)
    finally:
        code = run.stop()

    revision.refresh_from_db()
    late = revision.published_at - revision.go_live_at
    assert timedelta(0) <= late < timedelta(seconds=3), late
    assert published_events(revision) == 1
    assert any(line.endswith(" published 1 scheduled revision") for line in run.lines)
    assert code == 0
    assert run.lines[-1] == "Scheduler stopped."


@pytest.mark.django_db(transaction=True)
def test_run_scheduler_exits_cleanly_on_sigterm():
    run = Scheduler()  # a tick a minute: SIGTERM arrives while it sleeps
    try:
        run.wait_for("scheduled revision")
        started = time.monotonic()
    finally:
        code = run.stop()

    assert code == 0
    assert time.monotonic() - started < 5
    assert run.lines[-1] == "Scheduler stopped."
