"""A reader answers "Was this article helpful?" and optionally says what was wrong."""

from django.core.cache import cache

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
    assert report.status == FeedbackReport.Status.NEW
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


def test_yes_vote_needs_no_triage_until_details_arrive(client, vote):
    url = details_url(vote("yes"))
    report = FeedbackReport.objects.get()
    assert report.status == FeedbackReport.Status.RESOLVED
    client.post(url, {"reason": "unclear", "details": "Helpful but one link is dead."})
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.NEW


def test_personal_data_is_flagged(client, vote):
    for text, flagged in [
        ("Call me on +44 7700 900123 please", True),
        ("Email me at jo@example.org", True),
        ("The 2019 trial enrolled 1,200 people.", False),
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
