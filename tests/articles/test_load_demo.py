"""`manage.py load_demo` publishes the demo site through the workflow, idempotently."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from articles.models import Article, Revision, Topic
from articles.workflow import roles


def login_request():
    # django-axes checks every sign-in against the request it came with.
    return RequestFactory().post("/admin/login/")


SLUG = "can-anxiety-cause-involuntary-muscle-movements"


@override_settings(DEMO_PASSWORD="demo-pass-123")
def everything():
    """Return every row the demo touches, serialised, model by model."""
    from django.core import serializers

    from cms.backup import backed_up_models

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
        "factchecker": roles.FACT_CHECKERS,
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


def test_every_demo_article_was_fact_checked_and_reviewed_by_registered_people(
    groups,
):
    from articles.models import Article, MedicalReviewer, StepKind

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)  # twice: nothing doubles
    for article in Article.objects.published():
        steps = article.live_revision.steps.order_by("position")
        assert [(s.kind, s.decision) for s in steps] == [
            (StepKind.FACT_CHECK, "approved"),
            (StepKind.MEDICAL_REVIEW, "approved"),
        ], article.slug
        assert steps[0].credited_name == "Imogen Pell, MSc"
    for reviewer in MedicalReviewer.objects.all():
        assert reviewer.current_registration() is not None, reviewer.name
        assert reviewer.registrations.count() == 1


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


def test_a_reference_listing_only_the_first_authors_is_frozen_so(groups):
    call_command("load_demo", force=True)
    frozen = {
        ref["key"]: ref
        for ref in Article.objects.get(slug=SLUG).live_revision.references
    }
    assert frozen["espay2018"]["first_authors_only"] is True
    # Unset, the flag is not stored: older revisions keep their content hashes.
    assert "first_authors_only" not in frozen["blexrud1993"]


BROKEN_FILES = [
    # file, text, replacement, what the error must name
    (
        "articles/exercise-and-depression.references.toml",
        'doi = "10.1136/bmj-2023-075847"',
        'doi = "bmj-2023-075847"',
        "exercise-and-depression.references.toml (noetel2024): doi: A DOI starts",
    ),
    (
        "articles/exercise-and-depression.references.toml",
        'key = "bull2020"',
        'key = "bull2020"\npimd = "123"',
        "exercise-and-depression.references.toml (bull2020): not fields of a reference",
    ),
    (
        "articles/exercise-and-depression.md",
        "[@noetel2024]",
        "[@noetel2042]",
        "exercise-and-depression.md: Unknown citation key(s): @noetel2042",
    ),
    (
        "articles/exercise-and-depression.md",
        'topic = "mental-health"',
        'topic = "mental-wealth"',
        "exercise-and-depression.md: no demo topic 'mental-wealth'",
    ),
    (
        "topics.toml",
        'name = "Sleep"',
        'name = "Sleep\\nand dreams"',
        "topics.toml (sleep): name:",
    ),
]


@pytest.mark.parametrize("filename, text, replacement, named", BROKEN_FILES)
def test_a_broken_demo_file_is_named_and_nothing_is_loaded(
    groups, tmp_path, monkeypatch, filename, text, replacement, named
):
    import shutil

    from django.contrib.auth.models import User
    from django.core.management import CommandError

    from articles import demo

    directory = tmp_path / "demo"
    shutil.copytree(demo.DEMO_DIR, directory)
    path = directory / filename
    assert text in path.read_text()
    path.write_text(path.read_text().replace(text, replacement, 1))
    monkeypatch.setattr(demo, "DEMO_DIR", directory)

    with pytest.raises(CommandError) as raised:
        call_command("load_demo", force=True)
    assert named in str(raised.value)
    assert not User.objects.exists()
    assert not Topic.objects.exists() and not Article.objects.exists()
