"""Look up a reference by its DOI, PMID or PMCID in Crossref, PubMed and PMC.

``lookup(identifier)`` reads the identifier (bare, labelled, or a doi.org,
PubMed or PMC address: ``parse_identifier``) and asks the registries in an
order that lets each fill in what the next one needs:

- a DOI: Crossref (``/works/{doi}``), then the PMC ID converter (for the PMID
  and PMCID), then PubMed efetch (the NLM journal abbreviation and the
  complete author list);
- a PMID: PubMed efetch (which carries the DOI and any PMCID), the ID
  converter only if efetch gave no DOI, then Crossref with the DOI;
- a PMCID: the ID converter, then PubMed efetch, then Crossref.

A step runs only if the identifier it needs is known by then, and not after
its registry timed out or could not be reached (asking again would only make
the editor wait twice). A failing step never loses what earlier steps found:
its message goes into ``warnings``. The look-up fails (``RegistryError``) only
when neither Crossref nor PubMed gave a record, with the message of the first
failure, usually the one about the identifier that was typed.

How the two records combine is ``records.merge``; what counts as peer
reviewed is ``crossref.is_peer_reviewed`` and ``pubmed.is_peer_reviewed``
(journal articles that are not preprints, editorials, comments, letters,
news or notices; never books, chapters or web pages).
"""

import logging
from dataclasses import dataclass, field

from articles.references.identifiers import parse_identifier

from . import crossref, idconv, pubmed
from .client import CROSSREF, IDCONV, PUBMED, RegistryClient
from .errors import RegistryError
from .records import csl_item, merge, reference_fields

logger = logging.getLogger(__name__)

__all__ = ["LookupResult", "RegistryError", "lookup"]


@dataclass
class LookupResult:
    """What the registries said about one work.

    ``fields``: the Reference model's fields (kind, authors, first_authors_only,
    title, container, year, volume, issue, pages, doi, pmid, pmcid, url,
    peer_reviewed), ready for a form's initial data. ``csl``: the same work as
    a CSL-JSON item. ``sources``: the registries that answered, in the order
    asked ("crossref", "pubmed", "pmc-idconv"). ``warnings``: what the editor
    should check, in plain words: steps that failed, retractions, corrections
    and errata the registries list, a cut author list.
    """

    fields: dict
    csl: dict
    sources: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


class _Lookup:
    """The state of one look-up: the identifiers known so far and the answers."""

    def __init__(self, kind, value, client):
        self.kind, self.value, self.client = kind, value, client
        self.ids = {"doi": "", "pmid": "", "pmcid": ""}
        self.ids[kind] = value
        self.crossref = self.pubmed = None
        self.sources, self.errors, self.down = [], [], set()

    def learn(self, found):
        for kind, value in found.items():
            if value and not self.ids[kind]:
                self.ids[kind] = value

    def _ask(self, registry, call, *args):
        """Return call(client, *args), or None after recording its failure."""
        if registry.bucket in self.down:
            return None
        try:
            answer = call(self.client, *args)
        except RegistryError as error:
            self.errors.append(error)
            if error.reason in {"timeout", "unreachable"}:
                self.down.add(registry.bucket)
            return None
        self.sources.append(registry.key)
        return answer

    def ask_crossref(self):
        if self.ids["doi"] and self.crossref is None:
            self.crossref = self._ask(CROSSREF, crossref.fetch_work, self.ids["doi"])
            if self.crossref:
                self.ids["doi"] = self.crossref.doi  # Crossref's spelling

    def ask_idconv(self):
        if not (self.ids["pmid"] and self.ids["doi"]):
            found = self._ask(IDCONV, idconv.convert, self.kind, self.value)
            self.learn(found or {})

    def ask_pubmed(self):
        if self.ids["pmid"] and self.pubmed is None:
            self.pubmed = self._ask(PUBMED, pubmed.fetch_article, self.ids["pmid"])
            if self.pubmed:
                self.learn({"doi": self.pubmed.doi, "pmcid": self.pubmed.pmcid})

    def result(self):
        if not (self.crossref or self.pubmed):
            if self.errors:
                raise self.errors[0]
            raise RegistryError(
                f"No registry knows the {self.kind.upper()} {self.value}.",
                reason="not-found",
            )
        record = merge(self.crossref, self.pubmed)
        record.doi, record.pmid, record.pmcid = (
            self.ids["doi"],
            self.ids["pmid"],
            self.ids["pmcid"],
        )
        fields, cut = reference_fields(record)
        warnings = [str(error) for error in self.errors] + record.notices + cut
        return LookupResult(fields, csl_item(record), self.sources, warnings)


ORDER = {
    "doi": ("ask_crossref", "ask_idconv", "ask_pubmed"),
    "pmid": ("ask_pubmed", "ask_idconv", "ask_crossref"),
    "pmcid": ("ask_idconv", "ask_pubmed", "ask_crossref"),
}


def lookup(identifier, *, client=None):
    """Return a LookupResult for IDENTIFIER (DOI, PMID, PMCID or their address).

    CLIENT is a ``RegistryClient`` (tests pass one with a mock transport and a
    fake clock); by default a new one is made and closed. Raises only
    RegistryError, whose message is written for the editor.
    """
    try:
        kind, value = parse_identifier(identifier)
    except ValueError as error:
        raise RegistryError(str(error), reason="identifier") from None
    own_client = client is None
    try:
        client = client or RegistryClient()
        state = _Lookup(kind, value, client)
        for step in ORDER[kind]:
            getattr(state, step)()
        return state.result()
    except RegistryError:
        raise
    except Exception as error:  # a bug of ours must not reach the editor's screen
        logger.exception("Registry look-up of %r failed", identifier)
        raise RegistryError(
            "The look-up failed unexpectedly; type the reference by hand "
            "(the error is in the server log).",
            reason="unexpected",
        ) from error
    finally:
        if own_client and client is not None:
            client.close()
