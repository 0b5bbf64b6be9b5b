"""`manage.py load_demo` publishes the demo site through the workflow, idempotently."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from articles import roles
from articles.models import Article, Revision, Topic


def login_request():
    # django-axes checks every sign-in against the request it came with.
    return RequestFactory().post("/admin/login/")


SLUG = "can-anxiety-cause-involuntary-muscle-movements"


@override_settings(DEMO_PASSWORD="demo-pass-123")
def everything():
    """Return every row the demo touches, serialised, model by model."""
    from django.core import serializers

    from articles.backup import backed_up_models

    return {
        model._meta.label: serializers.serialize(
            "json", model._default_manager.order_by("pk")
        )
        for model in backed_up_models()
    }


def test_load_demo_twice_publishes_once_and_changes_nothing(client, groups):
    call_command("load_demo", force=True)
    first = everything()
    call_command("load_demo", force=True)
    assert everything() == first  # not a timestamp, key or password changed

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
    call_command("load_demo", force=True)
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


def test_load_demo_keeps_a_changed_password_and_restores_changed_text(groups):
    call_command("load_demo", force=True)
    from django.contrib.auth.models import User

    editor = User.objects.get(username="editor")
    editor.set_password("my-own-password-2026")
    editor.save()
    article = Article.objects.get(slug=SLUG)
    article.title = "Edited by someone"
    article.save()
    call_command("load_demo", force=True)
    editor.refresh_from_db()
    assert editor.check_password("my-own-password-2026")
    article.refresh_from_db()
    assert article.title != "Edited by someone"
    # The live text was already the demo text: no new revision was needed.
    assert article.revisions.count() == 1


def test_load_demo_refuses_a_production_site_without_force(groups):
    from django.contrib.auth.models import User
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="runs only with DEBUG=1, or with --force"):
        call_command("load_demo")
    assert not User.objects.filter(username="admin").exists()
    assert not Article.objects.exists()
