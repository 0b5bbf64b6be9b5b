"""Periodic review: which published articles are overdue or due soon."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from .models import Article

DUE_SOON_DAYS = 30


def due_for_review(*, today=None, within_days=DUE_SOON_DAYS):
    """Return (overdue, due_soon) lists of published articles, oldest due first."""
    today = today or timezone.localdate()
    articles = (
        Article.objects.published()
        .filter(next_review_due__lte=today + timedelta(days=within_days))
        .select_related("live_revision__decided_by__user")
        .order_by("next_review_due", "pk")
    )
    overdue, due_soon = [], []
    for article in articles:
        (overdue if article.next_review_due < today else due_soon).append(article)
    return overdue, due_soon


def remind_reviewers(overdue, due_soon):
    """E-mail each reviewer the list of their articles due; return e-mails sent."""
    by_reviewer = defaultdict(list)
    for label, articles in (("OVERDUE", overdue), ("due soon", due_soon)):
        for article in articles:
            reviewer = article.live_revision.decided_by
            if reviewer and reviewer.user.email:
                by_reviewer[reviewer].append((label, article))
    messages = []
    for reviewer, items in by_reviewer.items():
        lines = [
            f"- {article.title} ({label}, due {article.next_review_due:%d %B %Y}): "
            f"{settings.SITE_URL}"
            f"{reverse('admin:articles_article_change', args=[article.pk])}"
            for label, article in items
        ]
        messages.append(
            (
                f"Periodic review: {len(items)} article(s) due",
                "These articles you approved are due for their periodic review:\n\n"
                + "\n".join(lines)
                + "\n",
                None,
                [reviewer.user.email],
            )
        )
    return send_mass_mail(messages, fail_silently=False) if messages else 0
