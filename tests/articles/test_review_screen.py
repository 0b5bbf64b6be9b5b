"""The review screen is built for reading, and publishing from it is deliberate."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.editorial.diff import revision_diff, word_diff
from articles.models import Article, ReviewEvent
from tests.factories import (
    AuthorFactory,
    approve,
    draft,
    edit,
    pending,
    publish_article,
    scheduled,
    submit,
)


def review_page(client, user, revision, **query):
    client.force_login(user)
    url = reverse("admin:articles_revision_change", args=[revision.pk])
    return client.get(url, query).content.decode()


def test_the_text_comes_first_and_the_decision_last(client, cast):
    author = AuthorFactory(name="Ada Byline", credentials="MPH")
    revision = submit(draft(cast, authors=[author]), cast)
    page = review_page(client, cast.reviewer.user, revision)
    order = [
        page.index("As readers will see it"),
        page.index("Written by Ada Byline, MPH"),  # the frozen byline being signed
        page.index('id="changes"'),
        page.index("Integrity checks"),
        page.index("Your decision"),
    ]
    assert order == sorted(order)
    assert "Waiting for the medical review by rev." in page


def test_line_endings_and_trailing_spaces_are_no_change():
    assert "<ins>" not in word_diff("One line.\nTwo.", "One line.  \r\nTwo.\r\n")
    shown = word_diff(
        "Salt raises blood pressure.", "Salt often raises blood pressure."
    )
    assert "<ins>often </ins>" in shown and "<del>" not in shown


def test_a_resubmission_is_compared_with_the_revision_sent_back(client, cast):
    first = pending(cast)
    workflow.request_changes(
        first, by=cast.reviewer.user, comment="Say how much salt is too much."
    )
    article = first.article
    edit(article, cast.editor, body="Regular walking lowers blood pressure a lot.")
    second = submit(article, cast)
    page = review_page(client, cast.reviewer.user, second)
    assert "Since revision 1 (changes requested)" in page
    assert "Say how much salt is too much." in page
    assert "<ins>" in page
    assert "nothing is live yet" not in page.lower()


def test_the_live_revision_says_so_and_any_revision_can_be_compared(client, cast):
    article = publish_article(cast)
    live = article.live_revision
    edit(article, cast.editor, summary="A newer summary.")
    newer = submit(article, cast)
    page = review_page(client, cast.chief, live)
    assert "This is the live revision" in page
    assert "nothing is live yet" not in page.lower()
    assert f"?compare={newer.number}" in page
    chosen = review_page(client, cast.chief, live, compare=newer.number)
    assert "Since revision 2 (pending review)" in chosen
    # The newer one is compared with the live text by default.
    assert "Since revision 1 (live)" in review_page(client, cast.chief, newer)


def test_a_first_revision_shows_all_text_as_new(client, cast):
    revision = pending(cast)
    page = review_page(client, cast.reviewer.user, revision)
    assert "Nothing is live yet: all text is new" in page
    assert all(changed for _, _, changed in revision_diff(None, revision))


def test_chief_editors_hear_when_something_is_approved(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    revision = pending(cast)
    with django_capture_on_commit_callbacks(execute=True):
        approve(revision, cast)
    ready = [m for m in mailoutbox if m.subject.startswith("Ready to publish")]
    assert len(ready) == 1 and ready[0].to == [cast.chief.email]
    assert f"/admin/articles/revision/{revision.pk}/change/#publish" in ready[0].body


def test_a_schedule_can_be_cancelled_from_the_review_page(client, cast):
    revision = scheduled(cast)
    page = review_page(client, cast.chief, revision)
    assert 'value="unschedule"' in page
    url = reverse("admin:articles_revision_change", args=[revision.pk])
    assert client.post(url, {"action": "unschedule"}).status_code == 302
    revision.refresh_from_db()
    assert revision.go_live_at is None
    assert revision.article.status == Article.Status.APPROVED
    assert revision.events.filter(action=ReviewEvent.Action.UNSCHEDULED).count() == 1
    # An editor cannot cancel it: no button, and a forged post is a 403.
    again = scheduled(cast)
    editor_page = review_page(client, cast.editor, again)
    assert 'value="unschedule"' not in editor_page
    url = reverse("admin:articles_revision_change", args=[again.pk])
    assert client.post(url, {"action": "unschedule"}).status_code == 403
    again.refresh_from_db()
    assert again.go_live_at is not None


def test_a_time_in_the_past_is_refused_and_nothing_is_scheduled(client, cast):
    revision = approve(pending(cast), cast)
    client.force_login(cast.chief)
    url = reverse("admin:articles_revision_publish", args=[revision.pk])
    for typed in ["2001-01-01 09:00", "31/12/2030", "not a time", "", "  "]:
        data = {"mode": "schedule", "go_live_at": typed}
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert b"errornote" in response.content or b"error" in response.content
        revision.refresh_from_db()
        assert revision.go_live_at is None and revision.published_at is None


def test_upcoming_lists_publications_and_reviews_in_order(client, cast):
    later = scheduled(cast, days=5)
    sooner = scheduled(cast, days=1)
    due = publish_article(cast, title="Due soon")
    Article.objects.filter(pk=due.pk).update(
        next_review_due=timezone.localdate() + timedelta(days=10)
    )
    client.force_login(cast.chief)
    page = client.get(reverse("admin:articles_revision_upcoming")).content.decode()
    assert page.index(sooner.title) < page.index(later.title)
    assert "Due soon" in page
    assert "time zone, UTC" in page
