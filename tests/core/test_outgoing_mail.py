"""E-mail leaves from a worker: a mail server that is down slows no click and
loses no e-mail; a failed delivery is tried again with back-off until it goes.

These tests use the database queue (django-tasks-db), as production does, and
run the worker the way an operator would (``manage.py db_worker --batch``).
"""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from cms import scheduler
from core.mail import MAX_DELAY, backoff, queue_due_mail, send_after_commit
from core.models import OutgoingMail
from tests.factories import ArticleFactory, ReferenceFactory, step_choices, superuser

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def closed_port():
    """Return a local port nothing listens on: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def queue():
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def smtp_down():
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=2,
    )


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def waiting_tasks():
    """The deliveries waiting in the queue (a submission also queues its registry
    check: articles/workflow/background.py)."""
    return DBTaskResult.objects.filter(
        status="READY", task_path="core.mail.deliver_mail"
    )


def test_an_editor_submits_while_the_mail_server_is_down(queue, cast, client):
    """The click succeeds at once; the e-mail waits in the queue, then leaves."""
    article = ArticleFactory(title="Zinc and colds")
    ReferenceFactory(article=article)
    client.force_login(cast.editor)
    with smtp_down():
        response = client.post(
            reverse("admin:articles_article_submit", args=[article.pk]),
            {"change_note": "First draft", **step_choices(cast)},
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    queued = OutgoingMail.objects.get()
    assert queued.subject == "Fact check requested: Zinc and colds"
    assert queued.recipients == [cast.fact_checker.user.email]
    assert queued.attempts == 0 and queued.sent_at is None
    assert waiting_tasks().count() == 1  # nothing was sent in the request
    assert DBTaskResult.objects.filter(
        task_path="articles.workflow.background.check_revision_registries"
    ).exists()

    with smtp_down():
        run_worker()
    queued.refresh_from_db()
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    retry = waiting_tasks().get()
    assert retry.run_after == queued.next_attempt_at
    assert (
        timedelta(seconds=50)
        < queued.next_attempt_at - timezone.now()
        < timedelta(seconds=70)
    )
    assert mail.outbox == []

    # The server comes back; the retry is due.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert queued.attempts == 2
    assert queued.last_error == ""
    [sent] = mail.outbox
    assert sent.subject == "Fact check requested: Zinc and colds"
    assert sent.to == [cast.fact_checker.user.email]


def test_each_failure_waits_longer_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert backoff(30) == MAX_DELAY == timedelta(hours=6)


def test_a_rolled_back_change_sends_and_keeps_nothing(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit("Never sent", "body", ["someone@example.org"])
        raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()
    assert not waiting_tasks().exists()


def test_an_email_is_sent_once_even_if_queued_twice(queue):
    with transaction.atomic():
        queued = send_after_commit("Once", "body", ["someone@example.org"])
    queue_due_mail(now=timezone.now() + timedelta(hours=1))  # the sweep, too
    assert waiting_tasks().count() == 2
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Once"]
    queued.refresh_from_db()
    assert queued.attempts == 1


def test_the_scheduler_queues_mail_whose_task_was_lost(queue):
    with transaction.atomic():
        queued = send_after_commit("Lost task", "body", ["someone@example.org"])
    DBTaskResult.objects.all().delete()  # the queue emptied by hand
    outcomes = scheduler.tick(now=timezone.now() + timedelta(minutes=1))
    assert "queued 0 overdue e-mails again" in [str(o) for o in outcomes]

    later = timezone.now() + timedelta(minutes=11)
    outcomes = scheduler.tick(now=later)
    assert "queued 1 overdue e-mail again" in [str(o) for o in outcomes]
    run_worker()
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Lost task"]


def test_a_recipient_list_of_blanks_queues_nothing(queue):
    with transaction.atomic():
        assert send_after_commit("Nobody", "body", ["", None]) is None
    assert not OutgoingMail.objects.exists()


def test_the_operator_sees_what_waits_and_sends_it_again(queue, client):
    with transaction.atomic():
        send_after_commit("Stuck", "body", ["someone@example.org"])
        send_after_commit("Gone", "body", ["someone@example.org"])
    with smtp_down():
        run_worker()  # both fail once
    OutgoingMail.objects.filter(subject="Gone").update(sent_at=timezone.now())
    client.force_login(superuser())
    url = reverse("admin:core_outgoingmail_changelist")
    waiting = client.get(url, {"state": "waiting"}).content.decode()
    assert "Stuck" in waiting and "Gone" not in waiting
    assert "Failed (1 attempt), next" in waiting
    assert "ConnectionRefusedError" in waiting
    stuck = OutgoingMail.objects.get(subject="Stuck")
    DBTaskResult.objects.all().delete()
    response = client.post(
        url, {"action": "send_again_now", "_selected_action": [stuck.pk]}
    )
    assert response.status_code == 302
    run_worker()
    stuck.refresh_from_db()
    assert stuck.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Stuck"]
    # Nothing is ever deleted from the queue, not even by a superuser.
    delete = reverse("admin:core_outgoingmail_delete", args=[stuck.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert OutgoingMail.objects.filter(pk=stuck.pk).exists()
