"""Hostile strings through the article, reference and workflow forms, and back out.

The shared method (tests/security/hostile/forms.py), for every module here:

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

import xml.etree.ElementTree as ET

from django.db import transaction
from django.urls import reverse

from articles.models import (
    Article,
    Reference,
    ReviewEvent,
    Revision,
)
from articles.public import feeds
from tests.admin_forms import NO_REFERENCE_ROWS, article_form
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ReferenceFactory,
    TopicFactory,
    fact_check,
    publish_article,
    step_choices,
)
from tests.hostile import HOSTILE, label
from tests.security.hostile.forms import (
    ATTESTED,
    admin_errors,
    assert_stored,
    expected,
    send,
)
from tests.security.pages import active_content, assert_safe


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
            **NO_REFERENCE_ROWS,
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
                {**step_choices(cast), "change_note": "Update."},
                text,
                ["change_note", "override_reason"],
                model=Revision,
                errors=lambda response: set(response.context["form"].errors),
            )
        # The fact checker hears of it whatever the title: it is one line.
        assert len(mailoutbox) == sent + 1, label(text)
        assert mailoutbox[-1].subject == f"Fact check requested: {article.title}"
        revision = article.revisions.get()
        if "change_note" in accepted:
            assert_stored(revision, ["change_note"], text)

        fact_check(revision)  # the fact check comes before the medical review
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

        # A time that is no time: back on the review page with the error,
        # which shows everything a reviewer sees of this text.
        publish_url = reverse("admin:articles_revision_publish", args=[revision.pk])
        response = chief.post(
            publish_url, {"mode": "schedule", "go_live_at": text}, follow=True
        )
        assert response.status_code == 200, label(text)
        assert_safe(response, text)
        revision.refresh_from_db()
        assert revision.go_live_at is None and revision.published_at is None
        response = chief.post(publish_url, {"mode": "now"})
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
        **NO_REFERENCE_ROWS,
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
        base = article_form(article)
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
