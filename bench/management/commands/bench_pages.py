"""In-process timings for `make bench`: median time and query count per page."""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles.models import Article, Topic
from articles.workflow import roles

MIN_RUNS = 3


def measure(client, url, runs, seconds):
    """Return (median ms, usual number of queries, status) for GETs of URL.

    At most RUNS runs, and no more than MIN_RUNS once SECONDS have passed, so
    one slow page cannot hold up the benchmark. The usual number of queries is
    the most frequent: about once a second a request also reads the page
    generation (articles/cache.py).
    """
    client.get(url)  # warm caches of Python and the database
    times, queries, status = [], [], 0
    deadline = time.monotonic() + seconds
    while len(times) < runs and (len(times) < MIN_RUNS or time.monotonic() < deadline):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(ctx.captured_queries))
        status = response.status_code
    return round(statistics.median(times), 2), statistics.mode(queries), status


class Command(BaseCommand):
    help = "Print JSON with median in-process time and queries of the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="at most, per page")
        parser.add_argument(
            "--seconds", type=float, default=10, help="time bound per page"
        )
        parser.add_argument("--query", default="blood pressure")
        parser.add_argument("--save-article", help="write the article page bytes here")

    @override_settings(PAGE_CACHE_ENABLED=False, DEBUG=False)
    def handle(self, *args, runs, seconds, query, save_article, **options):
        User = get_user_model()
        article = Article.objects.published().order_by("pk").first()
        topic = Topic.objects.order_by("pk").first()
        anonymous = Client()
        results = {}
        pages = {
            "article": article.get_absolute_url(),
            "home": "/",
            "topic": topic.get_absolute_url(),
            "search": f"/search/?q={query.replace(' ', '+')}",
        }
        for name, url in pages.items():
            results[name] = measure(anonymous, url, runs, seconds)
        if save_article:
            with open(save_article, "wb") as out:
                out.write(anonymous.get(pages["article"]).content)

        chief, _ = User.objects.get_or_create(
            username="bench-chief", defaults={"is_staff": True}
        )
        chief.groups.add(Group.objects.get(name=roles.CHIEF_EDITORS))
        reviewer = User.objects.get(username="bench-reviewer0")
        reviewer.groups.add(Group.objects.get(name=roles.MEDICAL_REVIEWERS))
        staff = Client()
        staff.force_login(chief)
        results["admin article list"] = measure(
            staff, "/admin/articles/article/", max(5, runs // 3), seconds
        )
        staff.force_login(reviewer)
        results["admin review queue"] = measure(
            staff, "/admin/articles/reviewqueueitem/", max(5, runs // 3), seconds
        )
        self.stdout.write(json.dumps(results))
