"""The public site in a real browser: search, small screens, keyboard, axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from playwright.sync_api import expect

from articles import workflow
from cms.errors import server_error
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GuidelineFactory,
    ReferenceFactory,
    TopicFactory,
)
from tests.factories import publish_article as publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def article(cast):
    """Return a live article with three references, two cited twice."""
    topic = TopicFactory(name="Hydration", slug="hydration")
    author = AuthorFactory(name="Lena Ortiz", slug="lena-ortiz", credentials="RN")
    article = ArticleFactory(
        title="Drinking water in hot weather",
        slug="drinking-water-in-hot-weather",
        topic=topic,
        authors=[author],
        summary="How much to drink when it is hot, and the signs of dehydration.",
        body=(
            "Thirst is a late sign of dehydration in older adults [@smith2020].\n\n"
            "## How much to drink\n\n"
            "Most adults need more fluid in a heatwave [@who2023; @smith2020]. "
            "A very long unbroken reference like "
            "https://example.org/an/extremely/long/address/that/must/wrap/on/phones "
            "must not widen the page [@nhs2024].\n\n"
            "| Age | Fluid per day |\n| --- | --- |\n| Adult | 1.5 to 2 litres |\n"
        ),
    )
    ReferenceFactory(article=article)
    GuidelineFactory(
        article=article,
        title="Heat and health",
        container="World Health Organization",
        url="https://www.who.int/news-room/fact-sheets/detail/climate-change-heat-and-health",
    )
    ReferenceFactory(
        article=article, key="nhs2024", title="Dehydration", pmid="", position=2
    )
    return publish(cast, article)


def scan(page):
    """Return axe-core's report of WCAG 2.2 A/AA violations on PAGE ("" if none)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return "" if results.violations_count == 0 else results.generate_report()


def test_search_from_the_header_finds_highlights_and_opens(page, live_server, article):
    page.goto(f"{live_server.url}/")
    search = page.get_by_role("search", name="Site")
    search.get_by_label("Search articles").fill("dehydration")
    search.get_by_label("Search articles").press("Enter")
    page.wait_for_url("**/search/?q=dehydration")
    expect(page.locator("h1")).to_have_text("Search results for “dehydration”")
    result = page.locator(".search-results li").first
    expect(result.locator("mark").first).to_have_text("dehydration")
    result.get_by_role("link", name="Drinking water in hot weather").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Drinking water in hot weather")


@pytest.mark.parametrize(("width", "height"), [(320, 640), (390, 844)])
def test_article_reads_on_small_screens_without_sideways_scrolling(
    browser, live_server, article, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        for path in [article.get_absolute_url(), "/", "/search/?q=water"]:
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("h1")).to_be_visible()
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll_width <= inner_width, (path, scroll_width, inner_width)
        # Header controls stay usable: the search box is on screen and wide enough.
        box = page.get_by_label("Search articles").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["height"] >= 24
    finally:
        context.close()


def active(page, script):
    return page.evaluate(f"(() => {{ const el = document.activeElement; {script} }})()")


def tab_until(page, condition, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, f"return Boolean({condition});"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_keyboard_reaches_a_reference_and_comes_back(page, live_server, article):
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.locator("body").focus()

    # The skip link comes first and leads to the main content.
    page.keyboard.press("Tab")
    assert active(page, "return el.textContent;") == "Skip to content"

    tab_until(page, "el.id === 'cite-1-1'")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#ref-1"
    expect(page.locator("#ref-1")).to_be_in_viewport()

    # Reading continues from the reference: its links come next, then the way back.
    page.keyboard.press("Tab")
    assert active(page, "return el.closest('#ref-1') !== null;")
    tab_until(page, "el.getAttribute('href') === '#cite-1-1'", limit=5)
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#cite-1-1"
    expect(page.locator("#cite-1-1")).to_be_in_viewport()
    page.keyboard.press("Tab")
    # The next stop is the next link after the citation, not the top of the page.
    assert active(page, "return el.id;") == "cite-2-1"


def test_focus_is_visible(page, live_server, article):
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the brand link in the dark header
    outline = active(
        page,
        "const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth];",
    )
    assert outline[0] == "solid" and float(outline[1].rstrip("px")) >= 2


@pytest.fixture
def withdrawn(cast):
    """Return the path of a withdrawn article (answered with 410)."""
    gone = publish(cast, title="Salt tablets for cramp", slug="salt-tablets")
    workflow.withdraw(gone, by=cast.chief, reason="Under review.")
    return gone.get_absolute_url()


@pytest.fixture
def feedback_details(browser, live_server, article):
    """Return the path of the optional-details page a reader reaches after "No".

    Without JavaScript the vote redirects there; with it, the same form is
    shown in the article, which the article scan covers.
    """
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        page.click("button[value=no]")
        page.wait_for_url("**/feedback/report/**")
        return page.url.removeprefix(live_server.url)
    finally:
        context.close()


@pytest.fixture
def axe_paths(article, cast, withdrawn, feedback_details):
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "topic": article.topic.get_absolute_url(),
        "author": article.authors.get().get_absolute_url(),
        "reviewer": cast.reviewer.get_absolute_url(),
        "search results": "/search/?q=water",
        "search, nothing found": "/search/?q=zzzzqqq",
        "disclaimer": "/disclaimer/",
        "editorial policy": "/editorial-policy/",
        "about": "/about/",
        "contact": "/contact/",
        "advertising policy": "/advertising-policy/",
        "privacy": "/privacy/",
        "corrections": "/corrections/",
        "feedback details": feedback_details,
        "feedback thanks": "/feedback/thanks/",
        "not found": "/no-such-page/",
        "withdrawn": withdrawn,
    }


EXPECTED_STATUS = {"not found": 404, "withdrawn": 410}


def test_public_pages_pass_axe_core_wcag_22_aa(page, live_server, axe_paths, settings):
    # With the publisher's details set, so their blocks on About, Contact and in
    # the footer are scanned too.
    settings.PUBLISHER_NAME = "Healthwise Media Ltd"
    settings.PUBLISHER_ADDRESS = "12 Harbour Road, Edinburgh EH6 6XX"
    settings.RESPONSIBLE_EDITOR = "Dr Maya Chen, editor-in-chief"
    settings.CONTACT_EMAIL = "editors@healthwise.example"
    failures = {}
    for name, path in axe_paths.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == EXPECTED_STATUS.get(name, 200), name
        report = scan(page)
        if report:
            failures[name] = report
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


def test_server_error_page_passes_axe_core(page, live_server):
    # The 500 page is what cms.errors.server_error renders; no URL serves it on
    # purpose, so it is loaded into a page on the live server's origin, where
    # its plain /static/css/site.css path finds the site's stylesheet.
    html = server_error(RequestFactory().get("/")).content.decode()
    page.goto(f"{live_server.url}/robots.txt")
    page.set_content(html)
    expect(page.locator("h1")).to_have_text("Something went wrong on our side")
    # The stylesheet applied: the header has the site's dark background.
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    assert scan(page) == ""


def test_article_passes_axe_core_on_a_phone(browser, live_server, article):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        assert scan(page) == ""
    finally:
        context.close()


def test_print_shows_references_with_their_addresses(page, live_server, article):
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.emulate_media(media="print")
    expect(page.locator(".references-section")).to_be_visible()
    expect(page.locator(".site-search")).to_be_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.ref-links a'), '::after').content"
    )
    assert "https://doi.org/10.1136/bmj.m1234" in after
