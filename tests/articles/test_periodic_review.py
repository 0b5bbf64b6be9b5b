"""Periodic review: due dates from publication, overdue lists and reminders."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
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


def test_review_due_lists_and_emails_reviewers(
    cast, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    overdue = publish_article(cast, title="Old advice")
    soon = publish_article(cast, title="Nearly due")
    fresh = publish_article(cast, title="Fresh advice")
    Article.objects.filter(pk=overdue.pk).update(
        next_review_due=today - timedelta(days=3)
    )
    Article.objects.filter(pk=soon.pk).update(
        next_review_due=today + timedelta(days=10)
    )
    Article.objects.filter(pk=fresh.pk).update(
        next_review_due=today + timedelta(days=200)
    )
    mail.outbox.clear()
    out = StringIO()
    call_command("review_due", stdout=out)
    text = out.getvalue()
    assert "Overdue: 1" in text and "Old advice" in text
    assert "Due soon: 1" in text and "Nearly due" in text
    assert "Fresh advice" not in text
    [message] = mail.outbox
    assert message.to == [cast.reviewer.user.email]
    assert "Old advice (OVERDUE" in message.body
    assert "Nearly due (due soon" in message.body


def test_review_due_no_email(cast):
    article = publish_article(cast)
    Article.objects.filter(pk=article.pk).update(next_review_due="2000-01-01")
    mail.outbox.clear()
    call_command("review_due", "--no-email", stdout=StringIO())
    assert mail.outbox == []


def test_overdue_article_stays_live_and_shows_its_due_date(client, cast):
    article = publish_article(cast)
    Article.objects.filter(pk=article.pk).update(next_review_due="2020-05-01")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Next review due" in html and "May 2020" in html
