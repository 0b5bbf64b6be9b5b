"""`manage.py backup` and `manage.py restore` round-trip the whole site."""

import io
import json
import tarfile

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import override_settings

from articles.models import Article, Revision, RevisionFingerprint
from cms.backup import backed_up_models
from feedback.models import FeedbackReport
from tests.factories import ArticleFactory, ReferenceFactory, submit

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "can-anxiety-cause-involuntary-muscle-movements"


def snapshot():
    """Return every backed-up row, serialised, model by model."""
    return {
        model._meta.label: serializers.serialize(
            "json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(client, cast, media):
    """The demo site, plus a pending draft, a feedback report and an upload."""
    with override_settings(DEMO_PASSWORD="demo-pass-123"):
        call_command("load_demo", force=True, stdout=open("/dev/null", "w"))
    draft = ArticleFactory(title="Caffeine and sleep")
    ReferenceFactory(article=draft)
    submit(draft, cast)
    article = Article.objects.get(slug=SLUG)
    client.post(
        "/feedback/vote/",
        {"article": SLUG, "revision": article.live_revision_id, "helpful": "no"},
    )
    assert FeedbackReport.objects.count() == 1
    upload = media / "uploads" / "backup-test.png"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"\x89PNG not really, but bytes to keep")
    yield upload
    upload.unlink(missing_ok=True)


def test_backup_then_restore_into_an_empty_database_gives_the_same_site(
    client, site, tmp_path
):
    before = snapshot()
    fingerprints = RevisionFingerprint.objects.count()
    page_before = client.get(f"/articles/{SLUG}/").text
    archive = tmp_path / "site.tar.gz"

    call_command("backup", output=str(archive), stdout=open("/dev/null", "w"))
    # It holds password hashes and readers' e-mail addresses: owner only.
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "data.json", "media/uploads/backup-test.png"} <= set(names)
    assert manifest["counts"]["articles.Article"] == Article.objects.count()

    # An empty database: all rows gone (the roles' groups too), files gone.
    call_command("flush", interactive=False, verbosity=0)
    site.unlink()
    assert Article.objects.count() == 0

    call_command("restore", str(archive), stdout=open("/dev/null", "w"))

    assert snapshot() == before
    assert RevisionFingerprint.objects.count() == fingerprints  # rebuilt
    assert site.read_bytes() == b"\x89PNG not really, but bytes to keep"
    restored_page = client.get(f"/articles/{SLUG}/").text
    assert restored_page.count("doc-biblioref") == page_before.count("doc-biblioref")
    assert "Medically reviewed by" in restored_page
    # The database goes on working: new rows get fresh keys (sequences reset).
    highest = max(Article.objects.values_list("pk", flat=True))
    assert ArticleFactory(title="After the restore").pk > highest
    assert (
        client.post(
            "/admin/login/", {"username": "editor", "password": "demo-pass-123"}
        ).status_code
        == 302
    )


def test_restore_refuses_a_database_that_holds_content(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=open("/dev/null", "w"))
    before = snapshot()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive))
    assert snapshot() == before


def test_restore_refuses_a_damaged_or_foreign_file(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=open("/dev/null", "w"))
    call_command("flush", interactive=False, verbosity=0)

    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk))

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "data.json":
                data = data.replace(b"Anxiety", b"Anxietz", 1)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="fails its checksum"):
        call_command("restore", str(damaged))
    assert Revision.objects.count() == 0  # nothing half-loaded
