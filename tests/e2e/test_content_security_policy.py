"""The strict Content-Security-Policy holds, and every screen still works under it.

The browser reports each blocked script, style or connection as a
`securitypolicyviolation` event; a page that needed something the policy forbids
would show up here (and usually be broken for its users).
"""

import pytest
from playwright.sync_api import expect

from feedback.models import FeedbackReport
from tests.e2e.conftest import login
from tests.factories import ArticleFactory, ReferenceFactory, publish_article, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || location.pathname}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    """Return the page, recording every CSP violation and console CSP error."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def violations(page):
    return page.evaluate("window.__cspViolations") + page.csp_errors


def visit(page, url):
    response = page.goto(url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert found == [], f"{url}: {found}"
    return response


def test_public_pages_and_feedback_work_under_the_policy(watched, live_server, cast):
    article = publish_article(cast, title="Sleep and shift work")
    base = live_server.url
    for path in [
        "/",
        article.get_absolute_url(),
        article.topic.get_absolute_url(),
        cast.reviewer.get_absolute_url(),
        "/search/?q=sleep",
        "/editorial-policy/",
        "/no-such-page/",
    ]:
        visit(watched, f"{base}{path}")

    # The feedback script runs (it is a static file) and posts without leaving.
    visit(watched, f"{base}{article.get_absolute_url()}")
    watched.click("button[value=no]")
    watched.check("text=It is out of date")
    watched.click("text=Send report")
    expect(watched.locator(".feedback-panel")).to_contain_text(
        "Our editors read every report"
    )
    assert watched.url == f"{base}{article.get_absolute_url()}"
    assert FeedbackReport.objects.get().reason == "outdated"
    assert violations(watched) == []


def test_admin_and_markdown_editor_work_under_the_policy(watched, live_server, cast):
    live = publish_article(cast, title="Vitamin D in winter")
    draft = ArticleFactory(title="Caffeine in pregnancy")
    ReferenceFactory(article=draft, key="smith2020")
    revision = submit(draft, cast)
    base = live_server.url

    login(watched, live_server, "ed")
    for path in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{live.pk}/change/",
    ]:
        visit(watched, f"{base}{path}")

    # django-markdownx's live preview runs and renders through our renderer.
    watched.goto(f"{base}/admin/articles/article/{draft.pk}/change/")
    watched.locator("textarea#id_body").fill("**Half** a cup is plenty [@smith2020].")
    preview = watched.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("Half")
    expect(preview.locator("a[role=doc-biblioref]")).to_have_count(1)
    assert violations(watched) == []

    login(watched, live_server, "rev")
    visit(watched, f"{base}/admin/articles/reviewqueueitem/")
    visit(watched, f"{base}/admin/articles/revision/{revision.pk}/change/")

    login(watched, live_server, "mod")
    visit(watched, f"{base}/admin/feedback/feedbackreport/")
