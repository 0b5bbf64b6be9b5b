"""manage.py import_references: the plan printed, then all saved or nothing."""

import io
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.models import Article, Reference
from tests.factories import UserFactory, writer

from .conftest import ELIFE, elife_draft, require_registry_fixtures

require_registry_fixtures()

pytestmark = pytest.mark.django_db

WORKFLOWS = (
    "Reproducibility of computational workflows is automated using continuous analysis"
)


@pytest.fixture
def imports(registry_fixtures):
    return registry_fixtures / "imports"


@pytest.fixture
def article(groups):
    """A draft citing one reference of its own, the eLife paper without details."""
    return elife_draft()


def run(*args, user="writer"):
    """Return the command's output; CommandError propagates."""
    out = io.StringIO()
    call_command("import_references", *args, "--as", user, stdout=out)
    return out.getvalue()


def table(article):
    """Return what the article's references are, every field."""
    return list(Reference.objects.filter(article=article).order_by("pk").values())


def state(article):
    article = Article.objects.get(pk=article.pk)
    return table(article), article.version, article.pending_editor_ids


def test_imports_new_references_after_the_existing_and_merges_the_known_one(
    article, imports
):
    version = article.version
    output = run("--article", "open-access", str(imports / "manubot_bibliography.nbib"))

    assert "MEDLINE: 2 entries for “" in output
    assert f"[@beaulieujones2017] {WORKFLOWS}" in output
    assert f"“{ELIFE}” matches existing reference [@scihub]; fills: authors" in output
    assert "Problems (0):" in output
    assert "Saved: 1 new reference(s); 1 existing reference(s) filled in." in output
    references = list(article.references.all())
    assert [ref.key for ref in references] == ["scihub", "beaulieujones2017"]
    scihub, workflows = references
    assert workflows.position == 4  # after the existing ones
    assert (workflows.container, workflows.volume, workflows.pages) == (
        "Nat Biotechnol",
        "35",
        "342-346",
    )
    assert workflows.authors == "Beaulieu-Jones BK, Greene CS"
    assert workflows.peer_reviewed
    # The known one is filled in, not duplicated; what it had stays.
    assert scihub.authors.startswith("Himmelstein DS, Romero AR")
    assert (scihub.container, scihub.pmid, scihub.pmcid) == (
        "Elife",
        "29424689",
        "PMC5832410",
    )
    assert scihub.doi == "10.7554/ELIFE.32822"
    # Saved as an edit of the working copy, as the admin saves it.
    article.refresh_from_db()
    assert article.version == version + 1
    assert writer().pk in article.pending_editor_ids


def test_web_page_from_ris_keeps_its_address_and_access_date(article, imports):
    run("--article", "open-access", str(imports / "manubot_bibliography.ris"))

    page = article.references.get(key="techblog")
    assert page.kind == Reference.Kind.WEB
    assert page.url.startswith("http://blogs.nature.com/naturejobs/")
    assert page.accessed_on.isoformat() == "2019-03-12"
    assert not page.peer_reviewed
    assert article.references.count() == 2  # the eLife paper was merged


def test_dry_run_prints_the_plan_and_saves_nothing(article, imports):
    before = state(article)
    output = run(
        "--article",
        "open-access",
        "--dry-run",
        str(imports / "biopython_pubmed_result2.medline.txt"),
    )

    assert "New references (4):" in output
    assert "[@casbon2006] A high level interface to SCOP and ASTRAL" in output
    assert output.rstrip().endswith("Dry run: nothing was saved.")
    assert state(article) == before


def test_a_file_from_stdin_with_its_format_told(article, imports, monkeypatch):
    data = (imports / "biopython_pubmed_result2.medline.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    run("--article", "open-access", "--format", "nbib", "-")

    assert article.references.count() == 5


def test_problems_save_nothing_unless_skipped(article, imports, tmp_path):
    # The real file with the first record's end line removed.
    text = (imports / "manubot_bibliography.ris").read_text()
    broken = tmp_path / "broken.ris"
    broken.write_text(text.replace("ER  - \n", "", 1))
    before = state(article)

    with pytest.raises(CommandError) as refused:
        run("--article", "open-access", str(broken))

    assert "Nothing was saved" in str(refused.value)
    assert "--skip-problems" in str(refused.value)
    assert state(article) == before

    output = run("--article", "open-access", "--skip-problems", str(broken))

    assert "entry 1, line 1: It is cut short" in output
    assert [ref.key for ref in article.references.all()] == ["scihub", "techblog"]


def test_problems_are_listed_with_their_position(article, imports, tmp_path):
    # The real file with the second record's title removed.
    text = (imports / "biopython_pubmed_result2.medline.txt").read_text()
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(text.replace("TI  - GenomeDiagram", "XX  - GenomeDiagram"))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_references",
            str(damaged),
            "--article=open-access",
            "--as=writer",
            "--dry-run",
            stdout=out,
        )

    assert "Problems (1):" in out.getvalue()
    assert "  entry 2, line 67: It has no title." in out.getvalue()
    assert "New references (3):" in out.getvalue()


def test_a_reference_the_model_refuses_leaves_everything_unchanged(
    article, imports, monkeypatch
):
    # A rule of the model that the import does not know: filling the eLife
    # reference fails after the new Nat Biotechnol row has been written.
    original = Reference.clean

    def refuse_elife(reference):
        original(reference)
        if reference.key == "scihub":
            raise ValidationError({"pmcid": "Refused for the test."})

    monkeypatch.setattr(Reference, "clean", refuse_elife)
    before = state(article)

    with pytest.raises(CommandError) as refused:
        run("--article", "open-access", str(imports / "manubot_bibliography.nbib"))

    assert str(refused.value) == (
        f"[@scihub] “{ELIFE}” was refused (pmcid: Refused for the test.). "
        "Nothing was saved."
    )
    assert state(article) == before  # no new row, nothing filled, no version bump


def test_a_user_who_may_not_edit_articles_is_refused(article, imports):
    UserFactory(username="visitor")
    before = state(article)

    with pytest.raises(CommandError) as refused:
        run(
            "--article",
            "open-access",
            str(imports / "manubot_bibliography.nbib"),
            user="visitor",
        )

    assert "visitor may not edit" in str(refused.value)
    assert "permission to change article" in str(refused.value)
    assert state(article) == before


def test_an_unknown_article_or_user_is_refused(article, imports):
    path = str(imports / "manubot_bibliography.nbib")

    with pytest.raises(CommandError, match="no article with the slug “nope”"):
        run("--article", "nope", path)
    with pytest.raises(CommandError, match="no active user “ghost”"):
        run("--article", "open-access", path, user="ghost")


def test_a_file_that_is_not_utf8_is_refused(article, tmp_path):
    latin = tmp_path / "latin1.ris"
    latin.write_bytes("TY  - JOUR\nTI  - Caf\xe9\nER  - \n".encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run("--article", "open-access", str(latin))


def test_nothing_new_saves_nothing(article, imports):
    run("--article", "open-access", str(imports / "manubot_bibliography.nbib"))
    before = state(article)

    output = run("--article", "open-access", str(imports / "manubot_bibliography.nbib"))

    assert "fills: nothing new" in output
    assert "Nothing to import. Nothing was saved." in output
    assert state(article) == before
