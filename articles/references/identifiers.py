"""Identifier rules for references: DOI, PMID and PMCID patterns and normalising.

The renderer, the models' validation, the structured data and (later) registry
look-ups all take these from here, so there is one definition of a valid
identifier.
"""

import re

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
