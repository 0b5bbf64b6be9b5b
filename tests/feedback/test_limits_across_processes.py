"""The feedback limits hold per client across app processes, as the README says.

Two app servers, without Redis, each with its own local-memory cache: the rate
limit counts in the shared "limits" cache (a database table here), so one
client gets FEEDBACK_RATE posts in all, not per process; and two identical
reports posted to both at the same moment are stored once.
"""

import http.client
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

from bench.servers import free_port
from feedback.models import FeedbackReport
from tests.factories import publish_article
from tests.processes import fetch, start_app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def servers(request):
    """Two app servers on the test database, with the rate the test is marked with."""
    marker = request.node.get_closest_marker("feedback_rate")
    rate = marker.args[0] if marker else "5/10m"
    ports = [free_port(), free_port()]
    started = [
        start_app(port, connection, REDIS_URL="", FEEDBACK_RATE=rate) for port in ports
    ]
    try:
        for port in ports:
            fetch(port, "/healthz")
        yield ports
    finally:
        for server in started:
            server.terminate()
            server.wait(timeout=10)


def post(port, path, fields):
    """POST FIELDS as a same-origin browser form would; return (status, Location)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(
            "POST",
            path,
            body=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
                "Sec-Fetch-Site": "same-origin",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        conn.close()


def vote(port, article):
    return post(
        port,
        "/feedback/vote/",
        {
            "article": article.slug,
            "revision": article.live_revision_id,
            "helpful": "no",
        },
    )


def test_the_rate_limit_counts_one_client_across_processes(cast, servers):
    article = publish_article(cast, title="Iron and fatigue")
    statuses = [vote(servers[n % 2], article)[0] for n in range(12)]

    assert statuses.count(302) == 5, statuses  # 5/10m in all, not 5 per process
    assert statuses.count(429) == 7
    assert statuses[:5] == [302] * 5
    assert FeedbackReport.objects.count() == 5


def send_at_once(start, answers, port, path, text):
    start.wait()
    answers.append(post(port, path, {"reason": "inaccurate", "details": text}))


@pytest.mark.feedback_rate("100/10m")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks; production runs PostgreSQL",
)
def test_identical_reports_posted_at_the_same_moment_are_stored_once(cast, servers):
    article = publish_article(cast, title="Zinc and colds")
    for round_ in range(4):
        text = f"The dose in the second paragraph looks wrong (round {round_})."
        forms = []
        for port in servers:
            status, location = vote(port, article)
            assert status == 302
            forms.append((port, urlsplit(location).path))
        answers = []
        start = threading.Barrier(len(forms))
        threads = [
            threading.Thread(target=send_at_once, args=(start, answers, *form, text))
            for form in forms
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        # One is thanked; the other is told it was already received.
        assert sorted(status for status, _ in answers) == [302, 400], answers
        assert FeedbackReport.objects.filter(details=text).count() == 1
        time.sleep(0.1)
