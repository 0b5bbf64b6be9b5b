"""The import page: a citation-manager file, its plan to confirm, then all or nothing.

The files are the real exports in ../shared/fixtures/registries/imports (read
where they are, never copied); a damaged file is a real one with one line
changed in the test, named as such.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Reference
from tests.admin_forms import change_url
from tests.evidence.conftest import (
    ELIFE,
    MISSING,
    REGISTRY_FIXTURES,
    elife_draft,
    require_registry_fixtures,
)
from tests.factories import UserFactory, edit

require_registry_fixtures()

pytestmark = pytest.mark.django_db

WORKFLOWS = (
    "Reproducibility of computational workflows is automated using continuous analysis"
)


@pytest.fixture
def imports():
    if not REGISTRY_FIXTURES.is_dir():
        pytest.skip(MISSING)
    return REGISTRY_FIXTURES / "imports"


@pytest.fixture
def article(cast):
    """A draft citing the eLife paper by DOI, without its details."""
    return elife_draft(created_by=cast.editor)


@pytest.fixture
def editor(client, cast):
    client.force_login(cast.editor)
    return client


def url(article):
    return reverse("admin:articles_article_import_references", args=[article.pk])


def state(article):
    """Return the article's references (every field), version and editors."""
    stored = Article.objects.get(pk=article.pk)
    rows = list(Reference.objects.filter(article=article).order_by("pk").values())
    return rows, stored.version, stored.pending_editor_ids


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def preview(client, article, **data):
    return client.post(url(article), {"step": "preview", "format": "", **data})


def text(html):
    """Return HTML's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def confirm(client, article, content, *, version=None, skip=False, format=""):
    data = {
        "step": "save",
        "text": content,
        "format": format,
        "version": article.version if version is None else version,
    }
    if skip:
        data["skip_problems"] = "on"
    return client.post(url(article), data)


def broken_ris(imports):
    """The real Zotero RIS export with its first record's end line removed."""
    return (imports / "manubot_bibliography.ris").read_text().replace("ER  - \n", "", 1)


# Choosing the file -------------------------------------------------------------------


def test_the_change_form_links_to_the_import_page(editor, article):
    html = editor.get(change_url(article)).content.decode()

    assert f'<a href="{url(article)}">Import references</a>' in html


def test_the_page_asks_for_a_file_or_pasted_text_and_the_format(editor, article):
    response = editor.get(url(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_text">Paste the references:</label>' in html
    assert '<label for="id_file">Or upload the exported file:</label>' in html
    assert '<option value="" selected>Tell from the content</option>' in html
    assert '<option value="medline">MEDLINE</option>' in html
    assert "Show what would be imported" in html


# The plan, before anything is saved ---------------------------------------------------


def test_an_uploaded_file_shows_new_entries_and_merges_and_saves_nothing(
    editor, article, imports
):
    before = state(article)
    data = (imports / "manubot_bibliography.nbib").read_bytes()

    response = preview(editor, article, file=upload("export.nbib", data))

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "MEDLINE: 2 entries." in page
    assert "Saving adds 1 new reference after the article's own" in page
    # The new entry: key, authors, title, journal, year and identifiers.
    assert (
        f"[@beaulieujones2017] Beaulieu-Jones BK, Greene CS {WORKFLOWS} "
        "Nat Biotechnol 2017 DOI 10.1038/nbt.3780 PMID 28288103"
    ) in page
    assert (
        f"“{ELIFE}” matches existing reference [@scihub] (same DOI): would fill "
        "authors, journal or publisher, volume, PMID, PMCID."
    ) in page
    assert "Could not be read (0)" in page
    assert "Skip the entries that could not be read" not in page
    assert "Save these references" in page
    assert state(article) == before


def test_pasted_text_is_planned_too_and_the_text_is_carried_to_the_save(
    editor, article, imports
):
    pasted = (imports / "manubot_bibliography.ris").read_text()

    response = preview(editor, article, text=pasted)

    page = text(response.content.decode())
    assert "RIS: 2 entries." in page
    assert "[@techblog]" in page
    form = response.context["confirm"]
    assert form["text"].value() == pasted
    assert form["version"].value() == article.version


def test_problems_are_listed_with_their_position_and_need_the_checkbox(
    editor, article, imports
):
    response = preview(editor, article, text=broken_ris(imports))

    page = text(response.content.decode())
    assert "Could not be read (1)" in page
    assert "These entries will be skipped" in page
    assert "Entry 1, line 1: It is cut short" in page
    html = response.content.decode()
    assert (
        '<input type="checkbox" name="skip_problems" id="id_skip_problems">'
        ' <label for="id_skip_problems">Skip the entries that could not be read'
        "</label>"
    ) in html


def test_a_file_that_is_not_utf8_gets_a_clear_message(editor, article):
    latin = "TY  - JOUR\nTI  - Caf\xe9 au lait\nER  - \n".encode("latin-1")

    response = preview(editor, article, file=upload("latin1.ris", latin))

    assert response.status_code == 200
    assert (
        "“latin1.ris” is not UTF-8 text: byte 21 cannot be read as UTF-8. Export "
        "it again as UTF-8, or paste its text instead."
    ) in response.content.decode()
    assert "Save these references" not in response.content.decode()


def test_a_file_that_is_not_text_is_refused(editor, article):
    response = preview(editor, article, file=upload("scan.ris", b"TY  - \x00\x01\x02"))

    assert "“scan.ris” is not a text file." in response.content.decode()


def test_a_file_over_1_mb_is_refused_unread(editor, article, imports):
    big = (imports / "manubot_bibliography.ris").read_bytes() * 1500  # over 1 MB

    response = preview(editor, article, file=upload("huge.ris", big))

    assert len(big) > 1024 * 1024
    assert "“huge.ris” is larger than 1 MB" in response.content.decode()
    assert "Save these references" not in response.content.decode()


def test_nothing_pasted_or_both_given_says_what_to_do(editor, article, imports):
    data = (imports / "manubot_bibliography.ris").read_bytes()

    neither = preview(editor, article, text="  ")
    both = preview(editor, article, text="TY  - JOUR", file=upload("a.ris", data))

    assert "Paste the references or upload a file." in neither.content.decode()
    assert "Paste the references or upload a file, not both." in (both.content.decode())


def test_a_file_of_references_the_article_has_offers_nothing_to_save(
    editor, article, imports, cast
):
    nbib = (imports / "manubot_bibliography.nbib").read_text()
    confirm(editor, article, nbib)
    article.refresh_from_db()

    response = preview(editor, article, text=nbib)

    page = text(response.content.decode())
    assert "Nothing to import:" in page
    assert "nothing new to fill in" in page
    assert "Save these references" not in page


# Saving ------------------------------------------------------------------------------


def test_saving_adds_the_new_rows_and_fills_the_known_one(editor, article, imports):
    nbib = (imports / "manubot_bibliography.nbib").read_text()
    version = article.version

    response = confirm(editor, article, nbib)

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    keys = list(article.references.values_list("key", "position"))
    assert keys == [("scihub", 3), ("beaulieujones2017", 4)]
    scihub = article.references.get(key="scihub")
    assert scihub.authors.startswith("Himmelstein DS, Romero AR")
    assert (scihub.pmid, scihub.pmcid) == ("29424689", "PMC5832410")
    article.refresh_from_db()
    assert article.version == version + 1
    shown = editor.get(response["Location"]).content.decode()
    assert "Saved: 1 new reference(s); 1 existing reference(s) filled in." in shown


def test_saving_with_problems_needs_the_checkbox(editor, article, imports):
    before = state(article)

    refused = confirm(editor, article, broken_ris(imports))

    assert refused.status_code == 200
    assert "Tick “Skip the entries that could not be read” to save the others" in (
        refused.content.decode()
    )
    assert state(article) == before

    saved = confirm(editor, article, broken_ris(imports), skip=True)

    assert saved.status_code == 302
    assert list(article.references.values_list("key", flat=True)) == [
        "scihub",
        "techblog",
    ]


def test_a_save_after_someone_elses_is_refused_with_nothing_written(
    editor, article, imports, cast
):
    nbib = (imports / "manubot_bibliography.nbib").read_text()
    opened = article.version
    edit(article, cast.chief, summary="Edited while the plan was read.")
    before = state(article)

    response = confirm(editor, article, nbib, version=opened)

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Someone else saved this article while you were reading the plan." in page
    assert "Nothing was saved." in page
    assert state(article) == before
    # The plan is shown again, made against the article as it is now.
    assert response.context["confirm"]["version"].value() == opened + 1
    assert "[@beaulieujones2017]" in page


def test_a_row_the_model_refuses_is_shown_and_nothing_is_written(
    editor, article, imports, monkeypatch
):
    # A rule of the model the import does not know: filling the eLife reference
    # fails after the new row has been written.
    original = Reference.clean

    def refuse_elife(reference):
        original(reference)
        if reference.key == "scihub":
            raise ValidationError({"pmcid": "Refused for the test."})

    monkeypatch.setattr(Reference, "clean", refuse_elife)
    before = state(article)

    response = confirm(
        editor, article, (imports / "manubot_bibliography.nbib").read_text()
    )

    assert response.status_code == 200
    assert (
        f"[@scihub] “{ELIFE}” was refused (pmcid: Refused for the test.). "
        "Nothing was saved."
    ) in response.content.decode()
    assert state(article) == before


def test_an_incomplete_confirmation_saves_nothing(editor, article):
    before = state(article)

    response = editor.post(url(article), {"step": "save", "version": "x"})

    assert response.status_code == 200
    assert "The import to confirm was incomplete; nothing was saved." in (
        response.content.decode()
    )
    assert state(article) == before


# Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["moderator", "reviewer", "plain staff"])
def test_staff_who_may_not_edit_get_a_403_and_nothing_is_written(
    client, cast, article, imports, who
):
    user = {
        "moderator": lambda: cast.moderator,
        "reviewer": lambda: cast.reviewer.user,
        "plain staff": lambda: UserFactory(username="plain"),
    }[who]()
    client.force_login(user)
    before = state(article)
    nbib = (imports / "manubot_bibliography.nbib").read_text()

    assert client.get(url(article)).status_code == 403
    assert preview(client, article, text=nbib).status_code == 403
    assert confirm(client, article, nbib).status_code == 403
    assert state(article) == before
    assert "Import references" not in client.get(change_url(article)).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, article):
    response = client.get(url(article))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_article_that_does_not_exist_is_a_404(editor, groups):
    assert editor.get("/admin/articles/article/999/import-references/").status_code == (
        404
    )
