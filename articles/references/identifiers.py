"""Identifier rules for references: DOI, PMID and PMCID patterns and normalising.

The renderer, the models' validation, the structured data and (later) registry
look-ups all take these from here, so there is one definition of a valid
identifier.
"""

import re
from urllib.parse import unquote, urlsplit

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^\d{1,9}$")
PMCID_RE = re.compile(r"^PMC\d{1,9}$")

DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalise_doi(value):
    """Return VALUE as a bare DOI ("10.x/y"), without a resolver prefix."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def normalise_pmcid(value):
    """Return VALUE as "PMC" and digits, upper-case, adding PMC to bare digits."""
    value = (value or "").strip().upper()
    if value and not value.startswith("PMC"):
        value = f"PMC{value}"
    return value


# What an editor pastes: a bare identifier, a labelled one ("PMID: 123"), or the
# address of the record's page. Addresses are matched by host and path only, so
# tracking parameters and fragments do not matter.
_LABEL_RE = re.compile(r"^(doi|pmid|pmcid|pmc)\s*:?\s*(?=\S)", re.IGNORECASE)
_ADDRESS_RE = re.compile(
    r"^(https?://|(dx\.|www\.)?doi\.org/|(pubmed|pmc|www)\.ncbi\.nlm\.nih\.gov/)",
    re.IGNORECASE,
)
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
_NCBI_HOSTS = {"pmc.ncbi.nlm.nih.gov", "www.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov"}
_PUBMED_PATH_RE = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")
_PMC_PATH_RE = re.compile(
    r"^/(?:pmc/)?articles/(PMC\d{1,9})(?:\.\d+)?/?", re.IGNORECASE
)
_PMCID_VERSION_RE = re.compile(r"^(PMC\d{1,9})(?:\.\d+)?$", re.IGNORECASE)


def _parse_address(text):
    """Return (kind, value) for a record's address, or None if it is none we know."""
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host, path = parts.netloc.lower(), unquote(parts.path)
    if host in _DOI_HOSTS:
        return "doi", path.lstrip("/")
    if host == "pubmed.ncbi.nlm.nih.gov" or (
        host == "www.ncbi.nlm.nih.gov" and path.startswith("/pubmed/")
    ):
        match = _PUBMED_PATH_RE.match(path)
        return ("pmid", match.group(1)) if match else None
    if host in _NCBI_HOSTS:
        match = _PMC_PATH_RE.match(path)
        return ("pmcid", match.group(1).upper()) if match else None
    return None


def _parse_bare(text):
    """Return (kind, value) for a bare or labelled identifier, or None."""
    label = _LABEL_RE.match(text)
    name = label.group(1).lower() if label else ""
    bare = text[label.end() :] if label else text
    if DOI_RE.match(bare) and name in {"", "doi"}:
        return "doi", bare
    if PMID_RE.match(bare) and name in {"", "pmid"}:
        return "pmid", bare
    # "PMCID: 2883744" and "PMC 2883744" name a PMCID by their label alone.
    pmcid = normalise_pmcid(bare) if name in {"pmc", "pmcid"} else bare.upper()
    versioned = _PMCID_VERSION_RE.match(pmcid)
    if versioned and name in {"", "pmc", "pmcid"}:
        return "pmcid", versioned.group(1).upper()
    return None


def parse_identifier(text):
    """Return (kind, value) for a DOI, PMID or PMCID, bare, labelled or as an address.

    KIND is "doi", "pmid" or "pmcid"; VALUE is normalised: a bare DOI without
    trailing full stops (pasted from the end of a citation), a PMID of digits,
    a PMCID as "PMC" and digits without a version. Raises ValueError, with a
    message for the editor, when TEXT is none of these.
    """
    text = (text or "").strip()
    found = _parse_address(text) if _ADDRESS_RE.match(text) else _parse_bare(text)
    if found and found[0] == "doi":
        found = ("doi", found[1].rstrip("."))
        if not DOI_RE.match(found[1]):
            found = None
    if not found:
        raise ValueError(
            f"“{text}” is not a DOI, PMID or PMCID, nor the address of one "
            "(e.g. 10.1056/NEJMoa1210384, 23121403, PMC2883744, or a doi.org, "
            "PubMed or PMC link)."
        )
    return found
