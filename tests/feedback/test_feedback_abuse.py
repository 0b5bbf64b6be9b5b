"""Abuse and bad input: honeypot, rate limit, duplicates, hostile and broken data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from feedback.models import FeedbackReport
from tests.factories import ArticleFactory

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE feedback_feedbackreport; --",
    "%s%s%s%n{0}{__class__}",
    "{{ settings.SECRET_KEY }}",
    "\u202eevil\u202c",
    "👩🏽‍⚕️" * 50,  # 250 code points
    "A" * 1250,
    "null\x00byte",
    "javascript:alert(1)",
    "../../etc/passwd",
]


def test_honeypot_looks_fine_but_stores_nothing(vote):
    response = vote("no", data={"website": "http://spam.example"})
    assert response.status_code == 302
    assert FeedbackReport.objects.count() == 0


def test_rate_limit_answers_429_with_a_readable_message(vote, settings):
    settings.FEEDBACK_RATE = "3/m"
    for _ in range(3):
        assert vote("no").status_code == 302
    limited = vote("no")
    assert limited.status_code == 429
    assert "wait a few minutes" in limited.content.decode()
    assert vote("no", json=True).json()["error"].startswith("You have sent a lot")
    assert FeedbackReport.objects.count() == 3


def test_rate_limit_is_per_client(vote, settings):
    settings.FEEDBACK_RATE = "1/m"
    assert vote("no", REMOTE_ADDR="192.0.2.1").status_code == 302
    assert vote("no", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert vote("no", REMOTE_ADDR="192.0.2.2").status_code == 302


def test_same_text_on_same_article_within_a_day_is_a_duplicate(client, vote):
    first = vote("no")["Location"]
    client.post(first, {"reason": "outdated", "details": "The  dose is OLD."})
    second = vote("no")["Location"]
    response = client.post(
        second, {"reason": "outdated", "details": "the dose is old."}
    )
    assert response.status_code == 400
    assert "already received" in response.content.decode()
    assert FeedbackReport.objects.exclude(details="").count() == 1


@pytest.mark.parametrize(
    "data,reason",
    [
        ({"helpful": "maybe"}, "could not be read"),
        ({"revision": "abc"}, "could not be read"),
        ({"revision": "99999999999999999999999"}, "could not be read"),
        ({"article": "no-such-article"}, "could not find"),
        ({"article": "\x00\x01\x02"}, "could not be read"),
        ({"helpful": "\xff\xfe"}, "could not be read"),
    ],
)
def test_bad_vote_is_400_with_a_reason_and_no_row(vote, data, reason):
    response = vote("no", data=data)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert FeedbackReport.objects.count() == 0


def test_binary_body_is_400_not_500(client, article):
    response = client.post(
        "/feedback/vote/",
        data=b"\x89PNG\r\n\x1a\n\x00\xff" * 100,
        content_type="application/octet-stream",
    )
    assert response.status_code == 400
    assert FeedbackReport.objects.count() == 0


def test_unpublished_or_withdrawn_article_is_refused(vote, cast, article):
    draft = ArticleFactory()
    assert vote("no", data={"article": draft.slug}).status_code == 400
    workflow.withdraw(article, by=cast.chief, reason="Unsafe.")
    assert vote("no").status_code == 400
    assert FeedbackReport.objects.count() == 0


def test_oversize_details_are_refused_and_kept_in_the_form(client, vote):
    url = vote("no")["Location"]
    text = "x" * 1251
    response = client.post(url, {"reason": "other", "details": text})
    assert response.status_code == 400
    assert "at most 1250 characters" in response.content.decode()
    assert text in response.content.decode()
    assert FeedbackReport.objects.get().details == ""


def test_expired_or_forged_details_link_is_400(client, vote):
    assert client.get("/feedback/report/forged/").status_code == 400
    url = vote("no")["Location"]
    tampered = url.rstrip("/") + "x/"
    assert client.post(tampered, {"reason": "other"}).status_code == 400


NUL = "null\x00byte"
EMOJI = "👩🏽‍⚕️" * 50  # 250 code points
# What no browser text field sends into the hidden field (it takes at most 200).
UNREADABLE_HONEYPOT = {NUL, "A" * 1250, EMOJI}


def only_vote_row():
    """Return the one stored report (the vote each details test starts from)."""
    [report] = FeedbackReport.objects.all()
    return report


@pytest.mark.parametrize("field", ["article", "revision", "helpful"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_in_the_vote_fields_are_400_and_store_nothing(
    vote, field, text
):
    response = vote("no", data={field: text})
    assert response.status_code == 400
    assert "That answer could not be read." in response.content.decode()
    assert FeedbackReport.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_in_the_honeypot_store_nothing(vote, text):
    response = vote("no", data={"website": text})
    if text in UNREADABLE_HONEYPOT:
        assert response.status_code == 400
        assert "could not be read" in response.content.decode()
    else:
        # A filled honeypot looks like success to the bot.
        assert response.status_code == 302
        assert response["Location"] == "/feedback/thanks/"
    assert FeedbackReport.objects.count() == 0


def cleaned_user_agent(text):
    """What the stored user agent must be: control/format characters gone, cut."""
    expected = {
        NUL: "nullbyte",
        "\u202eevil\u202c": "evil",
        EMOJI: "👩🏽⚕️" * 50,  # the zero-width joiners go
    }.get(text, text)
    return expected[:300]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_user_agents_are_stored_cleaned(vote, text):
    response = vote("no", HTTP_USER_AGENT=text)
    assert response.status_code == 302
    assert only_vote_row().user_agent == cleaned_user_agent(text)


@pytest.mark.parametrize("field", ["reason", "email"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_reason_or_email_is_reshown_with_400(client, vote, field, text):
    url = vote("no")["Location"]
    answers = {"reason": "other", "details": "Fine text.", "consent": "on"}
    answers[field] = text
    response = client.post(url, answers)
    assert response.status_code == 400
    html = response.content.decode()
    message = "Select a valid choice" if field == "reason" else "valid email"
    assert message in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert only_vote_row().details_added_at is None


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_details_are_stored_as_typed_and_shown_escaped(
    client, cast, vote, text
):
    url = vote("no")["Location"]
    response = client.post(
        url,
        {
            "reason": "other",
            "details": text,
            "email": "reader@example.org",
            "consent": "on",
        },
    )
    report = only_vote_row()
    if text == NUL:
        assert response.status_code == 400
        assert "Null characters are not allowed" in response.content.decode()
        assert report.details_added_at is None and report.email == ""
        return
    assert response.status_code == 302
    assert response["Location"] == "/feedback/thanks/"
    assert report.details == text
    assert (report.email, report.consent_to_contact) == ("reader@example.org", True)
    client.force_login(cast.moderator)
    page = client.get(f"/admin/feedback/feedbackreport/{report.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_consent_value_counts_as_ticked(client, vote, text):
    url = vote("no")["Location"]
    response = client.post(url, {"reason": "other", "consent": text})
    assert response.status_code == 302
    report = only_vote_row()
    assert report.reason == "other"
    assert (report.email, report.consent_to_contact) == ("", False)  # no address


def test_details_form_is_rate_limited_too(client, vote, settings):
    settings.FEEDBACK_RATE = "2/m"
    url = vote("no")["Location"]
    assert vote("no").status_code == 302
    limited = client.post(url, {"reason": "other", "details": "Too many."})
    assert limited.status_code == 429
    assert "wait a few minutes" in limited.content.decode()
    as_json = client.post(
        url, {"reason": "other"}, headers={"Accept": "application/json"}
    )
    assert as_json.status_code == 429
    assert as_json.json()["error"].startswith("You have sent a lot")
    assert not FeedbackReport.objects.exclude(details_added_at=None).exists()


def test_same_text_after_more_than_a_day_is_not_a_duplicate(client, vote):
    first = vote("no")["Location"]
    client.post(first, {"reason": "outdated", "details": "The dose is old."})
    FeedbackReport.objects.update(
        created_at=timezone.now() - timedelta(days=1, hours=1)
    )
    second = vote("no")["Location"]
    response = client.post(
        second, {"reason": "outdated", "details": "The dose is old."}
    )
    assert response.status_code == 302
    assert FeedbackReport.objects.filter(details="The dose is old.").count() == 2


def test_invalid_utf8_in_the_form_is_handled(client, vote):
    url = vote("no")["Location"]
    response = client.post(
        url,
        data=b"reason=other&details=%ED%A0%80%FF%FE",
        content_type="application/x-www-form-urlencoded",
    )
    # Undecodable bytes are read as U+FFFD replacement characters, not an error.
    assert response.status_code == 302
    report = FeedbackReport.objects.get()
    assert report.reason == "other"
    assert report.details and set(report.details) == {"\ufffd"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_cross_site_posts_are_refused(vote, headers):
    response = vote("no", headers=headers)
    assert response.status_code == 403
    assert FeedbackReport.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": "http://testserver/articles/x/"},
        {},
    ],
)
def test_same_site_posts_are_accepted(vote, headers):
    assert vote("no", headers=headers).status_code == 302
