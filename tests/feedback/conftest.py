import pytest

from feedback.models import FeedbackReport
from tests.factories import publish_article


@pytest.fixture
def article(cast):
    return publish_article(cast, title="Vitamin D in winter")


@pytest.fixture
def vote(client, article):
    """Post a Yes/No answer for the live revision; return the response."""

    def post(helpful="no", json=False, **extra):
        data = {
            "article": article.slug,
            "revision": article.live_revision_id,
            "helpful": helpful,
            "website": "",
        }
        data.update(extra.pop("data", {}))
        headers = {"Accept": "application/json"} if json else {}
        headers.update(extra.pop("headers", {}))
        return client.post("/feedback/vote/", data, headers=headers, **extra)

    return post


@pytest.fixture
def report(article):
    """Return an open report on ARTICLE from a reader who may be e-mailed."""
    return FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="outdated",
        details="The recommended dose changed last year.",
        email="reader@example.org",
        consent_to_contact=True,
    )
