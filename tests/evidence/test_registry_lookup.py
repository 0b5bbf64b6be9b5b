"""Looking up a reference by identifier fills the fields an editor would type.

Every answer here is a real recorded response (../shared/fixtures/registries,
see its SOURCES.md), served by the fake registries of conftest.py. A request
with no recording gets a 404, so a DOI that Crossref has but PMC does not
shows the ID converter's "knows no article" among the warnings.
"""

import json

import pytest

from articles.evidence import records
from articles.evidence.crossref import parse_work
from articles.evidence.pubmed import parse_efetch
from articles.evidence.registries import RegistryError, lookup
from tests.evidence.conftest import require_registry_fixtures, status

require_registry_fixtures()

NEUROBIOL_AGING = "10.1016/j.neurobiolaging.2010.03.024"


def test_a_doi_gives_every_author_in_order_and_the_bibliographic_details(client):
    result = lookup(NEUROBIOL_AGING, client=client)

    assert result.fields == {
        "kind": "journal",
        "authors": (
            "Lee HJ, Lee JK, Lee H, Carter JE, Chang JW, Oh W, Yang YS, Suh JG, "
            "Lee BH, Jin HK, Bae JS"
        ),
        "first_authors_only": False,
        "title": (
            "Human umbilical cord blood-derived mesenchymal stem cells improve "
            "neuropathology and cognitive impairment in an Alzheimer's disease "
            "mouse model through modulation of neuroinflammation"
        ),
        "container": "Neurobiology of Aging",
        "year": 2012,
        "volume": "33",
        "issue": "3",
        "pages": "588-602",
        "doi": NEUROBIOL_AGING,
        "pmid": "",
        "pmcid": "",
        "url": "",
        "peer_reviewed": True,
    }
    assert result.sources == ["crossref"]
    assert len(result.csl["author"]) == 11
    assert result.csl["author"][0] == {"family": "Lee", "given": "Hyun Ju"}
    assert result.csl["issued"] == {"date-parts": [[2012, 3]]}


def test_markup_and_line_breaks_leave_the_title_and_the_short_journal_name_is_used(
    client,
):
    fields = lookup("10.1136/jclinpath-2020-206745", client=client).fields

    assert fields["title"] == (
        "Construction of a reference material panel for detecting "
        "KRAS/NRAS/EGFR/BRAF/MET mutations in plasma ctDNA"
    )
    assert fields["container"] == "J Clin Pathol"
    assert fields["authors"].count(",") + 1 == 15
    assert fields["authors"].startswith("Xu J, Qu S, Sun N")
    # Online in 2020, in print in volume 74(5) of 2021: the citation's year is
    # the one that goes with the volume.
    assert (fields["year"], fields["volume"], fields["issue"]) == (2021, "74", "5")
    assert fields["pages"] == "314-320"


def test_a_book_chapter_is_a_book_by_its_publisher_and_not_peer_reviewed(client):
    result = lookup("10.1007/978-3-662-46370-3_13", client=client)

    assert result.fields["kind"] == "book"
    assert result.fields["title"] == "Clinical Symptoms and Physical Examinations"
    assert result.fields["container"] == "Springer Berlin Heidelberg"
    assert result.fields["authors"] == "Diercks RL, Ludvigsen TC"
    assert (result.fields["year"], result.fields["pages"]) == (2015, "155-158")
    assert result.fields["peer_reviewed"] is False
    assert result.csl["type"] == "chapter"
    assert result.csl["container-title"] == "Shoulder Stiffness"
    assert any("Shoulder Stiffness" in warning for warning in result.warnings)


def test_a_monograph_is_a_book_and_not_peer_reviewed(client):
    result = lookup("https://doi.org/10.1017/9781108348843", client=client)

    assert result.fields["kind"] == "book"
    assert result.fields["title"] == "The Politics of the Past in Early China"
    assert result.fields["authors"] == "Leung VS"
    assert result.fields["container"] == "Cambridge University Press"
    assert result.fields["year"] == 2019
    assert result.fields["peer_reviewed"] is False
    assert result.csl["type"] == "book"
    assert result.csl["publisher"] == "Cambridge University Press"


def test_a_pmid_gives_the_nlm_abbreviation_all_authors_and_the_doi(client, registries):
    result = lookup("https://pubmed.ncbi.nlm.nih.gov/23121403/", client=client)
    fields = result.fields

    names = fields["authors"].split(", ")
    assert len(names) == 13
    assert names[:3] == ["Brighton TA", "Eikelboom JW", "Mann K"]
    assert names[-1] == "ASPIRE Investigators"  # the group author, as its name
    assert fields["first_authors_only"] is False
    assert fields["title"] == (
        "Low-dose aspirin for preventing recurrent venous thromboembolism"
    )
    assert fields["container"] == "N Engl J Med"
    assert (fields["year"], fields["volume"], fields["issue"]) == (2012, "367", "21")
    assert fields["pages"] == "1979-1987"
    assert (fields["pmid"], fields["doi"]) == ("23121403", "10.1056/NEJMoa1210384")
    assert fields["peer_reviewed"] is True  # a randomised trial, Journal Article
    assert result.csl["author"][-1] == {"literal": "ASPIRE Investigators"}
    assert result.csl["container-title-short"] == "N Engl J Med"
    # The DOI PubMed gave was then asked of Crossref (which has no recording).
    assert registries.hosts() == ["eutils", "crossref"]
    assert "/works/10.1056/NEJMoa1210384?" in registries.urls()[1]
    assert result.sources == ["pubmed"]
    assert "No work with DOI 10.1056/NEJMoa1210384 is registered at Crossref." in (
        result.warnings
    )


def test_a_pmid_finds_its_own_pmcid_not_one_from_its_reference_list(client):
    result = lookup("PMID: 38147649", client=client)

    assert result.fields["pmcid"] == "PMC10769841"
    assert result.fields["doi"] == "10.1073/pnas.2308706120"
    assert result.fields["container"] == "Proc Natl Acad Sci U S A"
    assert result.fields["pages"] == "e2308706120"
    assert len(result.fields["authors"].split(", ")) == 23
    assert any("erratum" in warning for warning in result.warnings)


def test_an_erratum_in_pubmed_is_named_in_the_warnings(client):
    result = lookup("35649368", client=client)

    assert result.fields["container"] == "Cell Rep"
    assert len(result.fields["authors"].split(", ")) == 10
    assert (
        "PubMed lists an erratum for this article (Cell Rep. 2022 Jun "
        "28;39(13):111044. doi: 10.1016/j.celrep.2022.111044)." in result.warnings
    )


def test_a_retraction_notice_is_not_peer_reviewed_and_says_what_it_is(client):
    result = lookup("27508352", client=client)

    assert result.fields["peer_reviewed"] is False
    assert result.fields["authors"] == ""
    assert result.fields["pmcid"] == "PMC4979084"
    assert any("retraction notice" in warning for warning in result.warnings)


def test_a_correction_listed_by_crossref_is_a_warning_but_a_new_version_is_not(
    client,
):
    corrected = lookup("10.1371/journal.pone.0033693", client=client)
    assert any(
        "Correction (doi:10.1371/annotation/c76da2c1" in warning
        for warning in corrected.warnings
    )
    versioned = lookup("10.1371/journal.ppat.1008184", client=client)
    assert not any("update to this work" in w for w in versioned.warnings)
    assert versioned.fields["container"] == "PLoS Pathog"


def test_when_efetch_answers_badly_esummary_still_gives_the_record(client, registries):
    registries.answer(lambda r: r.url.path.endswith("efetch.fcgi"), status(502))

    result = lookup("28806736", client=client)

    assert result.fields["authors"] == (
        "Nicholas SE, Rowsey TG, Priyadarsini S, Mandal NA, Karamichos D"
    )
    assert result.fields["title"] == (
        "Unravelling the interplay of sphingolipids and TGF-β signaling in the "
        "human corneal stroma"
    )
    assert result.fields["container"] == "PLoS One"
    assert (result.fields["year"], result.fields["volume"]) == (2017, "12")
    assert (result.fields["issue"], result.fields["pages"]) == ("8", "e0182390")
    assert result.fields["doi"] == "10.1371/journal.pone.0182390"
    assert result.fields["peer_reviewed"] is True
    assert result.sources == ["pubmed"]


def test_identifiers_found_by_one_registry_are_asked_of_the_next(client, registries):
    # PubMed has no record of 19749171 here; the ID converter links it to a DOI
    # and a PMCID, and the DOI goes on to Crossref (no recording either).
    with pytest.raises(RegistryError, match="No PubMed record has PMID 19749171."):
        lookup("19749171", client=client)
    assert registries.hosts() == ["eutils", "idconv", "crossref"]
    assert registries.urls()[2].startswith(
        "http://crossref.registry.invalid/works/10.1124/pr.109.001263?"
    )


def test_a_doi_gets_its_pmid_from_the_id_converter_and_asks_pubmed(client, registries):
    with pytest.raises(RegistryError, match="No work with DOI 10.1038/ng.590"):
        lookup("doi:10.1038/ng.590", client=client)
    assert registries.hosts() == ["crossref", "idconv", "eutils"]
    assert "id=20495566" in registries.urls()[2]


def test_a_pmcid_goes_to_the_id_converter_first(client, registries):
    with pytest.raises(
        RegistryError,
        match="The PMC ID converter knows no article with PMCID PMC2883744.",
    ):
        lookup("https://pmc.ncbi.nlm.nih.gov/articles/PMC2883744/", client=client)
    assert registries.hosts() == ["idconv"]
    assert "ids=PMC2883744&idtype=pmcid" in registries.urls()[0]


def test_merging_takes_pubmeds_authors_and_abbreviation_and_crossrefs_details(
    registry_fixtures,
):
    """The merge rules, shown on two recorded works that are not the same one."""
    crossref = parse_work(
        (
            registry_fixtures / "crossref" / "works_10.1073_pnas.1414271111.json"
        ).read_bytes()
    )
    pubmed = parse_efetch(
        (registry_fixtures / "ncbi" / "efetch_pubmed_38147649.xml").read_bytes(),
        "38147649",
    )
    merged = records.merge(crossref, pubmed)

    assert merged.authors == pubmed.authors  # PubMed's list is complete
    assert merged.container_short == "Proc Natl Acad Sci U S A"  # NLM, not Crossref's
    assert merged.container_title == crossref.container_title
    assert (merged.volume, merged.issue) == (crossref.volume, crossref.issue)
    assert merged.pages == pubmed.pages  # Crossref has none for this work
    assert merged.notices == crossref.notices + pubmed.notices

    pubmed.authors_complete = False  # as when PubMed says CompleteYN="N"
    pubmed.authors = pubmed.authors[:3]
    assert records.merge(crossref, pubmed).authors == crossref.authors


def test_the_command_prints_the_csl_json_item(registries, capsys):
    from django.core.management import call_command

    call_command("lookup_reference", "10.1136/jclinpath-2020-206745")

    out, err = capsys.readouterr()
    item = json.loads(out)
    assert item["DOI"] == "10.1136/jclinpath-2020-206745"
    assert item["type"] == "article-journal"
    assert item["container-title"] == "Journal of Clinical Pathology"
    assert item["container-title-short"] == "J Clin Pathol"
    assert len(item["author"]) == 15
    assert item["issued"] == {"date-parts": [[2021, 5]]}
    assert (item["volume"], item["issue"], item["page"]) == ("74", "5", "314-320")
    assert out.startswith('{\n  "id"')  # indented by two
    assert "PMC ID converter" in err  # what the editor should know, apart


def test_the_command_fails_with_the_message_and_a_non_zero_exit(registries, capsys):
    from articles.management.commands.lookup_reference import Command

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(
            ["manage.py", "lookup_reference", "--skip-checks", "10.1234/none"]
        )

    assert exit_info.value.code != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "No work with DOI 10.1234/none is registered at Crossref." in err


def test_an_author_list_too_long_for_the_field_is_cut_and_ends_with_et_al(
    registry_fixtures,
):
    from articles.references import ama_authors

    record = parse_efetch(
        (registry_fixtures / "ncbi" / "efetch_pubmed_38147649.xml").read_bytes(),
        "38147649",
    )
    record.authors = record.authors * 3  # 69 names, as a consortium paper has

    fields, warnings = records.reference_fields(record)

    assert len(fields["authors"]) <= records.AUTHORS_MAX_LENGTH
    assert fields["authors"].startswith("Ritz NL, Brocka M, Butler MI")
    assert fields["first_authors_only"] is True
    assert warnings[0].startswith("The registry lists 69 authors")
    assert ama_authors(fields["authors"], first_authors_only=True).endswith("et al")
