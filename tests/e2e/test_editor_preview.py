"""The article form's live preview, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reference_typed_in_the_form_is_cited_in_the_preview(page, live_server, cast):
    article = ArticleFactory(created_by=cast.editor, title="Preview check")
    ReferenceFactory(article=article)
    login(page, live_server, "ed")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    preview = page.locator(".markdownx-preview")
    expect(preview).to_contain_text("Regular walking lowers blood pressure")
    page.click("text=Add another Reference")
    page.fill("#id_references-1-key", "fresh2025")
    page.fill("#id_references-1-title", "A fresh randomised trial")
    page.fill("#id_body", "Walking helps [@smith2020; @fresh2025].")
    expect(preview).to_contain_text("A fresh randomised trial")
    expect(preview).not_to_contain_text("Unknown citation key")
    # Nothing was saved: the preview only renders.
    article.refresh_from_db()
    assert article.references.count() == 1


def test_editor_and_preview_sit_side_by_side_on_wide_screens(page, live_server, cast):
    article = ArticleFactory(created_by=cast.editor)
    login(page, live_server, "ed")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator("#id_body").bounding_box()
    preview = page.locator(".markdownx-preview").bounding_box()
    assert preview["x"] > editor["x"] + editor["width"] - 1
    page.set_viewport_size({"width": 360, "height": 800})
    editor = page.locator("#id_body").bounding_box()
    preview = page.locator(".markdownx-preview").bounding_box()
    assert preview["y"] >= editor["y"] + editor["height"] - 1


def test_typing_a_citation_offers_the_articles_reference_keys(page, live_server, cast):
    article = ArticleFactory(created_by=cast.editor, body="Start.")
    ReferenceFactory(article=article, key="smith2020")
    ReferenceFactory(article=article, key="who2023", position=2)
    login(page, live_server, "ed")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    body = page.locator("#id_body")
    body.fill("")
    body.press_sequentially("Walk daily [@w")
    offered = page.locator(".cite-keys button")
    expect(offered).to_have_text(["who2023"])  # only keys starting with "w"
    offered.first.click()
    assert body.input_value() == "Walk daily [@who2023]"
    expect(page.locator(".cite-keys")).to_be_hidden()
    body.press_sequentially(" and [@")
    expect(offered).to_have_text(["smith2020", "who2023"])
