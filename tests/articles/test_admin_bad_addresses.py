"""Admin addresses and filters with a malformed id answer 404, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, publish_article

BAD_IDS = ["abc", "1.5", "99999999999999999999999"]


@pytest.fixture
def no_raise(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("bad", BAD_IDS)
def test_revision_page_with_a_bad_id_is_404(no_raise, cast, bad):
    for user in (cast.chief, cast.reviewer.user):
        no_raise.force_login(user)
        response = no_raise.get(f"/admin/articles/revision/{bad}/change/")
        assert response.status_code == 404
        response = no_raise.post(f"/admin/articles/revision/{bad}/change/")
        assert response.status_code == 404


@pytest.mark.parametrize("bad", BAD_IDS)
def test_review_queue_item_with_a_bad_id_is_404(no_raise, cast, bad):
    no_raise.force_login(cast.reviewer.user)
    response = no_raise.get(f"/admin/articles/reviewqueueitem/{bad}/change/")
    assert response.status_code == 404


@pytest.mark.parametrize("bad", BAD_IDS)
def test_reviewer_filter_with_a_bad_id_lists_nothing(no_raise, cast, bad):
    live = publish_article(cast, title="Live one")
    ArticleFactory(title="Fresh draft")
    no_raise.force_login(cast.chief)
    url = reverse("admin:articles_article_changelist")
    response = no_raise.get(url, {"reviewer": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert live.title not in html and "Fresh draft" not in html
    good = no_raise.get(url, {"reviewer": cast.reviewer.pk})
    assert "Live one" in good.content.decode()
