"""Reading citation-manager files: BibTeX, RIS, MEDLINE and CSL-JSON.

The inputs are real export files (../shared/fixtures/registries, SOURCES.md
there says where each came from), read where they are. A bad input is the
smallest change to a real file, named in the test.
"""

import json
import re
from datetime import date

import pytest

from articles.evidence.imports import NOT_A_FORMAT, detect_format, parse_references

from .conftest import require_registry_fixtures

require_registry_fixtures()

ELIFE_AUTHORS = (
    "Himmelstein DS, Romero AR, Levernier JG, Munro TA, McLaughlin SR, "
    "Greshake Tzovaras B, Greene CS"
)
ELIFE_TITLE = "Sci-Hub provides access to nearly all scholarly literature"
WEB_TITLE = (
    "TechBlog: ‘Manubot’ powers a crowdsourced ‘deep-learning’ review : Naturejobs Blog"
)
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+\Z")


@pytest.fixture
def read(registry_fixtures):
    def read(name):
        return (registry_fixtures / name).read_text(encoding="utf-8")

    return read


def parse(text, format=None, **kwargs):
    result = parse_references(text, format, **kwargs)
    return result, {entry["key"]: entry for entry in result.entries}


# The same eLife paper from four exports -----------------------------------


def test_bibtex_export_gives_the_paper_and_the_web_page(read):
    result, entries = parse(read("imports/manubot_bibliography.bib"))

    assert result.format == "bibtex" and result.problems == []
    assert list(entries) == ["himmelstein2018", "techblog"]
    paper = entries["himmelstein2018"]
    assert paper["authors"] == ELIFE_AUTHORS
    assert paper["title"] == ELIFE_TITLE  # "Sci-{Hub}": the braces are gone
    assert (paper["container"], paper["year"], paper["volume"]) == ("eLife", 2018, "7")
    assert paper["doi"] == "10.7554/eLife.32822"
    assert paper["url"] == "https://elifesciences.org/articles/32822"
    assert paper["accessed_on"] == date(2019, 3, 12)
    assert (paper["kind"], paper["peer_reviewed"]) == ("journal", True)
    assert paper["first_authors_only"] is False
    page = entries["techblog"]
    assert page["title"] == WEB_TITLE
    assert (page["kind"], page["peer_reviewed"], page["authors"]) == ("web", False, "")
    assert page["url"].startswith("http://blogs.nature.com/naturejobs/2018/02/20/")
    assert page["accessed_on"] == date(2019, 3, 12)


def test_ris_export_gives_the_same_two_references(read):
    bibtex = parse(read("imports/manubot_bibliography.bib"))[1]
    result, entries = parse(read("imports/manubot_bibliography.ris"))

    assert result.format == "ris" and result.problems == []
    assert entries == bibtex  # ELEC is a web page, Y2 the access date


def test_nbib_export_has_pubmeds_abbreviation_and_identifiers(read):
    result, entries = parse(read("imports/manubot_bibliography.nbib"))

    assert result.format == "medline" and result.problems == []
    paper = entries["himmelstein2018"]
    assert paper["authors"] == ELIFE_AUTHORS  # the AU lines, in order
    assert paper["title"] == ELIFE_TITLE  # without PubMed's closing full stop
    assert paper["container"] == "Elife"  # TA, not JT "eLife"
    assert (paper["doi"], paper["pmid"], paper["pmcid"]) == (
        "10.7554/eLife.32822",
        "29424689",
        "PMC5832410",
    )
    workflows = entries["beaulieujones2017"]
    assert workflows["authors"] == "Beaulieu-Jones BK, Greene CS"
    assert workflows["title"] == (
        "Reproducibility of computational workflows is automated using "
        "continuous analysis"
    )
    assert [workflows[name] for name in ("container", "year", "volume")] == [
        "Nat Biotechnol",
        2017,
        "35",
    ]
    assert (workflows["issue"], workflows["pages"]) == ("4", "342-346")
    assert workflows["doi"] == "10.1038/nbt.3780"


def test_medline_text_gives_all_four_records(read):
    result, entries = parse(read("imports/biopython_pubmed_result2.medline.txt"))

    assert result.problems == []
    assert list(entries) == [
        "casbon2006",
        "pritchard2006",
        "dehoon2004",
        "hamelryck2003",
    ]
    assert entries["casbon2006"]["authors"] == "Casbon JA, Crooks GE, Saqi MA"
    assert entries["casbon2006"]["container"] == "BMC Bioinformatics"
    assert entries["pritchard2006"]["pages"] == "616-617"  # MEDLINE's "616-7"
    assert entries["dehoon2004"]["authors"].startswith("de Hoon MJ, Imoto S")
    # No DOI in the record: the PubMed address links it.
    assert entries["hamelryck2003"]["doi"] == ""
    assert (
        entries["hamelryck2003"]["url"] == "https://pubmed.ncbi.nlm.nih.gov/14630660/"
    )
    assert {entry["kind"] for entry in result.entries} == {"journal"}


def test_csl_json_item_and_bibtex_from_content_negotiation_agree(read):
    csl = parse(read("negotiation/transform_10.1126_science.169.3946.635.csl.json"))
    bibtex = parse(read("negotiation/doi_10.1126_science.169.3946.635.bib"))

    assert csl[0].format == "csl-json" and bibtex[0].format == "bibtex"
    water = csl[1]["frank1970"]
    assert water["title"] == (
        "The Structure of Ordinary Water: New data and interpretations are "
        "yielding new insights into this fascinating substance."
    )
    assert water["authors"] == "Frank HS"
    assert [water[n] for n in ("container", "year", "volume", "issue", "pages")] == [
        "Science",
        1970,
        "169",
        "3946",
        "635-641",  # an en dash in the BibTeX, a hyphen here
    ]
    # The file's address is the DOI's own: the DOI links it already.
    assert (water["doi"], water["url"]) == ("10.1126/science.169.3946.635", "")
    assert bibtex[1] == csl[1]


def test_csl_json_list_keeps_every_author_in_order(read):
    hepatology = json.loads(read("negotiation/doi_10.1002_hep.25926.citeproc.json"))
    bone = json.loads(read("negotiation/doi_10.1007_s00774-009-0131-1.citeproc.json"))
    # The two real items as one list, as Zotero exports a selection.
    result, entries = parse(json.dumps([hepatology, bone]))

    assert result.problems == [] and list(entries) == ["kountouras2013", "polyzos2010"]
    first = entries["kountouras2013"]
    authors = first["authors"].split(", ")
    assert len(authors) == 12
    assert authors[0] == "Kountouras J" and authors[-1] == "Giartza-Taxidou E"
    assert "Polyzos SA" in authors  # "Stergios A." gives both initials
    # The record's line break inside the title is a space.
    assert first["title"] == (
        "Helicobacter pylori induced cognitive dysfunction might be associated "
        "with falls and fractures in cirrhosis"
    )
    assert first["pages"] == "1284"  # "1284-1284"
    # The print year goes with the volume: J Bone Miner Metab 2010;28(3).
    assert [entries["polyzos2010"][n] for n in ("container", "year", "volume")] == [
        "J Bone Miner Metab",
        2010,
        "28",
    ]
    assert len(entries["polyzos2010"]["authors"].split(", ")) == 14


# Names and text as citation managers write them ----------------------------


def test_bibtex_latex_accents_and_organisations_are_plain_text(read):
    # The real file, with LaTeX put into its title and first author.
    text = read("imports/manubot_bibliography.bib").replace(
        "Sci-{Hub} provides", r"Sci-{Hub} {\"U}ber \emph{alles} provides"
    )
    text = text.replace("Himmelstein, Daniel S", r"M{\"u}ller, J{\"o}rg")
    text = text.replace("Greene, Casey S", "{World Health Organization}")
    result, entries = parse(text)

    paper = entries["muller2018"]
    assert (
        paper["title"]
        == "Sci-Hub Über alles provides access to nearly all scholarly literature"
    )
    assert paper["authors"].startswith("Müller J, Romero AR")
    assert paper["authors"].endswith("Greshake Tzovaras B, World Health Organization")


def test_bibtex_first_last_names_and_and_others(read):
    # The real file with "First Last" names and the list cut with "and others".
    text = read("imports/manubot_bibliography.bib").replace(
        "Himmelstein, Daniel S and Romero, Ariel Rodriguez",
        "Daniel S. Himmelstein and Ariel Rodriguez Romero",
    )
    text = text.replace(" and Greene, Casey S}", " and others}")
    paper = parse(text)[1]["himmelstein2018"]

    assert paper["authors"] == ELIFE_AUTHORS.removesuffix(", Greene CS")
    assert paper["first_authors_only"] is True


def test_journal_abbreviation_comes_first(read):
    bibtex = read("imports/manubot_bibliography.bib").replace(
        "journal = {eLife}", "shortjournal = {eLife Abbr}, journal = {eLife}"
    )
    ris = read("imports/manubot_bibliography.ris").replace(
        "T2  - eLife", "T2  - eLife\nJ2  - eLife Abbr"
    )

    assert parse(bibtex)[1]["himmelstein2018"]["container"] == "eLife Abbr"
    assert parse(ris)[1]["himmelstein2018"]["container"] == "eLife Abbr"


# Keys ------------------------------------------------------------------------


def test_keys_avoid_the_articles_keys_and_each_other(read):
    twice = read("imports/manubot_bibliography.ris") * 2
    result = parse_references(twice, existing_keys={"Himmelstein2018"})

    assert [entry["key"] for entry in result.entries] == [
        "himmelstein2018a",
        "techblog",
        "himmelstein2018b",
        "techbloga",
    ]
    again = parse_references(twice, existing_keys={"Himmelstein2018"})
    assert again.entries == result.entries  # the same file, the same keys


def test_keys_are_short_ascii_slugs(read):
    # The real file with a very long, accented surname.
    text = read("imports/manubot_bibliography.bib").replace(
        "Himmelstein, Daniel S", "Ødegård-" + "Wolfeschlegelsteinhausen" * 4 + ", D"
    )
    keys = [entry["key"] for entry in parse_references(text).entries]

    assert keys[0].startswith("odegardwolfeschlegel") and keys[0].endswith("2018")
    assert all(SLUG_RE.match(key) and len(key) <= 60 for key in keys)


# Detection -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("imports/manubot_bibliography.bib", "bibtex"),
        ("imports/manubot_bibliography.ris", "ris"),
        ("imports/manubot_bibliography.nbib", "medline"),
        ("imports/biopython_pubmed_result3.medline.txt", "medline"),
        ("negotiation/transform_10.1073_pnas.1414271111.bib", "bibtex"),
        ("negotiation/doi_10.1002_hep.25926.citeproc.json", "csl-json"),
    ],
)
def test_the_format_is_told_from_the_content(read, name, format):
    assert detect_format(read(name)) == format


def test_a_file_of_no_known_format_is_one_clear_problem(read):
    # PubMed XML is a real bibliographic file, but none of the four formats.
    result = parse_references(read("ncbi/efetch_pubmed_23121403.xml"))

    assert result.entries == []
    assert [str(problem) for problem in result.problems] == [
        f"the file: {NOT_A_FORMAT}"
    ]
    assert parse_references("").problems[0].message == "The file is empty."


def test_a_format_told_wrongly_finds_no_entries(read):
    result = parse_references(read("imports/manubot_bibliography.bib"), "ris")

    assert result.entries == []
    assert "There is no RIS record" in result.problems[0].message


# Problems: the rest is still returned --------------------------------------


def test_bibtex_entry_cut_short_is_reported_and_the_next_is_read(read):
    # The real file with the first entry's closing brace removed.
    text = read("imports/manubot_bibliography.bib").replace(
        "year = {2018}\n}", "year = {2018}\n"
    )
    result, entries = parse(text)

    assert list(entries) == ["techblog"]
    (problem,) = result.problems
    assert (problem.entry, problem.line) == (1, 1)
    assert "not complete" in problem.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("title = {{TechBlog}", "note = {{TechBlog}"), "It has no title."),
        (("http://blogs", "blogs"), "is not a web address"),
        (("urldate = {2019-03-12TZ}\n}", "urldate = {2019-03}\n}"), "access date"),
    ],
)
def test_bibtex_web_page_problems_name_its_entry_and_line(read, change, message):
    result, entries = parse(read("imports/manubot_bibliography.bib").replace(*change))

    assert list(entries) == ["himmelstein2018"]
    (problem,) = result.problems
    assert problem.position == "entry 2, line 15"
    assert message in problem.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("year = {2018}", "year = {20l8}"), "Its year “20l8” is not a year."),
        (
            ("doi = {10.7554/eLife.32822}", "doi = {eLife.32822}"),
            "Its DOI “eLife.32822”",
        ),
    ],
)
def test_bibtex_bad_year_or_doi_is_a_problem(read, change, message):
    result, entries = parse(read("imports/manubot_bibliography.bib").replace(*change))

    assert list(entries) == ["techblog"]
    assert result.problems[0].position == "entry 1, line 1"
    assert result.problems[0].message.startswith(message)


def test_ris_record_without_its_end_line_is_reported_not_run_together(read):
    # The real file with the first record's "ER  - " line removed.
    text = read("imports/manubot_bibliography.ris").replace("ER  - \n", "", 1)
    result, entries = parse(text)

    assert list(entries) == ["techblog"]
    assert entries["techblog"]["kind"] == "web"
    assert str(result.problems[0]).startswith("entry 1, line 1: It is cut short")


def test_medline_record_without_title_is_reported_with_its_line(read):
    # The real file with the second record's TI tag renamed.
    text = read("imports/biopython_pubmed_result2.medline.txt").replace(
        "TI  - GenomeDiagram", "XX  - GenomeDiagram"
    )
    result, entries = parse(text)

    assert list(entries) == ["casbon2006", "dehoon2004", "hamelryck2003"]
    (problem,) = result.problems
    assert (problem.entry, problem.message) == (2, "It has no title.")
    assert text.split("\n")[problem.line - 1].startswith("PMID- 16377612")


def test_medline_damaged_line_is_reported(read):
    # The real file with one tag line's tag cut off.
    text = read("imports/manubot_bibliography.nbib").replace("LA  - eng", "eng", 1)
    result, entries = parse(text)

    assert list(entries) == ["beaulieujones2017"]
    assert result.problems[0].entry == 1
    assert "neither a tag" in result.problems[0].message


def test_csl_json_syntax_error_gives_its_line(read):
    # The real item cut off in the middle.
    text = read("negotiation/doi_10.1002_hep.25926.citeproc.json")[:2000]
    result = parse_references(text)

    assert result.entries == []
    assert result.problems[0].line == 1
    assert result.problems[0].message.startswith("It is not valid JSON")


def test_csl_json_bad_item_is_reported_and_the_rest_read(read):
    item = json.loads(read("negotiation/doi_10.1002_hep.25926.citeproc.json"))
    result, entries = parse(json.dumps([42, item]))

    assert list(entries) == ["kountouras2013"]
    assert result.problems[0].position == "entry 1"


@pytest.mark.parametrize(
    "text",
    [
        "@article{x,",
        "TY  - JOUR",
        "PMID- 1\n      continued",
        "[{",
        "{}",
        "[]",
        "@article{x, title={T}, year={99999}, author={and and}}",
        "\x00\x01@\x02",
        "TY  - JOUR\nAU  - ,\nTI  - T\nPY  - 1\nER  - ",
    ],
)
def test_bad_input_never_raises(text):
    result = parse_references(text)

    assert result.problems or result.entries
    assert all(problem.message for problem in result.problems)
