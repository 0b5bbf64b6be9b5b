"""The reference list in AMA style, with DOI, PubMed and PMC links."""

from articles.references import ama_citation, reference_links
from articles.rendering import render_article

JOURNAL = {
    "key": "k",
    "kind": "journal",
    "authors": "Smith AB, Jones CD",
    "title": "Exercise for depression",
    "container": "Cochrane Database Syst Rev",
    "year": 2013,
    "volume": "2013",
    "issue": "9",
    "pages": "CD004366",
    "doi": "10.1002/14651858.CD004366.pub6",
    "pmid": "24026850",
    "pmcid": "PMC9721454",
    "url": "",
}


def test_journal_article_with_doi_and_pmid():
    assert ama_citation(JOURNAL) == (
        "Smith AB, Jones CD. Exercise for depression. "
        "<i>Cochrane Database Syst Rev</i>. 2013;2013(9):CD004366. "
        "doi:10.1002/14651858.CD004366.pub6"
    )
    assert reference_links(JOURNAL) == [
        ("DOI", "https://doi.org/10.1002/14651858.CD004366.pub6"),
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/24026850/"),
        ("PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC9721454/"),
    ]


def test_journal_article_without_doi_or_pmid():
    ref = {**JOURNAL, "doi": "", "pmid": "", "pmcid": ""}
    text = ama_citation(ref)
    assert text.endswith("2013;2013(9):CD004366.")
    assert "doi:" not in text
    assert reference_links(ref) == []


def test_more_than_six_authors_become_three_et_al():
    ref = {**JOURNAL, "authors": "A A, B B, C C, D D, E E, F F, G G"}
    assert ama_citation(ref).startswith("A A, B B, C C, et al.")


def test_web_page_has_accessed_date_and_url():
    ref = {
        "kind": "web",
        "authors": "",
        "title": "Depression in adults",
        "container": "National Institute for Health and Care Excellence",
        "year": 2022,
        "url": "https://www.nice.org.uk/guidance/ng222",
        "accessed_on": "2026-03-01",
    }
    text = ama_citation(ref)
    assert "Accessed March 1, 2026." in text
    assert text.endswith("https://www.nice.org.uk/guidance/ng222")
    assert reference_links(ref) == [
        ("Source", "https://www.nice.org.uk/guidance/ng222")
    ]


def test_invalid_identifiers_get_no_link():
    ref = {**JOURNAL, "doi": "not-a-doi", "pmid": "12ab", "pmcid": "X1"}
    assert reference_links(ref) == []


def test_reference_list_entries_link_out_and_back():
    out = render_article("Claim [@k]. Again [@k].", [JOURNAL])
    html = out.references_html
    assert 'href="https://doi.org/10.1002/14651858.CD004366.pub6"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/24026850/"' in html
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC9721454/"' in html
    assert html.count('class="backlink"') == 2


def test_markup_in_reference_fields_is_escaped():
    ref = {**JOURNAL, "title": "<script>alert(1)</script>", "authors": "<b>X</b>"}
    out = render_article("Claim [@k].", [ref])
    assert "<script" not in out.references_html
    assert "&lt;script&gt;" in out.references_html


def test_journal_issue_without_a_volume_keeps_the_semicolon():
    ref = {**JOURNAL, "volume": "", "doi": ""}
    assert ama_citation(ref).endswith(
        "<i>Cochrane Database Syst Rev</i>. 2013;(9):CD004366."
    )


def test_six_authors_are_all_listed_and_seven_become_three_et_al():
    six = "A A, B B, C C, D D, E E, F F"
    assert ama_citation({**JOURNAL, "authors": six}).startswith(f"{six}. ")
    seven = six + ", G G"
    assert ama_citation({**JOURNAL, "authors": seven}).startswith(
        "A A, B B, C C, et al. "
    )


def test_web_page_site_name_is_not_italic():
    page = {
        "kind": "web",
        "authors": "",
        "title": "Insomnia",
        "container": "NHS website",
        "year": 2024,
        "accessed_on": "2026-01-05",
        "url": "https://www.nhs.uk/conditions/insomnia/",
    }
    assert ama_citation(page) == (
        "Insomnia. NHS website. Published 2024. Accessed January 5, 2026. "
        "https://www.nhs.uk/conditions/insomnia/"
    )


def test_mistyped_identifiers_are_refused_while_typing(db):
    import pytest
    from django.core.exceptions import ValidationError

    from tests.factories import ArticleFactory, ReferenceFactory

    article = ArticleFactory()
    good = ReferenceFactory.build(
        article=article, doi="https://doi.org/10.1136/bmj.m1234", pmcid="7106048"
    )
    good.full_clean()
    assert (good.doi, good.pmcid) == ("10.1136/bmj.m1234", "PMC7106048")
    for field, value, message in [
        ("doi", "bmj.m1234", "A DOI starts with 10."),
        ("pmcid", "PMC12ab", "A PMCID is PMC and digits"),
        ("pmid", "PMID 123", "A PMID is digits only"),
    ]:
        bad = ReferenceFactory.build(article=article, **{field: value})
        with pytest.raises(ValidationError, match=message):
            bad.full_clean()
