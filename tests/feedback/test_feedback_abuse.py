"""Abuse and bad input: honeypot, rate limit, duplicates, hostile and broken data."""

import pytest

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
    "👩🏽‍⚕️" * 50,
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


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_through_every_field(client, cast, vote, text):
    vote_response = vote("no", data={"website": "", "article": text})
    assert vote_response.status_code == 400
    url = vote("no")["Location"]
    response = client.post(
        url, {"reason": text, "details": text, "email": text, "consent": text}
    )
    assert response.status_code == 400  # invalid reason/email: re-shown, not 500
    assert "<script>alert" not in response.content.decode()
    ok = client.post(url, {"reason": "other", "details": text[:1250]})
    assert ok.status_code in {302, 400}
    report = FeedbackReport.objects.get()
    if ok.status_code == 302:
        assert report.details == text[:1250].strip()
        client.force_login(cast.moderator)
        page = client.get(f"/admin/feedback/feedbackreport/{report.pk}/change/")
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.content.decode()


def test_invalid_utf8_in_the_form_is_handled(client, vote):
    url = vote("no")["Location"]
    response = client.post(
        url,
        data=b"reason=other&details=%ED%A0%80%FF%FE",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in {302, 400}
    assert FeedbackReport.objects.count() == 1


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
