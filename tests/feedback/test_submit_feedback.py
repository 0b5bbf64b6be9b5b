"""A reader answers "Was this article helpful?" and optionally says what was wrong."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from feedback.models import FeedbackReport
from feedback.services import client_hash


def details_url(response):
    assert response.status_code == 302
    return response["Location"]


def test_article_page_has_the_widget_without_cookies_or_tokens(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "Was this article helpful?" in html
    assert 'action="/feedback/vote/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert "<script>" not in html  # only the static, external script


def test_no_javascript_flow_vote_then_details_then_thanks(client, article, vote):
    url = details_url(vote("no", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox"))
    report = FeedbackReport.objects.get()
    assert report.helpful is False
    assert report.status == FeedbackReport.Status.VOTE  # nothing to triage yet
    assert report.revision == article.live_revision
    page = client.get(url)
    assert "Tell us more" in page.content.decode()
    assert "do not include personal information" in page.content.decode().lower()
    done = client.post(
        url,
        {"reason": "outdated", "details": "The dose changed in 2024.", "email": ""},
    )
    assert done.status_code == 302 and done["Location"] == "/feedback/thanks/"
    assert "Thank you" in client.get("/feedback/thanks/").content.decode()
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.NEW
    assert report.reason == "outdated"
    assert report.details == "The dose changed in 2024."
    assert report.user_agent == "Firefox"
    assert "203.0.113.9" not in report.client_hash
    assert len(report.client_hash) == 64
    assert not done.cookies


def test_javascript_flow_gets_json_and_the_form(client, article, vote):
    response = vote("no", json=True)
    body = response.json()
    assert 'name="details"' in body["form_html"]
    answer = client.post(
        body["details_url"],
        {"reason": "inaccurate", "details": "Wrong number."},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200
    assert "Thank you" in answer.json()["message"]
    assert FeedbackReport.objects.get().reason == "inaccurate"


def test_address_is_stored_only_as_a_salted_hash(rf, settings):
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")
    first = client_hash(request)
    settings.FEEDBACK_HASH_SALT = "another salt"
    assert client_hash(request) != first
    assert "198.51.100.7" not in first


@pytest.mark.parametrize("helpful", ["yes", "no"])
def test_a_bare_vote_is_not_an_open_report_until_details_arrive(client, vote, helpful):
    url = details_url(vote(helpful))
    report = FeedbackReport.objects.get()
    assert report.status == FeedbackReport.Status.VOTE
    assert not FeedbackReport.objects.open().exists()
    client.post(url, {"reason": "unclear", "details": "One link is dead."})
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.NEW
    assert FeedbackReport.objects.open().get() == report


def test_personal_data_is_flagged(client, vote):
    for text, flagged in [
        ("Call me on +44 7700 900123 please", True),
        ("Email me at jo@example.org", True),
        ("The trial (PMID 12345678) was published on 2023-01-15.", False),
    ]:
        cache.clear()
        url = details_url(vote("no"))
        client.post(url, {"reason": "other", "details": text})
        assert FeedbackReport.objects.latest("pk").has_personal_data is flagged, text


def test_email_is_kept_only_with_consent(client, vote):
    url = details_url(vote("no"))
    refused = client.post(url, {"reason": "other", "details": "x", "email": "a@b.org"})
    assert refused.status_code == 400
    assert "tick this box" in refused.content.decode()
    assert "a@b.org" in refused.content.decode()  # nothing typed is lost
    assert FeedbackReport.objects.get().email == ""
    client.post(
        url, {"reason": "other", "details": "x", "email": "a@b.org", "consent": "on"}
    )
    report = FeedbackReport.objects.get()
    assert report.email == "a@b.org" and report.consent_to_contact


def test_details_can_be_added_only_once(client, vote):
    url = details_url(vote("no"))
    client.post(url, {"reason": "other", "details": "first"})
    again = client.post(url, {"reason": "other", "details": "second"})
    assert again.status_code == 400
    assert FeedbackReport.objects.get().details == "first"


def test_empty_details_form_is_reshown_with_a_message(client, vote):
    url = details_url(vote("no"))
    response = client.post(url, {"reason": "", "details": "   "})
    assert response.status_code == 400
    assert "Choose what was wrong or tell us more." in response.content.decode()


def test_line_breaks_count_once(client, vote):
    # The box counts a line break as one character; browsers send it as CRLF.
    lines = ["x" * 102] * 12 + ["x" * 14]  # 1,238 characters and 12 line breaks
    typed = "\n".join(lines)
    assert len(typed) == 1250
    url = details_url(vote("no"))
    response = client.post(
        url, {"reason": "other", "details": typed.replace("\n", "\r\n")}
    )
    assert response.status_code == 302
    report = FeedbackReport.objects.get()
    assert report.details == typed  # stored with plain line breaks
    assert "\r" not in report.details


def test_one_character_too_many_is_still_refused_after_normalising(client, vote):
    url = details_url(vote("no"))
    text = "\r\n".join(["x" * 103] * 11 + ["x" * 107])  # 1,240 + 11 line breaks
    response = client.post(url, {"reason": "other", "details": text})
    assert response.status_code == 400
    assert "at most 1250 characters (it has 1251)" in response.content.decode()
    assert FeedbackReport.objects.get().details == ""


def test_control_characters_in_the_user_agent_are_stripped(vote):
    agent = "Mozilla/5.0\x00 (X11;\x01 Linux)\x7f\x1b[31m" + "y" * 400
    response = vote("no", HTTP_USER_AGENT=agent)
    assert response.status_code == 302
    stored = FeedbackReport.objects.get().user_agent
    assert stored.startswith("Mozilla/5.0 (X11; Linux)[31myyy")
    assert len(stored) == FeedbackReport._meta.get_field("user_agent").max_length
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in stored)


def test_a_nul_in_the_user_agent_is_not_a_500(client, vote):
    url = details_url(vote("no", HTTP_USER_AGENT="\x00"))
    report = FeedbackReport.objects.get()
    assert report.user_agent == ""
    done = client.post(url, {"reason": "other"}, HTTP_USER_AGENT="bad\x00agent")
    assert done.status_code == 302


def test_a_vote_from_a_cached_article_page_is_accepted(article):
    reader = Client()
    first = reader.get(article.get_absolute_url())
    cached = reader.get(article.get_absolute_url())
    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    html = cached.content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="feedback-vote">'
        r"(.*?)</form>",
        html,
        re.S,
    )
    action, body = form.groups()
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body)
    )
    fields.update(website="", helpful="no")
    origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    response = reader.post(action, fields, headers=origin)
    assert response.status_code == 302
    assert response["Location"].startswith("/feedback/report/")
    report = FeedbackReport.objects.get()
    assert report.revision == article.live_revision and report.helpful is False
    answer = reader.post(response["Location"], {"reason": "outdated"}, headers=origin)
    assert answer.status_code == 302
