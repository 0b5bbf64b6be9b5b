"""Looking up and importing references from the article form, in a real browser.

The live server runs in this process, so the fake registries of
tests/evidence/conftest.py (the recorded answers in ../shared/fixtures/
registries) are installed as the registry client's default transport.
"""

import httpx
import pytest
from playwright.sync_api import expect

from articles.models import Reference
from tests.e2e.checkers import axe_violations, nu_errors
from tests.e2e.conftest import login
from tests.evidence.conftest import (
    MISSING,
    REGISTRY_FIXTURES,
    FakeClock,
    FakeRegistries,
)
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEUROBIOL_AGING = "10.1016/j.neurobiolaging.2010.03.024"


@pytest.fixture
def registries(monkeypatch):
    if not REGISTRY_FIXTURES.is_dir():
        pytest.skip(MISSING)
    fake = FakeRegistries(REGISTRY_FIXTURES, FakeClock())
    monkeypatch.setattr("articles.evidence.client.transport", httpx.MockTransport(fake))
    return fake


def test_an_editor_looks_up_a_doi_checks_the_row_and_saves_it(
    page, live_server, cast, registries
):
    article = ArticleFactory(created_by=cast.editor, title="Stem cells and memory")
    ReferenceFactory(article=article)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    login(page, live_server, "ed")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    box = page.get_by_label("DOI, PMID or PMCID (or its address)")
    status = page.locator(".reference-lookup [role=status]")
    rows = page.locator("#references-group .inline-related:not(.empty-form)")
    expect(box).to_be_visible()
    expect(rows).to_have_count(1)

    # A DOI nobody has: the message is shown, nothing typed is lost, no row.
    box.fill("10.1000/nothing-recorded")
    box.press("Enter")  # looks up; it does not submit the article form
    expect(status).to_have_text(
        "No work with DOI 10.1000/nothing-recorded is registered at Crossref."
    )
    expect(box).to_have_value("10.1000/nothing-recorded")
    expect(box).to_be_focused()
    expect(rows).to_have_count(1)

    box.fill(f"https://doi.org/{NEUROBIOL_AGING}")
    page.get_by_role("button", name="Look up").click()
    expect(status).to_contain_text("Check the filled reference, then save.")
    expect(status).to_contain_text("The PMC ID converter knows no article")
    expect(rows).to_have_count(2)
    key = page.locator("#id_references-1-key")
    expect(key).to_have_value("lee2012")
    expect(key).to_be_focused()
    expect(page.locator("#id_references-1-title")).to_have_value(
        "Human umbilical cord blood-derived mesenchymal stem cells improve "
        "neuropathology and cognitive impairment in an Alzheimer's disease mouse "
        "model through modulation of neuroinflammation"
    )
    expect(page.locator("#id_references-1-peer_reviewed")).to_be_checked()
    expect(page.locator("#id_references-TOTAL_FORMS")).to_have_value("2")
    # Nothing is saved until the editor saves the form.
    assert article.references.count() == 1

    page.fill("#id_body", "Stem cells helped the mice [@lee2012].")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Reference.objects.get(article=article, key="lee2012")
    assert (saved.doi, saved.container, saved.year) == (
        NEUROBIOL_AGING,
        "Neurobiology of Aging",
        2012,
    )
    assert saved.authors.startswith("Lee HJ, Lee JK, Lee H")
    assert saved.position == 1  # after the reference already there
    assert blocked == []


def show_plan(page):
    """Press "Show what would be imported"; return the HTML the server sent."""
    with page.expect_response(
        lambda response: (
            response.request.method == "POST" and "/import-references/" in response.url
        )
    ) as answer:
        page.get_by_role("button", name="Show what would be imported").click()
    page.wait_for_load_state()
    return answer.value.text()


def test_the_import_confirmation_passes_both_checkers(
    page, live_server, cast, tmp_path, registries
):
    article = ArticleFactory(created_by=cast.editor, title="Open access")
    ReferenceFactory(
        article=article,
        key="scihub",
        authors="",
        title="Sci-Hub provides access to nearly all scholarly literature",
        doi="10.7554/ELIFE.32822",
        pmid="",
    )
    export = REGISTRY_FIXTURES / "imports" / "manubot_bibliography.ris"
    # The real Zotero export with its first record's end line removed: a problem.
    damaged = tmp_path / "damaged.ris"
    damaged.write_text(export.read_text().replace("ER  - \n", "", 1))
    login(page, live_server, "ed")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Import references").click()
    page.set_input_files("#id_file", str(export))
    documents, problems = {"import plan": show_plan(page)}, []
    expect(page.locator("#content-main")).to_contain_text("[@techblog]")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"plan at {width} px: {v}" for v in axe_violations(page)]

    page.get_by_role("link", name="Choose another file").click()
    page.set_input_files("#id_file", str(damaged))
    documents["import plan with problems"] = show_plan(page)
    expect(page.locator(".import-problems")).to_contain_text("It is cut short")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"problems at {width} px: {v}" for v in axe_violations(page)]
    problems += nu_errors(documents, tmp_path)
    assert problems == []

    page.get_by_label("Skip the entries that could not be read").check()
    page.get_by_role("button", name="Save these references").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved: 1 new reference(s)")
    assert list(article.references.values_list("key", flat=True)) == [
        "scihub",
        "techblog",
    ]
