"""The jobs that run without cron, and one tick of the scheduler that runs them.

``manage.py run_scheduler`` calls ``tick()`` at every minute boundary (``make
run`` starts it beside the web server; production runs it as a systemd unit,
or from cron with ``--once``: docs/operations.md).

- Every tick: ``publish_scheduled``, which makes due scheduled revisions live.
  It locks and re-checks each article, so schedulers running at once never
  publish a revision twice. And ``queue_due_mail``, which queues again any
  e-mail whose delivery task was lost (core/mail.py).
- Once a day, on the first tick at or after ``SCHEDULER_DAILY_HOUR`` (local time,
  default 3): the periodic review (what ``manage.py review_due`` does), the
  check of cited works against the registries, the reminder of reviewers'
  registrations expiring within 60 days, and the purge of feedback personal
  data after ``FEEDBACK_PERSONAL_DATA_DAYS``. Starting
  after that hour, or after a night when no scheduler ran, runs them that day.

A daily job is claimed by inserting its ``JobRun`` row for the day: the unique
(job, day) constraint lets exactly one scheduler's INSERT succeed, and only
that one runs the job. A failure is recorded on the row (and logged) and the
next job still runs; the job is tried again the next day, or by hand with its
management command.
"""

import logging
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from articles import workflow
from articles.workflow.credentials import remind_expiring_registrations
from articles.workflow.periodic import due_for_review, flag_overdue, remind_reviewers
from articles.workflow.watch import check_references
from core.mail import queue_due_mail
from feedback.services import purge_personal_data

from .models import JobRun

logger = logging.getLogger(__name__)

DEFAULT_DAILY_HOUR = 3
# The feedback form and the privacy notice promise that a reader's e-mail
# address is gone after 90 days at the latest (docs/feedback.md).
FEEDBACK_PERSONAL_DATA_DAYS = 90
LOCKED_ATTEMPTS = 5


@dataclass(frozen=True)
class Job:
    """A named job: RUN takes the tick's time and returns what it did, in words."""

    name: str
    run: Callable[[datetime], str]


@dataclass(frozen=True)
class Outcome:
    """What one job did in one tick."""

    job: str
    summary: str
    failed: bool = False
    traceback: str = ""

    def __str__(self):
        return f"{self.job} failed: {self.summary}" if self.failed else self.summary


def _plural(count, noun):
    return f"{count} {noun}" + ("" if count == 1 else "s")


def publish_due_revisions(now):
    count = workflow.publish_scheduled(now=now)
    return f"published {_plural(count, 'scheduled revision')}"


def review_due(now):
    overdue, due_soon = due_for_review(today=timezone.localdate(now))
    flagged = flag_overdue(overdue)
    reminded = remind_reviewers(due_soon)
    return (
        f"periodic review: {len(overdue)} overdue, {len(due_soon)} due soon; "
        f"sent {_plural(len(flagged), 'article')} back for re-review, "
        f"reminded {_plural(reminded, 'reviewer')}"
    )


def check_cited_references(now):
    report = check_references(now=now)
    if report.problems:
        # Claimed for today all the same: the next day's run tries them again.
        logger.warning("check_references could not check: %s", report.problems)
    return report.summary()


def remind_registrations(now):
    count = remind_expiring_registrations(now=now)
    return f"reminded chief editors of {_plural(count, 'expiring registration')}"


def purge_feedback_personal_data(now):
    count = purge_personal_data(older_than_days=FEEDBACK_PERSONAL_DATA_DAYS, now=now)
    return (
        f"removed personal data from {_plural(count, 'feedback report')} older "
        f"than {FEEDBACK_PERSONAL_DATA_DAYS} days"
    )


def queue_overdue_mail(now):
    count = queue_due_mail(now=now)
    return f"queued {_plural(count, 'overdue e-mail')} again"


EVERY_MINUTE = (
    Job("publish_scheduled", publish_due_revisions),
    Job("queue_due_mail", queue_overdue_mail),
)
DAILY = (
    Job("review_due", review_due),
    Job("check_references", check_cited_references),
    Job("remind_registrations", remind_registrations),
    Job("purge_feedback_personal_data", purge_feedback_personal_data),
)


def daily_hour():
    """Return the local hour from which the daily jobs are due (0-23)."""
    return getattr(settings, "SCHEDULER_DAILY_HOUR", DEFAULT_DAILY_HOUR)


def tick(*, now=None):
    """Run every job due at NOW (default: the current time); return the Outcomes.

    The minute jobs run on every tick; each daily job runs if its hour has come
    and no scheduler has claimed it today. A job that raises is reported as a
    failed Outcome, and the others still run.
    """
    now = now or timezone.now()
    outcomes = [_run(job, now) for job in EVERY_MINUTE]
    local = timezone.localtime(now)
    if local.hour >= daily_hour():
        for job in DAILY:
            outcome = _run_once_today(job, now, local.date())
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


def _run(job, now):
    try:
        summary = _call(job, now)
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        return _failure(job)
    logger.info("Scheduled job %s: %s", job.name, summary)
    return Outcome(job.name, summary)


def _call(job, now):
    """Return JOB's summary at NOW, trying again while SQLite says it is locked.

    SQLite has no row locks (``select_for_update`` does nothing), and a
    transaction that has read and then writes while another connection writes
    fails at once with "database is locked" instead of waiting. Under ``make
    run`` the web server or a second scheduler can be that other writer. Every
    job is idempotent, so it is simply run again after a short random pause.
    """
    for attempt in range(1, LOCKED_ATTEMPTS + 1):
        try:
            return job.run(now)
        except OperationalError as error:
            if "database is locked" not in str(error) or attempt == LOCKED_ATTEMPTS:
                raise
            logger.info("Scheduled job %s: database locked, trying again", job.name)
            time.sleep(random.uniform(0.1, 0.5) * attempt)


def _run_once_today(job, now, day):
    """Run JOB if this scheduler claims it for DAY; return its Outcome, or None."""
    try:
        if _claimed(job, day):
            return None  # the common case, checked first to spare a failing INSERT
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job.name, day=day, started_at=timezone.now()
            )
    except IntegrityError:
        logger.info("Daily job %s: another scheduler claimed it for %s", job.name, day)
        return Outcome(job.name, f"{job.name}: another scheduler runs it today")
    except Exception:
        # The database is unreachable or locked: nothing was claimed, so the
        # next tick tries again.
        logger.exception("Daily job %s could not be claimed", job.name)
        return _failure(job)
    outcome = _run(job, now)
    run.finished_at = timezone.now()
    run.failed = outcome.failed
    run.result = outcome.traceback or outcome.summary
    try:
        run.save(update_fields=["finished_at", "failed", "result"])
    except Exception:
        logger.exception("Daily job %s: its result could not be recorded", job.name)
    return outcome


def _claimed(job, day):
    """Return whether a scheduler has already claimed JOB for DAY."""
    return JobRun.objects.filter(job=job.name, day=day).exists()


def _failure(job):
    """Return the failed Outcome of JOB for the exception being handled."""
    text = traceback.format_exc().strip()
    return Outcome(job.name, text.splitlines()[-1], failed=True, traceback=text)
