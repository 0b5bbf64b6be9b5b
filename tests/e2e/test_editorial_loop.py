"""The whole editorial loop in Chromium, each step as its person does it.

An editor writes and submits; the fact checker approves; the reviewer comments
on a passage and asks for changes; the editor answers and resubmits; the fact
checker approves again; the reviewer compares with the revision sent back and
approves; the chief editor schedules; the scheduler
publishes; a reader reports a problem; a moderator sends the article for
re-review, and it is on the reviewer's dashboard.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from cms import scheduler
from tests.e2e.conftest import login
from tests.factories import AuthorFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Walking and blood pressure"


def select_words(page, words):
    """Select WORDS in the rendered revision, as a reader's mouse would."""
    page.wait_for_load_state("load")  # the deferred script listens from then on
    page.evaluate(
        """(words) => {
          const root = document.querySelector('.rendered-article');
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return;
          }
          throw new Error('words not found: ' + words);
        }""",
        words,
    )


def write_and_submit(page, base):
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_topic", label="Heart health")
    page.click("#id_authors + .select2 .select2-selection")
    page.fill(".select2-search__field", "Ada")
    page.click(".select2-results__option >> text=Ada Byline")
    page.fill("#id_summary", "How much walking helps, and for whom.")
    page.fill(
        "#id_body",
        "Brisk walking lowers blood pressure [@lee2021].\n\n"
        "Thirty minutes a day is enough for most adults.",
    )
    page.click("text=Add another Reference")
    page.fill("#id_references-0-key", "lee2021")
    page.fill("#id_references-0-authors", "Lee LL, Watson MC")
    page.fill("#id_references-0-title", "Walking for hypertension: a review")
    page.fill("#id_references-0-container", "J Hypertens")
    page.fill("#id_references-0-year", "2021")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.click("text=Submit for review")
    page.select_option("#id_assignee_fact_check", label="Sam Okafor, MSc")
    page.select_option("#id_assignee_medical_review", label="Priya Raman, MD, MRCP")
    page.fill("#id_change_note", "First version.")
    page.click("input[value='Submit for review']")
    expect(page.locator(".messagelist")).to_contain_text(
        "Sam Okafor has the first step"
    )


def comment_and_send_back(page, base):
    page.goto(f"{base}/admin/")
    page.click("#panel-review-queue >> text=" + TITLE)
    select_words(page, "Thirty minutes a day")
    expect(page.locator("#id_passage")).to_have_value("Thirty minutes a day")
    page.fill("#id_body", "Which guideline says thirty minutes?")
    page.click("input[value='Add comment']")
    thread = page.locator(".comment-thread").first
    expect(thread).to_contain_text("On “Thirty minutes a day”")
    page.check("input[value=request_changes]")
    page.fill("#id_comment", "Please cite the guideline for the dose.")
    page.click("input[value='Send decision']")
    expect(page.locator(".messagelist")).to_contain_text("Changes requested")


def answer_and_resubmit(page, base):
    page.goto(f"{base}/admin/")
    sent_back = page.locator("#panel-sent-back")
    expect(sent_back).to_contain_text("Please cite the guideline for the dose.")
    sent_back.locator(f"text={TITLE}").first.click()
    thread = page.locator(".comment-thread").first
    expect(thread).to_contain_text("Which guideline says thirty minutes?")
    thread.locator("textarea").fill("The WHO advises 150 minutes a week; changed.")
    thread.locator("button[value=reply]").click()
    expect(page.locator(".messagelist")).to_contain_text("Answer added")
    page.fill(
        "#id_body",
        "Brisk walking lowers blood pressure [@lee2021].\n\n"
        "The WHO advises 150 minutes a week for most adults.",
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.click("text=Submit for review")
    page.select_option("#id_assignee_fact_check", label="Sam Okafor, MSc")
    page.select_option("#id_assignee_medical_review", label="Priya Raman, MD, MRCP")
    page.fill("#id_change_note", "Dose as the WHO gives it.")
    page.click("input[value='Submit for review']")
    expect(page.locator(".messagelist")).to_contain_text(
        "Sam Okafor has the first step"
    )


def fact_check(page, base):
    """The fact checker approves the revision waiting for them, from the dashboard."""
    page.goto(f"{base}/admin/")
    page.click("#panel-review-queue >> text=" + TITLE)
    page.check("input[value=approve]")
    page.check("#id_claims_match_sources")
    page.check("#id_figures_checked")
    page.check("#id_no_conflict")
    page.click("input[value='Send decision']")
    expect(page.locator(".messagelist")).to_contain_text("Your step is approved")


def compare_and_approve(page, base):
    page.goto(f"{base}/admin/")
    page.click("#panel-review-queue >> text=" + TITLE)
    changes = page.locator("section[aria-labelledby=changes]")
    expect(changes).to_contain_text("Since revision 1 (changes requested)")
    expect(changes).to_contain_text("Please cite the guideline for the dose.")
    expect(changes.locator("ins").first).to_contain_text("150")
    thread = page.locator(".comment-thread").first
    expect(thread).to_contain_text("The passage has changed")
    expect(thread).to_contain_text("The WHO advises 150 minutes a week; changed.")
    thread.locator("button[value=resolve]").click()
    expect(page.locator(".messagelist")).to_contain_text("Thread resolved")
    page.check("input[value=approve]")
    page.check("#id_sources_checked")
    page.check("#id_no_conflict")
    page.check("#id_safe_for_audience")
    page.fill("#id_comment", "Dose and source agree.")
    page.click("input[value='Send decision']")
    expect(page.locator(".messagelist")).to_contain_text("Approved.")


def schedule(page, base, go_live):
    page.goto(f"{base}/admin/")
    page.click("#panel-approved >> text=" + TITLE)
    page.fill("#id_go_live_at", f"{timezone.localtime(go_live):%Y-%m-%d %H:%M}")
    page.click("input[value='Schedule…']")
    expect(page.locator("#content-main")).to_contain_text(TITLE)
    page.click("input[value^='Schedule for']")
    expect(page.locator(".messagelist")).to_contain_text("Scheduled")


def report_problem(page, base, slug):
    page.context.clear_cookies()
    page.goto(f"{base}/articles/{slug}/")
    expect(page.locator("main")).to_contain_text("150 minutes a week")
    expect(page.locator("main")).not_to_contain_text("Which guideline")  # private
    page.click("button[value=no]")
    page.check("text=It is out of date")
    page.fill("textarea[name=details]", "The 2026 guideline changed the dose.")
    page.click("text=Send report")
    expect(page.locator(".feedback-panel")).to_contain_text("Thank you.")


def send_for_rereview(page, base):
    page.goto(f"{base}/admin/feedback/feedbackreport/")
    page.click(f"text={TITLE}")
    page.fill("#moderation-note", "Check the 2026 guideline.")
    page.click("button[value=rereview]")
    expect(page.locator(".messagelist")).to_contain_text("sent back for medical review")


def test_the_whole_editorial_loop(page, live_server, cast):
    TopicFactory(name="Heart health", slug="heart-health")
    AuthorFactory(name="Ada Byline", credentials="MPH")
    base = live_server.url

    login(page, live_server, "ed")
    write_and_submit(page, base)
    login(page, live_server, "fc")
    fact_check(page, base)
    login(page, live_server, "rev")
    comment_and_send_back(page, base)
    login(page, live_server, "ed")
    answer_and_resubmit(page, base)
    login(page, live_server, "fc")  # a new revision starts at the fact check
    fact_check(page, base)
    login(page, live_server, "rev")
    compare_and_approve(page, base)

    go_live = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    login(page, live_server, "chief")
    schedule(page, base, go_live)
    article = Article.objects.get(title=TITLE)
    assert not article.is_published
    scheduler.tick(now=go_live - timedelta(seconds=30))  # not yet
    article.refresh_from_db()
    assert not article.is_published
    scheduler.tick(now=go_live + timedelta(seconds=5))
    article.refresh_from_db()
    assert article.is_published and article.live_revision.number == 2

    report_problem(page, base, article.slug)
    login(page, live_server, "mod")
    send_for_rereview(page, base)

    login(page, live_server, "rev")
    page.goto(f"{base}/admin/")
    again = page.locator("#panel-review-again")
    expect(again).to_contain_text(TITLE)
    expect(again).to_contain_text("Check the 2026 guideline.")
