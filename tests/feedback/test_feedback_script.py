"""The feedback script works in browsers without SubmitEvent.submitter.

Safari before 15.4 has no event.submitter; the script must still send the
button the reader pressed. The browser here is Chromium with the property
removed before any page script runs.
"""

import os
import threading

import pytest
from playwright.sync_api import expect, sync_playwright

from feedback.models import FeedbackReport

# Importing the browser suite's settings also allows the ORM next to Playwright.
from tests.e2e.conftest import CHROMIUM
from tests.factories import publish_article

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason=f"Chromium not found at {CHROMIUM}",
    ),
]

NO_SUBMITTER = """
delete SubmitEvent.prototype.submitter;
window.__noSubmitter = !("submitter" in SubmitEvent.prototype);
"""


def in_browser(scenario):
    """Run SCENARIO(page) in Chromium, re-raising anything it raised.

    Playwright's sync API allows one instance per thread, and the browser
    suite's session-wide instance may be running in this one: use another.
    """
    failures = []

    def run():
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                try:
                    page = browser.new_page()
                    page.set_default_timeout(15_000)
                    scenario(page)
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test thread below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_vote_without_event_submitter(live_server, cast, answer):
    article = publish_article(cast, title="Hay fever")
    url = f"{live_server.url}{article.get_absolute_url()}"

    def reader(page):
        page.add_init_script(NO_SUBMITTER)
        page.goto(url)
        assert page.evaluate("window.__noSubmitter")
        page.click(f"button[value={answer}]")
        panel = page.locator(".feedback-panel")
        expect(panel).to_contain_text("you can tell us more")
        page.fill("textarea[name=details]", "The pollen section is out of date.")
        page.click("text=Send report")
        expect(panel).to_contain_text("Thank you. Our editors read every report")

    in_browser(reader)
    report = FeedbackReport.objects.get()
    assert report.helpful is (answer == "yes")
    assert report.details == "The pollen section is out of date."
