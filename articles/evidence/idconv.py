"""NCBI's PMC ID converter: the PMID, PMCID and DOI of one article in PMC."""

from django.conf import settings

from articles.references.identifiers import DOI_RE, PMCID_RE, PMID_RE

from .client import IDCONV, load_json

PATTERNS = {"doi": DOI_RE, "pmid": PMID_RE, "pmcid": PMCID_RE}


def parse_idconv(body):
    """Return {"doi", "pmid", "pmcid"} found in the converter's JSON BODY.

    Empty when the article is not in PMC (the converter answers such an ID
    with a record whose status is "error"); ValueError if BODY is no answer of
    the converter's.
    """
    data = load_json(body)
    records = data.get("records")
    if data.get("status") != "ok" or not isinstance(records, list):
        raise ValueError("not an ID converter answer")
    if not records or records[0].get("status") == "error":
        return {}
    record = records[0]
    found = {}
    for kind, pattern in PATTERNS.items():
        value = str(record.get(kind) or "").strip()
        if pattern.match(value):
            found[kind] = value
    return found


def convert(client, kind, value):
    """Return the identifiers PMC links to VALUE (a "doi", "pmid" or "pmcid")."""
    return client.get(
        IDCONV,
        settings.PMC_IDCONV_URL,
        {"ids": value, "idtype": kind, "format": "json"},
        parse=parse_idconv,
        what="an identifier record",
        not_found=f"The PMC ID converter knows no article with {kind.upper()} {value}.",
    )
