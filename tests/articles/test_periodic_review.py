"""Periodic review: due dates from publication, overdue lists and reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ReviewEvent
from tests.factories import TopicFactory, publish_article


def test_next_review_due_is_publish_date_plus_interval(cast, settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    article = publish_article(cast)
    published = article.live_revision.published_at.date()
    assert article.next_review_due == published + timedelta(days=365)


def test_topic_interval_overrides_the_default(cast):
    topic = TopicFactory(review_interval_days=90)
    article = publish_article(cast, topic=topic)
    published = article.live_revision.published_at.date()
    assert article.next_review_due == published + timedelta(days=90)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run review_due as cron does (e-mails sent on commit); return its output."""

    def run(*args):
        out = StringIO()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("review_due", *args, stdout=out)
        return out.getvalue()

    return run


def due_in(article, days):
    Article.objects.filter(pk=article.pk).update(
        next_review_due=timezone.localdate() + timedelta(days=days)
    )
    article.refresh_from_db()


@pytest.fixture
def three(cast):
    """Return an overdue, a nearly due and a fresh article, all live."""
    overdue = publish_article(cast, title="Old advice")
    soon = publish_article(cast, title="Nearly due")
    fresh = publish_article(cast, title="Fresh advice")
    due_in(overdue, -3)
    due_in(soon, 10)
    due_in(fresh, 200)
    return overdue, soon, fresh


def test_review_due_flags_the_overdue_and_reminds_of_the_nearly_due(
    client, cast, run, three
):
    overdue, soon, fresh = three
    text = run()
    assert "Overdue: 1" in text and "Old advice" in text
    assert "Due soon: 1" in text and "Nearly due" in text
    assert "Fresh advice" not in text
    overdue.refresh_from_db()
    assert overdue.rereview_reason.startswith("Periodic review due")
    [event] = overdue.events.filter(action=ReviewEvent.Action.REREVIEW_REQUESTED)
    assert event.actor is None
    assert event.comment.startswith("Periodic review due")
    assert client.get(overdue.get_absolute_url()).status_code == 200  # stays live
    by_subject = {m.subject: m for m in mail.outbox}
    rereview = by_subject["Re-review requested: Old advice"]
    assert set(rereview.to) == {cast.editor.email, cast.reviewer.user.email}
    assert "Periodic review due" in rereview.body
    reminder = by_subject["Periodic review: 1 article(s) due soon"]
    assert reminder.to == [cast.reviewer.user.email]
    assert "Nearly due" in reminder.body and "Old advice" not in reminder.body
    assert len(mail.outbox) == 2
    for article in (soon, fresh):
        article.refresh_from_db()
        assert article.rereview_requested_at is None
    # The history shows the system as the actor.
    client.force_login(cast.chief)
    change = reverse("admin:articles_article_change", args=[overdue.pk])
    assert "<td>system</td>" in client.get(change).content.decode()


def test_review_due_repeats_nothing_on_the_next_run(cast, run, three):
    overdue, soon, fresh = three
    run()
    events = ReviewEvent.objects.count()
    text = run()
    assert "Overdue: 1" in text and "Due soon: 1" in text  # still listed
    assert mail.outbox == []
    assert ReviewEvent.objects.count() == events
    # A new article entering the window is reminded of, alone.
    due_in(fresh, 20)
    run()
    [reminder] = mail.outbox
    assert "Fresh advice" in reminder.body and "Nearly due" not in reminder.body


def test_review_due_keeps_a_moderators_reason(cast, run):
    article = publish_article(cast, title="Old advice")
    workflow.request_rereview(article, by=cast.moderator, reason="Dose changed.")
    due_in(article, -3)
    run()
    article.refresh_from_db()
    assert article.rereview_reason == "Dose changed."
    assert mail.outbox == []


def test_review_due_e_mails_only_active_reviewers(cast, run, three):
    cast.reviewer.active = False
    cast.reviewer.save()
    run()
    [rereview] = mail.outbox  # no reminder for the nearly due article
    assert rereview.subject == "Re-review requested: Old advice"
    assert rereview.to == [cast.editor.email]


def test_review_due_no_email(cast, run):
    article = publish_article(cast)
    Article.objects.filter(pk=article.pk).update(next_review_due="2000-01-01")
    text = run("--no-email")
    assert "Overdue: 1" in text
    assert mail.outbox == []
    article.refresh_from_db()
    assert article.rereview_requested_at is None


def test_overdue_article_stays_live_and_shows_its_due_date(client, cast):
    article = publish_article(cast)
    Article.objects.filter(pk=article.pk).update(next_review_due="2020-05-01")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Next review due" in html and "May 2020" in html
