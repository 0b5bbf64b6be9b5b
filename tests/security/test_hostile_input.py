"""Hostile strings through every form a user types into, and back out on every page.

Every string in tests.hostile.HOSTILE goes into every text field of the admin
forms the roles use, the reader's feedback form (as a page and as JSON) and the
search box. For each: never a 500; a refusal is a form with an error message
(or a 400 with a reason) and writes no row; anything accepted is stored as
typed, less the surrounding white space every Django form strips; and no page
that shows it again (the form itself, admin lists and review pages, the public
article after publishing through the workflow, topic, people and search pages,
the feeds) carries a script, an event handler or a script URL.

To stay fast, a string goes into all the text fields of one form at once. If
the form refuses it, its errors name the fields that did, and the string is
sent again in all the others.
"""

import json
import unicodedata
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles import feeds, workflow
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
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    AuthorFactory,
    ReferenceFactory,
    TopicFactory,
    approve,
    publish_article,
    submit,
    user_in,
)
from tests.hostile import HOSTILE, label
from tests.security.pages import active_content, assert_safe

ATTESTED = {key: "on" for key in ALL_ATTESTED}


def expected(text):
    """Return TEXT as a Django form field stores it."""
    return text.strip()


def test_the_page_check_finds_what_it_should():
    assert active_content('<p title="<script>">&lt;script&gt; on=1</p>') == []
    assert active_content("<script src=/static/x.js></script>") == []
    assert active_content('<script type="application/ld+json">{"a": 1}</script>') == []
    for bad in [
        "<script>alert(1)</script>",
        "<script src=//evil.example/x.js></script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" java&#9;script:alert(1)">x</a>',
        '<script type="application/ld+json">{"a": "</script><script>x</script>',
        "<iframe src=x></iframe>",
    ]:
        assert active_content(bad), bad


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FEEDBACK_RATE = "100000/m"
    settings.PAGE_CACHE_ENABLED = False  # savepoints roll back; a cache would not


@pytest.fixture
def login(cast):
    """Return a logged-in test client for one of the cast's roles."""

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    return client_for


def rolled_back(texts):
    """Yield each of TEXTS inside a savepoint that is rolled back afterwards."""
    for text in texts:
        savepoint = transaction.savepoint()
        try:
            yield text
        finally:
            transaction.savepoint_rollback(savepoint)


# Admin forms -----------------------------------------------------------------


def admin_errors(response):
    """Return the names of the fields that the admin form and inlines refused."""
    refused = set(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets") or []:
        for errors in inline.formset.errors:
            refused |= set(errors)
    return refused


def send(client, url, base, text, fields, *, model, errors=admin_errors, retry=None):
    """POST TEXT in all FIELDS; if refused, again in the fields that accepted it
    (with RETRY's values on top).

    Fields named together in one string ("password1 password2") are one answer:
    if one refuses TEXT, neither gets it again. Return the fields that stored
    TEXT (none if the form refused it in all).
    """
    names = [name for group in fields for name in group.split()]
    rows = model.objects.count()
    response = client.post(url, {**base, **dict.fromkeys(names, text)})
    assert response.status_code in {200, 302}, label(text)
    if response.status_code == 302:
        return names
    # A split widget posts name_0 and name_1; its errors are under name.
    refused = {f"{name}_{i}" for name in errors(response) for i in (0, 1)}
    refused |= errors(response)
    assert refused, f"form shown again without an error for {label(text)}"
    assert refused & {*names, "__all__"}, (label(text), errors(response))
    assert b'class="errorlist' in response.content
    assert_safe(response, text)
    assert model.objects.count() == rows, f"a refused form wrote a row: {label(text)}"
    accepted = [
        name
        for group in fields
        if not refused.intersection(group.split())
        for name in group.split()
    ]
    data = {**base, **dict.fromkeys(accepted, text), **(retry or {})}
    response = client.post(url, data)
    assert response.status_code == 302, (label(text), errors(response))
    return accepted


def assert_stored(obj, fields, text):
    __tracebackhide__ = True
    obj.refresh_from_db()
    for name in fields:
        assert getattr(obj, name) == expected(text), f"{name} of {label(text)}"


INLINE = {
    "references-TOTAL_FORMS": "0",
    "references-INITIAL_FORMS": "0",
    "references-MIN_NUM_FORMS": "0",
    "references-MAX_NUM_FORMS": "1000",
}


def test_article_through_the_whole_workflow(
    cast, login, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Working copy, submission, decision, publication: every text field, and
    every page the text then appears on."""
    editor, reviewer, chief = (
        login(cast.editor),
        login(cast.reviewer.user),
        login(cast.chief),
    )
    topic, author = TopicFactory(), AuthorFactory()
    add_url = reverse("admin:articles_article_add")
    for n, text in enumerate(HOSTILE):
        base = {
            "title": f"Title {n}",
            "slug": f"hostile-{n}",
            "topic": topic.pk,
            "authors": [author.pk],
            "summary": "Summary.",
            "body": "Body.",
            **INLINE,
        }
        fields = ["title", "slug", "summary", "body"]
        accepted = send(editor, add_url, base, text, fields, model=Article)
        article = Article.objects.latest("pk")
        assert_stored(article, accepted, text)
        ReferenceFactory(article=article, key="alpha")  # cited by one string

        submit_url = reverse("admin:articles_article_submit", args=[article.pk])
        sent = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            accepted = send(
                chief,
                submit_url,
                {"reviewer": cast.reviewer.pk, "change_note": "Update."},
                text,
                ["change_note", "override_reason"],
                model=Revision,
                errors=lambda response: set(response.context["form"].errors),
            )
        # The reviewer hears of it whatever the title: it is one line.
        assert len(mailoutbox) == sent + 1, label(text)
        assert mailoutbox[-1].subject == f"Review requested: {article.title}"
        revision = article.revisions.get()
        if "change_note" in accepted:
            assert_stored(revision, ["change_note"], text)

        review_url = reverse("admin:articles_revision_change", args=[revision.pk])
        decide = {"action": "decide", "decision": "approve", **ATTESTED}
        events = ReviewEvent.objects.count()
        response = reviewer.post(review_url, {**decide, "comment": text})
        if response.status_code == 200:  # refused: shown again, nothing recorded
            assert response.context["decision_form"].errors, label(text)
            assert_safe(response, text)
            assert ReviewEvent.objects.count() == events
            response = reviewer.post(review_url, {**decide, "comment": "Fine."})
        else:
            assert_stored(revision, ["comment"], text)
        assert response.status_code == 302, label(text)

        # A time that is no time: the review page comes back with the error,
        # showing everything a reviewer sees of this text.
        response = chief.post(review_url, {"action": "publish", "go_live_at": text})
        if response.status_code == 200:
            assert response.context["publish_form"].errors, label(text)
            assert_safe(response, text)
            response = chief.post(review_url, {"action": "publish", "go_live_at": ""})
        assert response.status_code == 302, label(text)
        article.refresh_from_db()
        assert article.live_revision == revision

        assert_safe(client.get(article.get_absolute_url()), text)
        assert_safe(client.get("/search/", {"q": text}), text)
        # Title, form, review history with the change note and the comment.
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        assert_safe(editor.get(change_url), text)

    feeds_size, feeds.FEED_SIZE = feeds.FEED_SIZE, len(HOSTILE)
    try:
        for url in [
            reverse("feeds-articles"),
            reverse("feeds-topic", args=[topic.slug]),
        ]:
            assert_feed_safe(client.get(url))
    finally:
        feeds.FEED_SIZE = feeds_size
    for url in [
        "/",
        topic.get_absolute_url(),
        author.get_absolute_url(),
        cast.reviewer.get_absolute_url(),
    ]:
        assert_safe(client.get(url), "the public lists")
    for name in ["article", "revision", "reviewevent"]:
        url = reverse(f"admin:articles_{name}_changelist")
        assert_safe(chief.get(url, {"all": ""}), "the admin lists")


def assert_feed_safe(response):
    """Check a feed parses as XML and no item description (HTML) can run."""
    __tracebackhide__ = True
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert items
    for item in items:
        description = item.findtext("description") or ""
        assert active_content(description) == [], item.findtext("title")


def test_reasons_for_re_review_and_withdrawal(cast, login):
    chief = login(cast.chief)
    article = publish_article(cast)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    for n, text in enumerate(HOSTILE):
        for action in ["rereview", "withdraw"]:
            url = reverse(f"admin:articles_article_{action}", args=[article.pk])
            savepoint = transaction.savepoint()
            events = ReviewEvent.objects.count()
            response = chief.post(url, {"reason": text})
            assert response.status_code in {200, 302}, (action, label(text))
            if response.status_code == 200:
                assert response.context["form"].errors, (action, label(text))
                assert_safe(response, text)
                assert ReviewEvent.objects.count() == events
            else:
                event = ReviewEvent.objects.latest("pk")
                assert event.comment == expected(text), (action, label(text))
            if action == "withdraw":  # a withdrawn article cannot be withdrawn again
                transaction.savepoint_rollback(savepoint)
            else:
                transaction.savepoint_commit(savepoint)
        if n % 20 == 19:  # the history shows the last 50 events
            assert_safe(chief.get(change_url), "the review history")
    assert_safe(chief.get(change_url), "the review history")
    url = reverse("admin:articles_article_withdraw", args=[article.pk])
    assert chief.post(url, {"reason": HOSTILE[0]}).status_code == 302
    assert_safe(chief.get(change_url), "a withdrawn article")


REFERENCE_TEXT = [
    "key",
    "authors",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
]


def reference_forms(chunk, offset, accepted=None):
    """Return formset data: one reference per text of CHUNK, in every text field
    (or, with ACCEPTED, in the fields that accepted it)."""
    data = {
        **INLINE,
        "references-TOTAL_FORMS": str(len(chunk)),
    }
    for i, text in enumerate(chunk):
        fields = REFERENCE_TEXT if accepted is None else accepted[i]
        benign = {"key": f"ref{offset + i}", "title": "T", "kind": "journal"}
        form = {**benign, "evidence_type": "other", "position": str(offset + i)}
        form.update(dict.fromkeys(fields, text))
        data.update({f"references-{i}-{name}": v for name, v in form.items()})
    return data


def as_reference_stores(name, text):
    """Return TEXT as Reference.clean stores it in field NAME."""
    value = expected(text)
    if name == "doi":
        return value.removeprefix("https://doi.org/")
    if name == "pmcid" and value and not value.upper().startswith("PMC"):
        return f"PMC{value.upper()}"
    return value.upper() if name == "pmcid" else value


def test_reference_fields(cast, login, client):
    """All references of one article go in one form, so the corpus is sent in chunks."""
    editor = login(cast.editor)
    article = ArticleFactory(body="Claim.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    stored = []
    size = 20  # Django refuses forms with more than 1,000 fields
    for offset in range(0, len(HOSTILE), size):
        chunk = HOSTILE[offset : offset + size]
        article.refresh_from_db()
        base = {
            "title": article.title,
            "slug": article.slug,
            "topic": article.topic_id,
            "authors": [a.pk for a in article.authors.all()],
            "summary": article.summary,
            "body": article.body,
            "version": article.version,
        }
        rows = Reference.objects.count()
        response = editor.post(url, {**base, **reference_forms(chunk, offset)})
        assert response.status_code == 200
        assert_safe(response, f"references {offset}-{offset + size}")
        assert Reference.objects.count() == rows
        formset = response.context["inline_admin_formsets"][0].formset
        accepted = [
            [name for name in REFERENCE_TEXT if name not in errors]
            for errors in formset.errors
        ]
        response = editor.post(
            url, {**base, **reference_forms(chunk, offset, accepted)}
        )
        assert response.status_code == 302, admin_errors(response)
        stored += list(zip(chunk, accepted, strict=True))

    references = {ref.position: ref for ref in article.references.all()}
    for position, (text, fields) in enumerate(stored):
        reference = references[position]
        for name in fields:
            value = getattr(reference, name)
            assert value == as_reference_stores(name, text), (name, label(text))
    assert_safe(editor.get(url), "every reference")
    # Publish with every reference cited: the reference list, JSON-LD and review
    # page show them all.
    keys = " ".join(f"[@{ref.key}]" for ref in references.values())
    article.body = f"Claim {keys}."
    article.save()
    published = publish_article(cast, article)
    assert_safe(client.get(published.get_absolute_url()), "every reference")
    review = reverse(
        "admin:articles_revision_change", args=[published.live_revision_id]
    )
    assert_safe(editor.get(review), "every reference")


# People, topics and accounts ---------------------------------------------------


def test_topic_form(cast, login, client):
    chief = login(cast.chief)
    url = reverse("admin:articles_topic_add")
    for n, text in enumerate(HOSTILE):
        base = {"name": f"Topic {n}", "slug": f"hostile-topic-{n}", "description": ""}
        accepted = send(chief, url, base, text, [*base], model=Topic)
        topic = Topic.objects.latest("pk")
        assert_stored(topic, accepted, text)
        assert_safe(client.get(topic.get_absolute_url()), text)
    assert_safe(chief.get(reverse("admin:articles_topic_changelist")), "topics")
    assert_safe(client.get("/"), "topics")


def links_with(text):
    """Return profile links (JSON) whose label and address carry TEXT."""
    return json.dumps([{"label": text, "url": f"https://example.org/{quote(text)}"}])


def check_person_form(chief, client, url, model, base, text_fields, person):
    """Send each string to a person form; the profile links get it inside JSON."""
    for n, text in enumerate(HOSTILE):
        # PostgreSQL cannot store NUL in JSON either: refused, see the test below.
        links = "[]" if "\x00" in text else links_with(text)
        data = base(n)
        accepted = send(
            chief,
            url,
            data,
            text,
            [*text_fields, "profile_links"],
            model=model,
            retry={"profile_links": links},
        )
        saved = person(data)
        columns = {field.name for field in model._meta.fields} - {"profile_links"}
        assert_stored(saved, [f for f in accepted if f in columns], text)
        assert saved.profile_links == json.loads(links)
        assert_safe(client.get(saved.get_absolute_url()), text)
    name = model._meta.model_name
    assert_safe(chief.get(reverse(f"admin:articles_{name}_changelist")), "people")


def test_author_form(cast, login, client):
    article = publish_article(cast)  # an author page lists their articles

    def base(n):
        return {
            "name": f"Author {n}",
            "slug": f"hostile-author-{n}",
            "credentials": "",
            "bio": "",
            "job_title": "",
        }

    def saved(data):
        author = Author.objects.get(slug=data["slug"])
        article.authors.add(author)
        return author

    check_person_form(
        login(cast.chief),
        client,
        reverse("admin:articles_author_add"),
        Author,
        base,
        ["name", "slug", "credentials", "bio", "job_title"],
        saved,
    )


def test_medical_reviewer_form(cast, login, client):
    reviewer = cast.reviewer2
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast, reviewer=reviewer)
    workflow.publish(approve(revision, cast), by=cast.chief)  # listed on their page
    text_fields = [
        "name",
        "slug",
        "credentials",
        "bio",
        "specialty",
        "registration_body",
        "registration_number",
        "conflict_of_interest",
        "credential_verified_at_0",
        "credential_verified_at_1",
    ]

    def base(n):
        return {
            **dict.fromkeys(text_fields, ""),
            "name": "Reviewer",
            "slug": reviewer.slug,
            "specialty": "Cardiology",
            "user": reviewer.user_id,
            "active": "on",
        }

    check_person_form(
        login(cast.chief),
        client,
        reverse("admin:articles_medicalreviewer_change", args=[reviewer.pk]),
        MedicalReviewer,
        base,
        text_fields,
        lambda data: MedicalReviewer.objects.get(pk=reviewer.pk),
    )


@pytest.mark.parametrize(
    "links",
    [
        '[{"label": "ORCID\\u0000", "url": "https://orcid.org/1"}]',
        '[{"label": "ORCID", "url": "javascript:alert(1)"}]',
        '[{"label": "ORCID", "url": "https://orcid.org/1", "onclick": "x"}]',
        '[{"label": ["ORCID"], "url": "https://orcid.org/1"}]',
        '{"label": "ORCID", "url": "https://orcid.org/1"}',
        "5",
        '"https://orcid.org/1"',
    ],
)
def test_profile_links_must_be_a_list_of_links(cast, login, client, links):
    chief = login(cast.chief)
    data = {"name": "A", "slug": "a", "profile_links": links}
    response = chief.post(reverse("admin:articles_author_add"), data)
    assert response.status_code == 200
    assert "Enter a list of links" in response.content.decode()
    assert not Author.objects.exists()


@pytest.mark.parametrize("links", ["", "null", "[]"])
def test_empty_profile_links_mean_none(cast, login, links):
    chief = login(cast.chief)
    data = {"name": "A", "slug": "a", "profile_links": links}
    assert chief.post(reverse("admin:articles_author_add"), data).status_code == 302
    assert Author.objects.get().profile_links == []


def test_user_forms(cast, login):
    """A chief editor adds a user, then edits a user's name and address."""
    chief = login(cast.chief)
    User = get_user_model()
    add_url = reverse("admin:auth_user_add")
    password = "correct horse battery staple"
    for n, text in enumerate(HOSTILE):
        base = {
            "username": f"new{n}",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        }
        fields = ["username", "password1 password2"]
        accepted = send(chief, add_url, base, text, fields, model=User)
        user = User.objects.latest("pk")
        if "username" in accepted:
            assert user.username == unicodedata.normalize("NFKC", expected(text))
        if "password1" in accepted:
            assert user.check_password(text)
        else:
            assert user.check_password(password)

    # One account per string, so that the list shows every one at the end.
    fields = ["username", "first_name", "last_name", "email"]
    for n, text in enumerate(HOSTILE):
        target = user_in("Editors", username=f"target{n}")
        base = {
            "username": target.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk for group in target.groups.all()],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        }
        change_url = reverse("admin:auth_user_change", args=[target.pk])
        accepted = send(chief, change_url, base, text, fields, model=User)
        target.refresh_from_db()
        for name in set(accepted) - {"username"}:
            assert getattr(target, name) == expected(text), (name, label(text))
    changelist = chief.get(reverse("admin:auth_user_changelist"), {"all": ""})
    assert_safe(changelist, "the accounts")


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
        **INLINE,
        "references-TOTAL_FORMS": "1",
        "references-0-key": "new",
        "references-0-title": "New",
    }
    review = reverse("admin:articles_revision_change", args=[pending.pk])
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
        (chief, review, {"action": "publish"}, "go_live_at"),
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
