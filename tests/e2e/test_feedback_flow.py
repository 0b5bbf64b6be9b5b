"""A reader reports an error; a moderator sends the article back for review."""

import pytest
from playwright.sync_api import expect

from feedback.models import FeedbackReport
from tests.e2e.conftest import login
from tests.factories import publish_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_reports_and_moderator_sends_back(page, live_server, cast):
    article = publish_article(cast, title="Iron supplements")
    base = live_server.url

    # The reader answers "No" and explains, without leaving the page.
    page.goto(f"{base}/articles/{article.slug}/")
    page.click("button[value=no]")
    panel = page.locator(".feedback-panel")
    expect(panel).to_contain_text("you can tell us more")
    page.check("text=It is out of date")
    page.fill("textarea[name=details]", "The ferritin threshold changed in 2025.")
    page.click("text=Send report")
    expect(panel).to_contain_text("Thank you. Our editors read every report")
    assert page.url == f"{base}/articles/{article.slug}/"
    report = FeedbackReport.objects.get()
    assert report.reason == "outdated"
    assert report.revision == article.live_revision

    # The moderator reads it next to the text the reader saw and sends it back.
    login(page, live_server, "mod")
    page.goto(f"{base}/admin/feedback/feedbackreport/")
    page.click("text=Iron supplements")
    expect(page.locator("body")).to_contain_text("ferritin threshold changed")
    page.fill("#moderation-note", "Check the 2025 ferritin guidance.")
    page.click("button[value=rereview]")
    expect(page.locator(".messagelist")).to_contain_text("sent back for medical review")
    report.refresh_from_db()
    article.refresh_from_db()
    assert report.status == FeedbackReport.Status.NEEDS_REREVIEW
    assert "ferritin guidance" in article.rereview_reason


def test_feedback_without_javascript(browser, live_server, cast):
    article = publish_article(cast, title="Folic acid")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/articles/{article.slug}/")
    page.click("button[value=no]")
    page.check("text=A link is broken")
    page.click("text=Send report")
    expect(page.locator("h1")).to_have_text("Thank you for your feedback")
    assert FeedbackReport.objects.get().reason == "broken_link"
    context.close()
