"""What an editor pastes is read as the DOI, PMID or PMCID it names."""

import pytest

from articles.references.identifiers import parse_identifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1056/NEJMoa1210384", ("doi", "10.1056/NEJMoa1210384")),
        ("  doi:10.1056/NEJMoa1210384. ", ("doi", "10.1056/NEJMoa1210384")),
        (
            "DOI: 10.1136/jclinpath-2020-206745",
            ("doi", "10.1136/jclinpath-2020-206745"),
        ),
        ("https://doi.org/10.1038/ng.590", ("doi", "10.1038/ng.590")),
        (
            "http://dx.doi.org/10.1007/978-3-662-46370-3_13",
            ("doi", "10.1007/978-3-662-46370-3_13"),
        ),
        ("doi.org/10.1038%2Fng.590", ("doi", "10.1038/ng.590")),
        ("23121403", ("pmid", "23121403")),
        ("PMID: 23121403", ("pmid", "23121403")),
        ("https://pubmed.ncbi.nlm.nih.gov/23121403/", ("pmid", "23121403")),
        ("pubmed.ncbi.nlm.nih.gov/23121403?from=home", ("pmid", "23121403")),
        ("https://www.ncbi.nlm.nih.gov/pubmed/23121403", ("pmid", "23121403")),
        ("PMC2883744", ("pmcid", "PMC2883744")),
        ("pmc2883744", ("pmcid", "PMC2883744")),
        ("PMCID: 2883744", ("pmcid", "PMC2883744")),
        ("PMC2883744.2", ("pmcid", "PMC2883744")),
        (
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2883744/",
            ("pmcid", "PMC2883744"),
        ),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC2883744/", ("pmcid", "PMC2883744")),
    ],
)
def test_identifiers_and_their_addresses_are_read(text, expected):
    assert parse_identifier(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Smith 2020",
        "10.1/too-short-a-prefix",
        "1234567890",  # ten digits: no PMID
        "PMID: PMC2883744",
        "https://example.org/10.1056/NEJMoa1210384",
        "https://pubmed.ncbi.nlm.nih.gov/?term=aspirin",
        "https://doi.org/",
    ],
)
def test_anything_else_is_refused_with_examples_of_what_would_do(text):
    with pytest.raises(ValueError, match="is not a DOI, PMID or PMCID.*e.g. 10.1056"):
        parse_identifier(text)
