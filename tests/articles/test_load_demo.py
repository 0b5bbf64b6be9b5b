"""`manage.py load_demo` publishes the demo site through the workflow, idempotently."""

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from articles import roles
from articles.models import Article, ReviewEvent, Revision, Topic


def login_request():
    # django-axes checks every sign-in against the request it came with.
    return RequestFactory().post("/admin/login/")


SLUG = "can-anxiety-cause-involuntary-muscle-movements"


@override_settings(DEMO_PASSWORD="demo-pass-123")
def test_load_demo_twice_publishes_once(client, groups):
    call_command("load_demo")
    counts = (
        Article.objects.count(),
        Revision.objects.count(),
        ReviewEvent.objects.count(),
    )
    call_command("load_demo")
    assert (
        Article.objects.count(),
        Revision.objects.count(),
        ReviewEvent.objects.count(),
    ) == counts

    published = Article.objects.published()
    assert published.count() >= 8
    assert Topic.objects.filter(articles__in=published).distinct().count() >= 3
    for article in published:
        revision = article.live_revision
        assert 3 <= len(revision.references) <= 10
        assert revision.decision == Revision.Decision.APPROVED
        assert revision.decided_by is not None and revision.hash_matches
        actions = set(article.events.values_list("action", flat=True))
        assert {"submitted", "approved", "published"} <= actions

    response = client.get(f"/articles/{SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medically reviewed by" in html and 'role="doc-biblioref"' in html


@override_settings(DEMO_PASSWORD="demo-pass-123")
def test_demo_accounts_have_their_roles(groups):
    call_command("load_demo")
    expected = {
        "editor": roles.EDITORS,
        "reviewer": roles.MEDICAL_REVIEWERS,
        "chief": roles.CHIEF_EDITORS,
        "moderator": roles.MODERATORS,
    }
    for username, group in expected.items():
        user = authenticate(
            login_request(), username=username, password="demo-pass-123"
        )
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [group]
    admin = authenticate(login_request(), username="admin", password="demo-pass-123")
    assert admin.is_superuser
