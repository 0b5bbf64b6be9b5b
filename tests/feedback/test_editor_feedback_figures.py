"""Editors see the helpful share (90 days) and open reports per article."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackReport
from tests.factories import publish_article

S = FeedbackReport.Status


def add(article, helpful, status=S.NEW, age_days=0):
    report = FeedbackReport.objects.create(
        article=article, revision=article.live_revision, helpful=helpful, status=status
    )
    FeedbackReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )


def test_article_list_shows_and_sorts_by_open_reports(client, cast):
    quiet = publish_article(cast, title="Quiet article")
    busy = publish_article(cast, title="Busy article")
    add(busy, False)
    add(busy, False, status=S.TRIAGED)
    add(busy, True, status=S.RESOLVED)
    add(busy, True, status=S.RESOLVED)
    add(busy, False, status=S.SPAM, age_days=200)  # outside the 90 days, closed
    add(quiet, True, status=S.RESOLVED)
    client.force_login(cast.editor)
    url = reverse("admin:articles_article_changelist")
    html = client.get(url).content.decode()
    assert "50% of 4" in html  # busy: 2 of 4 recent answers said yes
    assert "100% of 1" in html
    column = "Open reports"
    assert column in html
    # Sort by open reports, most first.
    ordered = client.get(url, {"o": "-7"}).content.decode()
    assert ordered.index("Busy article") < ordered.index("Quiet article")
    change = client.get(reverse("admin:articles_article_change", args=[busy.pk]))
    assert "2 open report(s)" in change.content.decode()
