"""Planning an import: the same work (by DOI or PMID) is merged, not added twice."""

import copy

import pytest

from articles.evidence.imports import merge_with_existing, parse_references

from .conftest import require_registry_fixtures

require_registry_fixtures()


@pytest.fixture
def nbib(registry_fixtures):
    text = (registry_fixtures / "imports/manubot_bibliography.nbib").read_text()
    return parse_references(text).entries


@pytest.fixture
def bibtex(registry_fixtures):
    text = (registry_fixtures / "imports/manubot_bibliography.bib").read_text()
    return parse_references(text).entries


def existing(key, **fields):
    """Return an article's reference as a dict, empty but for FIELDS."""
    reference = {
        "key": key,
        "kind": "journal",
        "authors": "",
        "first_authors_only": False,
        "title": "A title the editor typed",
        "container": "",
        "year": None,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "pmcid": "",
        "url": "",
        "accessed_on": None,
    }
    return {**reference, **fields}


def test_same_doi_without_case_or_prefix_is_merged_not_added(nbib):
    article = [
        existing(
            "scihub", doi="https://doi.org/10.7554/ELIFE.32822", year=2018, volume="7"
        )
    ]
    plan = merge_with_existing(nbib, article)

    assert [entry["key"] for entry in plan.new] == ["beaulieujones2017"]
    (merge,) = plan.merges
    assert merge.message == "matches existing reference [@scihub]"
    assert (merge.key, merge.matched_by, merge.within_file) == ("scihub", "DOI", False)
    # Only what the reference lacks; the editor's title, year and DOI stay.
    assert merge.fields == {
        "authors": nbib[0]["authors"],
        "first_authors_only": False,
        "container": "Elife",
        "pmid": "29424689",
        "pmcid": "PMC5832410",
    }
    assert plan.problems == [] and plan.changes_anything


def test_same_pmid_is_merged(nbib):
    article = [existing("workflows", pmid="28288103", container="Nat Biotechnol")]
    plan = merge_with_existing(nbib, article)

    assert [entry["key"] for entry in plan.new] == ["himmelstein2018"]
    (merge,) = plan.merges
    assert (merge.key, merge.matched_by) == ("workflows", "PMID")
    assert "container" not in merge.fields
    assert merge.fields["doi"] == "10.1038/nbt.3780"
    assert merge.fields["pages"] == "342-346"


def test_a_reference_already_complete_changes_nothing(nbib):
    article = [dict(nbib[0], key="scihub"), dict(nbib[1], key="workflows")]
    plan = merge_with_existing(nbib, article)

    assert plan.new == []
    assert [(merge.key, merge.fields) for merge in plan.merges] == [
        ("scihub", {}),
        ("workflows", {}),
    ]
    assert not plan.changes_anything


def test_the_same_work_twice_in_the_file_is_one_new_reference(bibtex, nbib):
    # A Zotero export and a PubMed export put together: the eLife paper twice.
    plan = merge_with_existing([*bibtex, *nbib], [])

    assert [entry["key"] for entry in plan.new] == [
        "himmelstein2018",
        "techblog",
        "beaulieujones2017",
    ]
    (merge,) = plan.merges
    assert merge.message == "repeats [@himmelstein2018] from this file (same DOI)"
    assert merge.within_file
    # The second copy fills what the first lacked, in the new reference itself.
    assert merge.fields == {"pmid": "29424689", "pmcid": "PMC5832410"}
    assert plan.new[0]["pmid"] == "29424689"
    assert plan.new[0]["container"] == "eLife"  # the first copy's stays


def test_one_existing_reference_filled_by_two_entries_fills_each_field_once(
    bibtex, nbib
):
    article = [existing("scihub", doi="10.7554/eLife.32822")]
    plan = merge_with_existing([*bibtex, *nbib], article)

    first, second = plan.merges
    assert (first.key, second.key) == ("scihub", "scihub")
    assert first.fields["url"] == "https://elifesciences.org/articles/32822"
    assert "url" not in second.fields and "authors" not in second.fields
    assert second.fields["pmid"] == "29424689"
    # The PMID learnt from the first copy matches the PubMed copy too.
    assert second.matched_by == "DOI"


def test_an_entry_matching_two_references_is_a_problem(nbib):
    article = [
        existing("bydoi", doi="10.1038/nbt.3780"),
        existing("bypmid", pmid="28288103"),
    ]
    plan = merge_with_existing(nbib, article)

    assert [entry["key"] for entry in plan.new] == ["himmelstein2018"]
    assert plan.merges == []
    (problem,) = plan.problems
    assert problem.position == "[@beaulieujones2017]"
    assert "[@bydoi] by DOI and [@bypmid] by PMID" in problem.message


def test_the_inputs_are_not_changed(bibtex, nbib):
    entries = [*bibtex, *nbib]
    article = [existing("scihub", doi="10.7554/eLife.32822")]
    before = copy.deepcopy((entries, article))

    merge_with_existing(entries, article)

    assert (entries, article) == before
