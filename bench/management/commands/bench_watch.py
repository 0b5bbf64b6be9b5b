"""Time the daily check of cited works on the bench corpus, without a registry.

    python manage.py bench_watch [--updates 10000]

What the daily job does locally is what must scale: matching the day's update
notices against the identifiers live revisions cite (``CitedSource``), and
choosing the slice of cited works re-checked in full today. This times both on
the corpus in the configured database (``generate_corpus`` writes its
CitedSource rows). The notices are values in memory, not registry answers:
one in a hundred names a cited work, the rest works nobody here cites, as in
a real day's list. Prints JSON figures.
"""

import json
import random
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.evidence.watch import Notice
from articles.models import CitedSource
from articles.workflow import watch


class Command(BaseCommand):
    help = "Time the local part of check_references on the bench corpus."

    def add_arguments(self, parser):
        parser.add_argument("--updates", type=int, default=10000)

    def handle(self, *args, updates, **options):
        rng = random.Random(7)
        started = time.perf_counter()
        distinct = watch.live_identifiers().count()
        count_seconds = time.perf_counter() - started
        sample = list(
            CitedSource.objects.filter(kind="doi").values_list("value", flat=True)[
                : max(updates // 100, 1)
            ]
        )
        notices = [
            Notice(
                "doi",
                sample[n % len(sample)] if sample and n % 100 == 0 else f"10.9/x{n}",
                "correction",
                f"10.9/notice{n}",
                date(2026, 1, 1),
                "bench",
            )
            for n in range(updates)
        ]
        rng.shuffle(notices)
        started = time.perf_counter()
        matched = watch._cited_live(notices)
        match_seconds = time.perf_counter() - started
        started = time.perf_counter()
        due = watch._due_for_full_check(timezone.now())
        due_seconds = time.perf_counter() - started
        self.stdout.write(
            json.dumps(
                {
                    "live_cited_identifiers": distinct,
                    "count_seconds": round(count_seconds, 3),
                    "updates_matched": f"{len(matched)} of {updates}",
                    "match_seconds": round(match_seconds, 3),
                    "full_checks_today": len(due),
                    "rotation_days": watch.ROTATION_DAYS,
                    "choose_full_checks_seconds": round(due_seconds, 3),
                }
            )
        )
