"""Editor -> reviewer -> chief -> reader, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import ReferenceFactory, publish_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edit_review_publish_shows_new_text_and_reviewer(page, live_server, cast):
    article = publish_article(cast, title="Hydration in hot weather")
    ReferenceFactory(article=article, key="who2023", title="Heat and health", pmid="")
    base = live_server.url

    # The editor changes the text, sees the live preview, and submits.
    login(page, live_server, "ed")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    body = page.locator("textarea#id_body")
    body.fill("Drink water regularly in the heat [@smith2020; @who2023].")
    preview = page.locator(".markdownx-preview")
    expect(preview).to_contain_text("Heat and health")  # rendered with references
    expect(preview.locator("a[role=doc-biblioref]")).to_have_count(2)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    page.click("text=Submit for review")
    page.select_option("#id_assignee_fact_check", label="Sam Okafor, MSc")
    page.select_option("#id_assignee_medical_review", label="Priya Raman, MD, MRCP")
    page.fill("#id_change_note", "Added advice on heat.")
    page.click("input[value='Submit for review']")
    page.wait_for_selector("text=Submitted for review; Sam Okafor has the first step.")

    # The public page still shows the approved text.
    page.goto(f"{base}/articles/{article.slug}/")
    assert "Drink water regularly" not in page.inner_text("main")

    # The fact checker checks it first: the reviewer's queue is empty until then.
    login(page, live_server, "rev")
    page.goto(f"{base}/admin/articles/reviewqueueitem/")
    expect(page.locator("#result_list")).to_have_count(0)
    login(page, live_server, "fc")
    page.goto(f"{base}/admin/articles/reviewqueueitem/")
    page.click("text=Hydration in hot weather")
    expect(page.locator("h2", has_text="Your decision")).to_contain_text("fact check")
    page.check("input[value=approve]")
    page.check("#id_claims_match_sources")
    page.check("#id_figures_checked")
    page.check("#id_no_conflict")
    page.click("input[value='Send decision']")
    page.wait_for_selector(
        "text=Your step is approved; the next reviewer has been asked."
    )

    # The assigned reviewer finds it in the queue, reads the diff and approves.
    login(page, live_server, "rev")
    page.goto(f"{base}/admin/articles/reviewqueueitem/")
    page.click("text=Hydration in hot weather")
    assert "Drink water regularly" in page.inner_text(".diff >> nth=0 >> ins")
    page.check("input[value=approve]")
    page.check("#id_sources_checked")
    page.check("#id_no_conflict")
    page.check("#id_safe_for_audience")
    page.fill("#id_comment", "Checked both sources.")
    page.click("input[value='Send decision']")
    page.wait_for_selector(
        "text=Approved. The chief editors have been told it is ready."
    )

    # The chief editor publishes it now.
    login(page, live_server, "chief")
    page.goto(f"{base}/admin/articles/revision/")
    page.click("text=Hydration in hot weather >> nth=0")
    # Two clicks: "Publish now…", then confirm on the page that shows what goes live.
    page.click("text=Publish now…")
    assert "Replaces" in page.inner_text("#content-main")
    assert "revision 1, live since" in page.inner_text("#content-main")
    page.click("input[value='Publish now']")
    page.wait_for_selector("text=Published.")

    # A reader sees the new text, its citations and the reviewer's name.
    page.context.clear_cookies()
    page.goto(f"{base}/articles/{article.slug}/")
    main = page.inner_text("main")
    assert "Drink water regularly in the heat" in main
    assert "Fact checked by Sam Okafor, MSc" in main
    assert "Medically reviewed by Priya Raman, MD, MRCP" in main
    assert "Added advice on heat." in main
    page.click("a[href='#ref-2']")
    assert page.evaluate("location.hash") == "#ref-2"
