"""Two app servers sharing Redis both show a new revision right after publishing."""

import os
import socket

import pytest
from django.db import connection
from django.test import override_settings

from articles import workflow
from bench.servers import free_port
from tests.factories import approve, publish_article, submit
from tests.processes import fetch, start_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not redis_up() and not os.environ.get("CI"), reason="Redis is not running"
    ),
]


def start_server(port):
    return start_app(port, connection, REDIS_URL=REDIS_URL)


def test_new_revision_visible_on_both_servers_after_publishing(cast):
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vetted",
        }
    }
    article = publish_article(cast, title="Caffeine and sleep")
    path = article.get_absolute_url()
    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    try:
        with override_settings(CACHES=redis_cache):
            from django.core.cache import caches

            caches._settings = None
            caches["default"].clear()  # a dedicated Redis database for this test
            for port in ports:
                fetch(port, path)  # warm both
            for port in ports:
                state, html = fetch(port, path)
                assert state == "hit" and "Regular walking" in html
            article.body = "Caffeine late in the day delays sleep [@smith2020]."
            article.save()
            revision = approve(submit(article, cast), cast)
            workflow.publish(revision, by=cast.chief)
            states = []
            for port in ports:
                state, html = fetch(port, path)
                assert "Caffeine late in the day delays sleep" in html, port
                states.append(state)
            # The first server renders the new page; the second gets it from Redis.
            assert states == ["miss", "hit"]
        caches._settings = None
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
