"""Hostile strings through feedback, moderation and search, and forged choices."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from articles.models import (
    Article,
    Author,
    MedicalReviewer,
    Reference,
    ReviewEvent,
    Revision,
    Topic,
)
from feedback.models import FeedbackEvent, FeedbackReport
from feedback.text import normalise_newlines
from tests.admin_forms import NO_REFERENCE_ROWS
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    publish_article,
    submit,
)
from tests.hostile import HOSTILE, label
from tests.security.hostile.forms import (
    expected,
    rolled_back,
)
from tests.security.pages import assert_safe

# Moderation and the reader's side ----------------------------------------------


JSON = {"Accept": "application/json"}


@pytest.mark.parametrize("as_json", [False, True], ids=["page", "json"])
def test_feedback_vote(client, cast, as_json):
    article = publish_article(cast)
    base = {
        "article": article.slug,
        "revision": article.live_revision_id,
        "helpful": "no",
        "website": "",
    }
    headers = JSON if as_json else {}
    for text in rolled_back(HOSTILE):
        for fields in (["article"], ["revision", "helpful"], ["website"]):
            data = {**base, **dict.fromkeys(fields, text)}
            response = client.post("/feedback/vote/", data, headers=headers)
            if fields == ["website"] and not expected(text):
                assert response.status_code == (200 if as_json else 302)
                assert FeedbackReport.objects.count() == 1  # an ordinary vote
                continue
            assert FeedbackReport.objects.count() == 0, (fields, label(text))
            thanked = 200 if as_json else 302
            if fields == ["website"] and response.status_code == thanked:
                continue  # the honeypot: thanked, not stored
            if as_json:
                assert response.status_code == 400, (fields, label(text))
                assert response.json()["error"]
            else:
                assert_safe(response, text, status=400)
                assert "could not" in response.content.decode()


def test_feedback_details_and_moderation(client, cast, login):
    """Each string as a reader's report (page and JSON), then in a moderator's
    note and message to the reader."""
    moderator = login(cast.moderator)
    article = publish_article(cast)
    vote = {
        "article": article.slug,
        "revision": article.live_revision_id,
        "helpful": "no",
        "website": "",
    }
    fields = ["reason", "details", "email", "consent"]
    for text in HOSTILE:
        details_url = client.post("/feedback/vote/", vote)["Location"]
        report = FeedbackReport.objects.latest("pk")
        for as_json in (True, False):
            savepoint = transaction.savepoint()
            headers = JSON if as_json else {}
            data = {**dict.fromkeys(fields, text), "website": ""}
            response = client.post(details_url, data, headers=headers)
            assert response.status_code == 400, label(text)
            if as_json:
                assert response.json()["error"]
                refused = set(response.json()["fields"])
            else:
                assert_safe(response, text, status=400)
                refused = set(response.context["form"].errors)
            report.refresh_from_db()
            assert report.details_added_at is None, label(text)
            details = "" if "details" in refused else text
            data = {"reason": "other", "details": details, "website": ""}
            response = client.post(details_url, data, headers=headers)
            assert response.status_code == (200 if as_json else 302), label(text)
            report.refresh_from_db()
            # A line break counts once, as the text box counts it.
            assert report.details == expected(normalise_newlines(details))
            if as_json:
                transaction.savepoint_rollback(savepoint)
            else:
                transaction.savepoint_commit(savepoint)

        change_url = reverse("admin:feedback_feedbackreport_change", args=[report.pk])
        moderate = reverse("admin:feedback_feedbackreport_moderate", args=[report.pk])
        for data in [
            {"action": "triaged", "note": text},
            {"action": "resolved", "note": text, "reader_message": text},
        ]:
            events = FeedbackEvent.objects.count()
            status = report.status
            assert moderator.post(moderate, data).status_code == 302, label(text)
            report.refresh_from_db()
            if "\x00" in text:  # refused: nothing changed
                assert FeedbackEvent.objects.count() == events
                assert report.status == status
            else:
                assert FeedbackEvent.objects.latest("pk").note == expected(text)
                assert report.status == data["action"]
        page = moderator.get(change_url)  # the history shows both notes
        assert_safe(page, text)
        if "\x00" in text:
            assert "Nothing was changed" in page.content.decode()
        else:
            assert report.reader_message == expected(text)
    changelist = reverse("admin:feedback_feedbackreport_changelist")
    assert_safe(moderator.get(changelist, {"status": "all"}), "the reports")


def test_search_box(client, cast):
    publish_article(cast, title="Walking", body="Walking helps [@smith2020].")
    for text in HOSTILE:
        assert_safe(client.get("/search/", {"q": text}), text)
        assert_safe(client.get("/search/", {"q": "walking", "page": text}), text)


# Choices, numbers and dates ------------------------------------------------------


PROBES = [
    "<script>alert(1)</script>",
    "\x00",
    "99999999999999999999",  # beyond every integer column
    "\uff11",  # a full-width digit one, which int() accepts
    "",
]


def row_counts():
    models = [Article, Reference, Topic, Author, MedicalReviewer, get_user_model()]
    models += [Revision, ReviewEvent, FeedbackReport, FeedbackEvent]
    return {model.__name__: model.objects.count() for model in models}


def test_choice_number_and_date_fields_refuse_forged_values(cast, login):
    """Fields a widget fills in: a forged value is refused, never a 500."""
    editor, chief = login(cast.editor), login(cast.chief)
    reviewer, moderator = login(cast.reviewer.user), login(cast.moderator)
    article = ArticleFactory()
    ReferenceFactory(article=article)
    pending = submit(article, cast)
    live = publish_article(cast)
    report = FeedbackReport.objects.create(
        article=live, revision=live.live_revision, helpful=False
    )
    working_copy = {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic_id,
        "authors": [article.authors.get().pk],
        "summary": article.summary,
        "body": article.body,
        "version": article.version,
        **NO_REFERENCE_ROWS,
        "references-TOTAL_FORMS": "1",
        "references-0-key": "new",
        "references-0-title": "New",
    }
    review = reverse("admin:articles_revision_change", args=[pending.pk])
    publish = reverse("admin:articles_revision_publish", args=[pending.pk])
    change = reverse("admin:articles_article_change", args=[article.pk])
    submit_url = reverse("admin:articles_article_submit", args=[article.pk])
    moderate = reverse("admin:feedback_feedbackreport_moderate", args=[report.pk])
    refs = "kind year position accessed_on evidence_type".split()
    person = {"name": "P", "slug": "p"}
    forms = [
        (editor, "admin:articles_article_add", {}, "topic authors also_read version"),
        (editor, change, working_copy, " ".join(f"references-0-{f}" for f in refs)),
        (chief, "admin:articles_topic_add", person, "review_interval_days"),
        (chief, "admin:articles_author_add", person, "user"),
        (chief, "admin:articles_medicalreviewer_add", person, "user"),
        (chief, "admin:auth_user_add", {"username": "u"}, "usable_password"),
        (chief, submit_url, {}, "reviewer"),
        (reviewer, review, {"action": "decide"}, "decision sources_checked"),
        (chief, review, {"action": "assign"}, "reviewer"),
        (chief, publish, {"mode": "schedule"}, "go_live_at"),
        (moderator, moderate, {"note": "x"}, "action"),
    ]
    for client, url, base, fields in forms:
        url = url if url.startswith("/") else reverse(url)
        for probe in PROBES:
            before = row_counts()
            data = {**base, **dict.fromkeys(fields.split(), probe)}
            response = client.post(url, data)
            assert response.status_code in {200, 302}, (url, fields, label(probe))
            if response.status_code == 200:
                assert row_counts() == before, (url, fields, label(probe))
                assert_safe(response, probe)
