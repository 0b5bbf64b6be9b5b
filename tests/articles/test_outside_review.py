"""A clinician outside the team reads one revision through a signed link and
comments; the link expires, can be revoked, is never indexed and never approves."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Comment, OutsideReviewLink, ReviewEvent, Revision
from articles.workflow import WorkflowError
from articles.workflow.outside import link_url
from tests.factories import pending, refused

Action = ReviewEvent.Action


def review_url(revision):
    return reverse("admin:articles_revision_change", args=[revision.pk])


@pytest.fixture
def link(cast):
    return workflow.send_outside_link(
        pending(cast), by=cast.chief, name="Dr Lena Ortiz", email="lo@example.org"
    )


def path_of(link):
    return reverse("outside-review", args=[link.token])


def test_the_chief_editor_sends_a_link_from_the_review_screen(
    client, cast, django_capture_on_commit_callbacks
):
    revision = pending(cast)
    client.force_login(cast.chief)
    send = {
        "action": "outside_send",
        "name": "Dr Lena Ortiz",
        "email": "lo@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(revision), {**send, "days": 14})
    assert response.status_code == 302
    link = revision.outside_links.get()
    [message] = [m for m in mail.outbox if m.to == ["lo@example.org"]]
    assert link_url(link) in message.body
    html = client.get(review_url(revision)).content.decode()
    assert "Dr Lena Ortiz &lt;lo@example.org&gt;: works until" in html
    assert "Outside review link sent" in html
    # Refused input comes back with the reason, and writes nothing.
    for bad in [{**send, "email": "not an address", "days": 14}, {**send, "days": 61}]:
        response = client.post(review_url(revision), bad)
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert revision.outside_links.count() == 1
    # Nobody else may send one.
    for user in (cast.editor, cast.reviewer.user):
        client.force_login(user)
        assert (
            client.post(review_url(revision), {**send, "days": 14}).status_code == 403
        )
    assert revision.outside_links.count() == 1


def test_the_page_shows_the_revision_never_cached_nor_indexed(client, cast, link):
    response = client.get(path_of(link))
    assert response.status_code == 200
    html = response.content.decode()
    revision = link.revision
    assert revision.title in html and revision.body_html in html
    assert "Dr Lena Ortiz" in html
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex' in html
    assert 'rel="canonical"' not in html
    assert "Disallow: /outside-review/" in client.get("/robots.txt").content.decode()
    client.get(path_of(link))
    views = revision.events.filter(action=Action.OUTSIDE_VIEWED)
    assert views.count() == 2 and {e.actor for e in views} == {None}


def test_a_comment_joins_the_revisions_threads_with_name_and_address(
    client, cast, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path_of(link),
            {"passage": "Regular walking", "body": "Say which trial, please."},
        )
    assert response.status_code == 302
    entry = Comment.objects.get(outside_link=link)
    assert entry.author is None and entry.thread.passage == "Regular walking"
    assert any(cast.editor.email in m.to for m in mail.outbox)
    client.force_login(cast.reviewer.user)
    screen = client.get(review_url(link.revision)).content.decode()
    assert "Say which trial, please." in screen
    assert "Dr Lena Ortiz &lt;lo@example.org&gt; (outside reviewer)" in screen
    assert link.revision.events.filter(action=Action.OUTSIDE_COMMENTED).exists()


def test_a_refused_comment_says_why_and_writes_nothing(client, cast, link):
    for data, reason in [
        ({"body": ""}, "This field is required"),
        ({"passage": "Words never written", "body": "Hm."}, "is not in revision"),
    ]:
        response = client.post(path_of(link), data)
        assert response.status_code == 400
        assert reason in response.content.decode()
    assert not Comment.objects.filter(outside_link=link).exists()


def test_the_link_can_never_approve(client, cast, link):
    revision = link.revision
    before = list(revision.steps.values_list("decision", flat=True))
    client.post(
        path_of(link),
        {
            "action": "decide",
            "decision": "approve",
            "sources_checked": "on",
            "no_conflict": "on",
            "safe_for_audience": "on",
            "body": "Approved!",
        },
    )
    revision.refresh_from_db()
    assert revision.decision == Revision.Decision.PENDING
    assert list(revision.steps.values_list("decision", flat=True)) == before


def test_a_forged_token_is_not_found(client, link):
    assert client.get(path_of(link)[:-3] + "xx/").status_code == 404
    unsigned = reverse("outside-review", args=[link.key])
    assert client.get(unsigned).status_code == 404


def test_a_revoked_link_cannot_be_used_again(client, cast, link):
    client.force_login(cast.chief)
    revoke = {"action": "outside_revoke", "link": link.pk}
    assert client.post(review_url(link.revision), revoke).status_code == 302
    client.logout()
    response = client.get(path_of(link))
    assert response.status_code == 410
    assert link.revision.body_html not in response.content.decode()
    assert client.post(path_of(link), {"body": "Late."}).status_code == 410
    refused_post = client.post(path_of(link), {"body": ""})  # not even a form error
    assert refused_post.status_code == 410
    assert link.revision.body_html not in refused_post.content.decode()
    assert not Comment.objects.filter(outside_link=link).exists()
    link.refresh_from_db()
    with refused(link.revision.article, WorkflowError, match="already revoked"):
        workflow.revoke_outside_link(link, by=cast.chief)


def test_an_expired_link_answers_410(client, link):
    OutsideReviewLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(path_of(link))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_the_comments_per_link_are_limited(client, link, monkeypatch):
    from articles.workflow import outside

    monkeypatch.setattr(outside, "MAX_COMMENTS_PER_LINK", 1)
    assert client.post(path_of(link), {"body": "One."}).status_code == 302
    response = client.post(path_of(link), {"body": "Two."})
    assert response.status_code == 400
    assert "limit of comments" in response.content.decode()
