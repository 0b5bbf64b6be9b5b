"""The citations check: keys, identifiers, peer review, age and uncited claims."""

import datetime

from articles.integrity import citations

TODAY = datetime.date(2026, 6, 1)


def ref(key, **fields):
    return {"key": key, "title": f"Title of {key}", "peer_reviewed": False, **fields}


def check(markdown, references, max_age_years=10):
    return citations.check(
        markdown, references, max_age_years=max_age_years, today=TODAY
    )


def test_valid_identifiers_pass():
    refs = [
        ref("a", doi="10.1056/NEJMoa2034577", pmid="33301246", pmcid="PMC7745181"),
        ref("b", doi="10.1001/jama.2020.1234", pmcid="pmc123"),  # case is not an error
    ]
    assert citations.invalid_identifiers(refs) == []


def test_invalid_identifiers_are_listed_with_what_was_expected():
    refs = [
        ref("a", doi="doi:10.1056/NEJMoa2034577"),
        ref("b", doi="10.12/short-registrant"),
        ref("c", pmid="PMID 3330"),
        ref("d", pmcid="7745181X"),
        ref("e", doi="10.1056/has space"),
    ]
    found = citations.invalid_identifiers(refs)

    assert [(f["key"], f["field"]) for f in found] == [
        ("a", "DOI"),
        ("b", "DOI"),
        ("c", "PMID"),
        ("d", "PMCID"),
        ("e", "DOI"),
    ]
    assert found[2]["value"] == "PMID 3330"
    assert "digits" in found[2]["expected"]


def test_unknown_and_uncited_keys():
    found = check("Text [@a; @ghost].", [ref("a"), ref("spare")])

    assert found["unknown_keys"] == ["ghost"]
    assert found["uncited_keys"] == ["spare"]


def test_share_of_cited_references_that_are_peer_reviewed():
    refs = [
        ref("a", peer_reviewed=True),
        ref("b", peer_reviewed=True),
        ref("c"),
        ref("unused", peer_reviewed=True),
    ]
    found = check("One [@a]. Two [@b; @c].", refs)

    assert (found["cited"], found["peer_reviewed"]) == (3, 2)
    assert found["peer_reviewed_share"] == round(2 / 3, 4)
    assert check("No citations.", refs)["peer_reviewed_share"] is None


def test_references_older_than_the_limit_are_flagged():
    refs = [ref("old", year=2010), ref("edge", year=2016), ref("new", year=2024)]
    text = "A [@old]. B [@edge]. C [@new]. D [@undated]."
    refs.append(ref("undated"))

    found = check(text, refs)
    assert [r["key"] for r in found["old_references"]] == ["old"]
    assert found["undated"] == ["undated"]
    assert [r["key"] for r in check(text, refs, 5)["old_references"]] == ["old", "edge"]


def test_paragraphs_with_claims_but_no_citation_are_pointed_out():
    markdown = (
        "## Dosage\n\n"
        "Adults can take 500 mg up to four times a day.\n\n"
        "Smoking causes most cases of lung cancer. It is a habit.\n\n"
        "Exercise reduces blood pressure [@a].\n\n"
        "Talk to someone you trust about how you feel.\n\n"
        "- About 30% of adults snore"
    )
    found = citations.uncited_claims(markdown)

    assert [f["sentences"] for f in found] == [
        ["Adults can take 500 mg up to four times a day."],
        ["Smoking causes most cases of lung cancer."],
        ["About 30% of adults snore"],
    ]


def test_only_citations_readers_see_count_as_cited():
    refs = [ref("shown"), ref("in_code"), ref("in_link")]
    body = (
        "A claim [@shown]. Written as code: `[@in_code]`. "
        "A link [see [@in_link]](https://example.org)."
    )
    found = check(body, refs)
    assert found["cited"] == 1
    assert found["uncited_keys"] == ["in_code", "in_link"]
