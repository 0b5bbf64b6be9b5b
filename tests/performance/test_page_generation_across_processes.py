"""Without Redis, a publication reaches every app process within about a second.

Each process has its own local-memory page cache, so the generation that
invalidates it lives in the database (articles/cache.py). Two app servers
without Redis both serve the new revision shortly after another process (this
one, as cron's publish_scheduled would be) publishes it.
"""

import time

import pytest
from django.db import connection

from articles import workflow
from articles.public import cache as page_cache
from bench.servers import free_port
from tests.factories import approve, publish_article, submit
from tests.processes import fetch, start_app

pytestmark = pytest.mark.django_db(transaction=True)


def start_server(port):
    # Each process has its own local-memory cache.
    return start_app(port, connection, REDIS_URL="")


def test_publication_reaches_every_process_without_a_shared_cache(cast):
    assert not page_cache.cache_is_shared()
    article = publish_article(cast, title="Caffeine and sleep")
    path = article.get_absolute_url()
    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    try:
        for port in ports:
            fetch(port, path)  # warm both
        for port in ports:
            state, html = fetch(port, path)
            assert state == "hit" and "Regular walking" in html
        article.body = "Caffeine late in the day delays sleep [@smith2020]."
        article.save()
        revision = approve(submit(article, cast), cast)
        workflow.publish(revision, by=cast.chief)
        published = time.monotonic()
        for port in ports:
            while True:
                state, html = fetch(port, path)
                if "Caffeine late in the day delays sleep" in html:
                    break
                assert state == "hit"  # the old page, until the process looks again
                assert time.monotonic() - published < 3, "still stale after 3 s"
                time.sleep(0.1)
        # Bounded by REFRESH_SECONDS (1 s), plus the time to render the page.
        assert time.monotonic() - published < 3
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
