"""Faults: the database or Redis gone, and failures in the middle of a transition.

Readers get a plain page, never a traceback; a transition that fails half way
leaves nothing half-written; a broken mail server cannot undo a committed change.
"""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from articles import workflow
from articles.models import Article, Revision
from core.models import OutgoingMail
from feedback.models import FeedbackReport
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    approve,
    assignees,
    edit,
    publish_article,
    submit,
    workflow_state,
)

ROOT = Path(__file__).resolve().parent.parent.parent

# --- The database is unreachable ----------------------------------------------

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for method, path in [("get", "/"), ("get", "/articles/any-article/"),
                     ("get", "/topics/sleep/"), ("get", "/healthz"),
                     ("post", "/admin/login/")]:
    r = getattr(client, method)(path, {"username": "a", "password": "b"}
                                if method == "post" else None)
    out[f"{method} {path}"] = {
        "status": r.status_code, "body": r.content.decode(),
        "retry": r.get("Retry-After"), "cache": r.get("Cache-Control"),
        "csp": r.get("Content-Security-Policy", ""),
    }
print(json.dumps(out))
"""


def test_database_down_gives_a_plain_503_page():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # A port nothing listens on: every connection is refused.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/vetted",
        "CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.splitlines()[-1])
    for name, page in pages.items():
        assert page["status"] == 503, name
        body = page["body"]
        assert "Traceback" not in body and "OperationalError" not in body, name
        assert "127.0.0.1" not in body and "psycopg2" not in body, name
        if name != "get /healthz":
            assert "We will be back in a moment" in body, name
            assert "<h1>" in body and "call your local emergency number" in body
            assert page["retry"] == "30"
            assert page["cache"] == "no-store"
            assert "default-src 'self'" in page["csp"]


# --- Redis is unreachable -------------------------------------------------------

REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@contextmanager
def redis_down():
    with override_settings(CACHES=REDIS_DOWN):
        caches._settings = None
        try:
            yield
        finally:
            caches._settings = None
    caches._settings = None


@pytest.mark.django_db
def test_with_redis_down_readers_read_report_and_editors_publish(client, cast):
    article = publish_article(cast, title="Sleep and memory")
    with redis_down():
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert "Sleep and memory" in page.text
        assert client.get("/").status_code == 200

        # Feedback is accepted (the rate limit cannot count, so it lets it in).
        vote = client.post(
            "/feedback/vote/",
            {
                "article": article.slug,
                "revision": article.live_revision_id,
                "helpful": "no",
            },
        )
        assert vote.status_code == 302
        assert FeedbackReport.objects.filter(article=article).count() == 1

        # Publishing still works; the cache purge is logged, not raised.
        edit(article, cast.editor, body="Sleep helps memory [@smith2020]. Updated.")
        workflow.publish(approve(submit(article, cast), cast), by=cast.chief)
        assert "Updated." in client.get(article.get_absolute_url()).text


# --- A failure in the middle of a transition ----------------------------------

FAILURE = RuntimeError("the disk is full")


def fail_on_last_step():
    """Make the audit-log write, the last write of every transition, fail."""
    return mock.patch.object(workflow.common, "_event", side_effect=FAILURE)


def assert_failed_cleanly(article, call):
    before = workflow_state(article)
    with fail_on_last_step(), pytest.raises(RuntimeError, match="disk is full"):
        call()
    assert workflow_state(article) == before
    assert mail.outbox == []


@pytest.fixture
def live(cast):
    return publish_article(cast, title="Iron and fatigue")


pytestmark_tx = pytest.mark.django_db(transaction=True)


@pytestmark_tx
def test_submission_failing_half_way_freezes_nothing(cast, live):
    edit(live, cast.editor, body="New text [@smith2020].")
    earlier = submit(live, cast)
    mail.outbox.clear()
    assert_failed_cleanly(
        live,
        lambda: workflow.submit_for_review(
            live,
            by=cast.editor,
            assignees=assignees(cast, cast.reviewer),
            change_note="Again.",
        ),
    )
    earlier.refresh_from_db()
    assert earlier.decision == Revision.Decision.PENDING  # not superseded
    assert live.revisions.count() == 2


@pytestmark_tx
def test_approval_failing_half_way_leaves_the_revision_pending(cast, live):
    edit(live, cast.editor, body="New text [@smith2020].")
    revision = submit(live, cast)
    mail.outbox.clear()
    assert_failed_cleanly(
        live,
        lambda: workflow.approve(
            revision, by=cast.reviewer.user, comment="ok", attestation=ALL_ATTESTED
        ),
    )
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING
    assert revision.decided_by is None and revision.attestation in ({}, None)


@pytestmark_tx
def test_publication_failing_half_way_keeps_the_old_text_live(client, cast, live):
    old_live = live.live_revision_id
    edit(live, cast.editor, body="Replacement text [@smith2020].")
    revision = approve(submit(live, cast), cast)
    mail.outbox.clear()
    client.get(live.get_absolute_url())  # cached before the attempt
    assert_failed_cleanly(live, lambda: workflow.publish(revision, by=cast.chief))
    live.refresh_from_db()
    assert live.live_revision_id == old_live
    assert live.status == Article.Status.APPROVED
    page = client.get(live.get_absolute_url()).text
    assert "Replacement text" not in page


@pytestmark_tx
def test_withdrawal_failing_half_way_keeps_the_article_up(client, cast, live):
    mail.outbox.clear()
    assert_failed_cleanly(
        live, lambda: workflow.withdraw(live, by=cast.chief, reason="Outdated.")
    )
    assert client.get(live.get_absolute_url()).status_code == 200


@pytestmark_tx
def test_a_failing_mail_server_does_not_undo_a_submission(cast, caplog):
    article = ArticleFactory(title="Zinc and colds")
    ReferenceFactory(article=article)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("smtp down"),
    ):
        revision = submit(article, cast)
    assert Revision.objects.filter(pk=revision.pk).exists()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert (
        "could not send 'Fact check requested: Zinc and colds' (attempt 1)"
        in caplog.text
    )
    assert "@" not in caplog.text  # no address in the log
    # Kept to be tried again, not lost.
    kept = OutgoingMail.objects.get(subject="Fact check requested: Zinc and colds")
    assert kept.sent_at is None and kept.attempts == 1
    assert "smtp down" in kept.last_error
