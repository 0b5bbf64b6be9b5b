"""Requests Django refuses before any view runs get a 400 with a readable reason."""

import pytest
from django.test import override_settings

from tests.factories import publish_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(cast):
    article = publish_article(cast)
    return {
        "article": article.slug,
        "revision": article.live_revision_id,
        "helpful": "no",
    }


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_too_many_fields_is_a_400_with_a_reason(client, vote):
    junk = {f"f{i}": "x" for i in range(50)}
    page = client.post("/feedback/vote/", {**vote, **junk})
    assert page.status_code == 400
    assert "too many fields" in page.text
    assert "<h1>We could not read that request</h1>" in page.text
    script = client.post(
        "/feedback/vote/", {**vote, **junk}, headers={"accept": "application/json"}
    )
    assert script.status_code == 400
    assert "too many fields" in script.json()["error"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_is_a_400_with_a_reason(client, vote):
    response = client.post(
        "/feedback/vote/",
        {**vote, "details": "x" * 5000},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
