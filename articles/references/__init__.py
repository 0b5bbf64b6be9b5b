"""Reference rules: identifiers and AMA formatting (later: look-ups and imports).

Imports only the standard library: models, rendering, integrity and the public
site all build on it.
"""

from .ama import ama_authors, ama_citation, reference_links
from .identifiers import (
    DOI_RE,
    PMCID_RE,
    PMID_RE,
    normalise_doi,
    normalise_pmcid,
)

__all__ = [
    "DOI_RE",
    "PMCID_RE",
    "PMID_RE",
    "ama_authors",
    "ama_citation",
    "normalise_doi",
    "normalise_pmcid",
    "reference_links",
]
