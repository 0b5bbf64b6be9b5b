"""deploy/nginx/vetted.conf in front of the app: what readers and staff get.

nginx and gunicorn run for real, with the recipe exactly as `make bench` and a
deployment use it. Anonymous pages come from the micro-cache with the app's
headers; a session cookie and the private paths always reach the app; a
withdrawal reaches readers once the few-second lifetime runs out.
"""

import gzip
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from articles import workflow
from bench.servers import free_port, nginx_config, wait_for
from tests.factories import publish_article
from tests.processes import start_app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("nginx") and not os.environ.get("CI"),
        reason="nginx is not installed (apt-get install nginx)",
    ),
]


def get(port, path, **headers):
    """Return (status, headers, body bytes) of GET PATH."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def front():
    """Start the app and nginx with the recipe; return nginx's port."""
    # nginx's workers drop root, so the cache lives where they can reach it.
    work = Path(tempfile.mkdtemp(prefix="vetted-nginx-"))
    work.chmod(0o755)
    (work / "nginx-temp").mkdir()
    app_port, front_port = free_port(), free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(free_port(), front_port, app_port, work, work))
    app = start_app(app_port, connection)
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
    try:
        # Until gunicorn answers through nginx (a 502 before), as the bench waits.
        wait_for(f"http://127.0.0.1:{front_port}/healthz")
        yield front_port
    finally:
        nginx.send_signal(signal.SIGTERM)
        app.terminate()
        nginx.wait(timeout=10)
        app.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def test_anonymous_article_comes_from_the_front_cache_with_its_headers(front, cast):
    article = publish_article(cast, title="Caffeine and sleep")
    path = article.get_absolute_url()
    first = get(front, path)
    status, headers, body = get(front, path)
    assert (first[0], status) == (200, 200)
    assert headers["X-Front-Cache"] == "HIT"
    assert body == first[2] and b"Caffeine and sleep" in body
    # The app's promises survive the cache: security headers, validators, no cookie.
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["ETag"] and headers["Last-Modified"]
    assert "stale-while-revalidate" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers


def test_browsers_get_one_compressed_copy_whatever_they_send(front, cast):
    path = publish_article(cast).get_absolute_url()
    plain = get(front, path)[2]
    get(front, path, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    # Another browser's wording is served from the same compressed copy.
    status, headers, body = get(front, path, **{"Accept-Encoding": "gzip"})
    assert (status, headers["X-Front-Cache"]) == (200, "HIT")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    # A client that asks for no compression gets the plain copy.
    status, headers, body = get(front, path)
    assert headers["X-Front-Cache"] == "HIT" and "Content-Encoding" not in headers
    assert body == plain


def test_a_plain_request_cannot_fill_the_compressed_copy_of_another_page(front, cast):
    path = publish_article(cast, title="Caffeine and sleep").get_absolute_url()
    # Without a separator in the cache key, "<path>gzip" asked for plainly and
    # "<path>" asked for compressed would share an entry: the 404 would be served
    # to every browser for a second.
    assert get(front, path + "gzip")[0] == 404
    status, headers, body = get(front, path, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert b"Caffeine and sleep" in gzip.decompress(body)


def test_a_session_cookie_always_reaches_the_app(front, cast):
    path = publish_article(cast).get_absolute_url()
    get(front, path)
    for _ in range(2):
        status, headers, _ = get(front, path, Cookie="sessionid=anything")
        assert status == 200
        assert headers["X-Front-Cache"] == "BYPASS"


def test_private_paths_are_never_cached(front, cast):
    for path in ("/admin/login/", "/healthz", "/feedback/thanks/"):
        for _ in range(2):
            status, headers, _ = get(front, path)
            assert status == 200, path
            assert "X-Front-Cache" not in headers, path
    # The sign-in form's CSRF cookie is set on every visit: each one reached Django.
    assert "csrftoken=" in get(front, "/admin/login/")[1]["Set-Cookie"]


def test_a_withdrawal_reaches_readers_within_seconds(front, cast):
    article = publish_article(cast)
    path = article.get_absolute_url()
    get(front, path)
    assert get(front, path)[1]["X-Front-Cache"] == "HIT"
    workflow.withdraw(article, by=cast.chief, reason="Superseded by new guidance.")
    # Within the 5-second lifetime readers may still get the cached page; after
    # it, one request refreshes the entry and every reader gets the 410.
    deadline = time.monotonic() + 15
    while get(front, path)[0] != 410:
        assert time.monotonic() < deadline, "the withdrawn page was still served"
        time.sleep(0.5)
