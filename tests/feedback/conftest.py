import pytest

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
