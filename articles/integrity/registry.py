"""The registry check: does each reference say what its registry says?

For every reference with a DOI, PMID or PMCID (the first of these it has),
``check`` asks the registries (``articles.evidence.registries.lookup``:
Crossref, PubMed, the PMC ID converter) and compares their record with what
the editor typed: the title, the year, the journal (or a book's publisher) and
the first author. The reviewer judges what a difference means; nothing here
blocks a submission, and nothing here raises.

How the fields are compared (docs/integrity.md, "Registry check at
submission", says the same for editors):

- title: without case, accents, punctuation or spacing, so a trailing full
  stop, a dash for a hyphen or a missing comma is no difference. A typed title
  that is the registry's title without its subtitle (the part after the first
  colon, question mark or spaced dash) agrees: it names the same work, and the
  check is there to catch a reference that names another one;
- year: exactly;
- journal: the typed name agrees when it is the registry's abbreviation (NLM's
  from PubMed, or Crossref's short title) or its full title, compared as titles
  are, with a leading "The" and a closing "(London, England)" left out; or
  when it abbreviates the full title word for word, as NLM and ISO 4
  abbreviations do ("Neurobiol Aging" for "Neurobiology of Aging": each word
  begins the title's word, "of", "and", "the"... left out), since Crossref
  often gives only the full title;
- first author: by surname, without case or accents ("Ødegård" is "Odegard").

A field is compared only when the registry gives it; a field the editor left
blank that the registry fills is a difference.

Failures: an identifier no registry knows, or one that is not an identifier,
is "unresolved"; any other failure (a timeout, no connection, a registry
error) is "unchecked" with a message saying the registry could not be asked.
After a timeout or a refused connection the remaining references are not
asked, and for ``OUTAGE_SECONDS`` no later check asks either: the submit page
and the submission that follows it would otherwise each wait for the same
timeouts, the second one while it holds the article's row lock. The whole
check stops asking after ``BUDGET_SECONDS``; answers are cached for a day
(``articles/evidence/client.py``), so the next check goes further.
"""

import logging
import re
import time
import unicodedata

from django.core.cache import cache

from ..evidence import registries
from ..evidence.errors import RegistryError
from ..references import normalise_doi, normalise_pmcid, reference_links

logger = logging.getLogger(__name__)

IDENTIFIERS = (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID"))
FIELD_NAMES = {
    "title": "the title",
    "year": "the year",
    "container": "the journal",
    "first_author": "the first author",
}
UNRESOLVED = {"not-found", "identifier"}
# Failures that cost the editor a wait: asking again would only wait again.
OUTAGE = {"timeout", "unreachable", "busy"}
OUTAGE_KEY = "integrity:registry-outage"
OUTAGE_SECONDS = 300
# With NCBI's pace of 2 requests a second a DOI takes about a second, so an
# article of 20 references is checked in one go; a longer list is finished by
# the next check, from the cache.
BUDGET_SECONDS = 20
# The look-up's warnings that are about the work itself, not about a step.
NOTICE_RE = re.compile(
    r"retract|withdraw|correct|corrigend|errat|expression of concern|"
    r"update to this work",
    re.IGNORECASE,
)
_SUBTITLE_RE = re.compile(r"\s*[:?]\s+|\s+[–—-]\s+")
_PLACE_RE = re.compile(r"\s*\([^()]*\)\s*$")  # "Lancet (London, England)"
_INITIALS_RE = re.compile(r"[A-Z]{1,4}")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"}
_SMALL_WORDS = {"a", "an", "and", "for", "in", "of", "on", "the", "to"}


def plain(text):
    """Return TEXT for comparing: no case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def titles_agree(typed, registry):
    """Return whether the TYPED title is the REGISTRY's, with or without subtitle."""
    typed = plain(typed)
    main = _SUBTITLE_RE.split(registry or "", maxsplit=1)[0]
    return typed in {plain(registry), plain(main)}


def journal_name(text):
    """Return a journal's name for comparing: no leading "The", no "(place)"."""
    text = _PLACE_RE.sub("", str(text or "")).replace("&", " and ")
    return plain(text).removeprefix("the ")


def abbreviates(short, full):
    """Return whether SHORT abbreviates FULL word for word ("J Clin Pathol")."""
    short = [w for w in journal_name(short).split() if w not in _SMALL_WORDS]
    full = [w for w in journal_name(full).split() if w not in _SMALL_WORDS]
    return len(short) == len(full) > 1 and all(
        long.startswith(word) for word, long in zip(short, full, strict=True)
    )


def surname(name):
    """Return the surname of an AMA name ("van der Berg JA" -> "vanderberg")."""
    words = str(name or "").replace(".", " ").split()
    while len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        words.pop()
    while len(words) > 1 and _INITIALS_RE.fullmatch(words[-1]):
        words.pop()
    return plain(" ".join(words)).replace(" ", "")


def identifier_of(ref):
    """Return the identifier the check asks about ({kind, label, value, url}), or
    None: the DOI, else the PMID, else the PMCID."""
    for kind, label in IDENTIFIERS:
        value = str(ref.get(kind) or "").strip()
        if value:
            links = reference_links({kind: value})
            return {
                "kind": kind,
                "label": label,
                "value": value,
                "url": links[0][1] if links else "",
            }
    return None


def _first(authors):
    return str(authors or "").split(",")[0].strip()


def _registry_container(result):
    """Return (shown, names, full): the registry's journal (or publisher) as
    shown, the names a typed one may match, and the full title."""
    fields, csl = result.fields, result.csl
    shown = fields.get("container") or ""
    names = [shown, csl.get("container-title"), csl.get("container-title-short")]
    if fields.get("kind") != "journal":
        names.append(csl.get("publisher"))
    full = csl.get("container-title") or ""
    if full and journal_name(full) != journal_name(shown):
        shown = f"{shown} ({full})" if shown else full
    return shown, {journal_name(name) for name in names if name}, full


def containers_agree(typed, names, full):
    """Return whether the TYPED journal is one of NAMES or abbreviates FULL."""
    return journal_name(typed) in names or bool(full and abbreviates(typed, full))


def _registry_surname(result):
    authors = result.csl.get("author") or []
    if authors:
        first = authors[0]
        return plain(first.get("family") or first.get("literal")).replace(" ", "")
    return surname(_first(result.fields.get("authors")))


def _year(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def differences(ref, result):
    """Return the fields where REF (a frozen reference) and RESULT disagree."""
    fields = result.fields
    found = []

    def differ(field, typed, registry):
        found.append({"field": field, "typed": typed, "registry": registry})

    title = ref.get("title") or ""
    if fields.get("title") and not titles_agree(title, fields["title"]):
        differ("title", title, fields["title"])
    year = ref.get("year")
    if fields.get("year") and _year(year) != fields["year"]:
        differ("year", year, fields["year"])
    container, names, full = _registry_container(result)
    typed = ref.get("container") or ""
    if names and not containers_agree(typed, names, full):
        differ("container", typed, container)
    registry_author = _first(fields.get("authors"))
    typed = _first(ref.get("authors"))
    if registry_author and surname(typed) != _registry_surname(result):
        differ("first_author", typed, registry_author)
    return found


def _listed(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _clause(error):
    """Return the first clause of a look-up's message: what went wrong, no advice."""
    return str(error.args[0] if error.args else error).split(";")[0].rstrip(". ")


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _entry(ref, identifier, status, message, **more):
    return {
        "key": ref.get("key", ""),
        "identifier": identifier,
        "status": status,
        "differences": [],
        "registry": None,
        "message": message,
        "notices": [],
        **more,
    }


def unchecked(ref, identifier, why):
    """Return the entry of a reference the registry could not be asked about."""
    return _entry(
        ref,
        identifier,
        "unchecked",
        f"Not checked: the registry could not be asked ({why}). This does not "
        "block submission; compare the reference with its source by hand.",
    )


def registry_record(result):
    """Return what the report keeps of the registry's answer."""
    fields = result.fields
    authors = [name for name in str(fields.get("authors") or "").split(", ") if name]
    return {
        "title": fields.get("title", ""),
        "year": fields.get("year"),
        "container": fields.get("container", ""),
        "authors": authors[:3],
        "doi": fields.get("doi", ""),
        "pmid": fields.get("pmid", ""),
        "pmcid": fields.get("pmcid", ""),
        "sources": list(result.sources),
    }


def compared(ref, identifier, result):
    """Return the entry of a reference the registry answered about."""
    found = differences(ref, result)
    if found:
        names = _listed([FIELD_NAMES[d["field"]] for d in found])
        message = (
            f"The registry's record differs in {names}: check that the reference "
            "and its identifier are the same work."
        )
    else:
        message = "The registry's record agrees with the reference."
    return _entry(
        ref,
        identifier,
        "differs" if found else "agrees",
        message,
        differences=found,
        registry=registry_record(result),
        notices=[w for w in result.warnings if NOTICE_RE.search(w)],
    )


def check_one(ref, identifier, lookup):
    """Return (entry, outage): REF's entry, and the failure that means the
    registries are not answering now (else None)."""
    kind, value = identifier["kind"], identifier["value"]
    value = {"doi": normalise_doi, "pmcid": normalise_pmcid}.get(kind, str)(value)
    try:
        result = lookup(f"{kind}:{value}")
    except RegistryError as error:
        if error.reason in UNRESOLVED:
            label = identifier["label"]
            why = (
                f"“{identifier['value']}” is not a well-formed {label}"
                if error.reason == "identifier"
                else _lower_first(_clause(error))
            )
            message = (
                f"The {label} does not resolve: {why}. Check the identifier "
                "against the source."
            )
            return _entry(ref, identifier, "unresolved", message), None
        why = _clause(error)
        return unchecked(ref, identifier, why), why if error.reason in OUTAGE else None
    return compared(ref, identifier, result), None


def _cached(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # a failing cache costs a wait, never the report
        logger.warning("Cache unavailable for the registry check", exc_info=True)
        return None


def check(references, *, lookup=registries.lookup, clock=time.monotonic):
    """Return the registry section of the integrity report for REFERENCES.

    REFERENCES are frozen reference dicts; LOOKUP is
    ``articles.evidence.registries.lookup`` unless a caller passes another.
    Returns the counts (``checked``: the references the registry answered
    about, ``agrees``, ``differs``, ``unresolved``, ``unchecked``,
    ``notices``, ``without_identifier``) and ``references``: one entry per
    reference with an identifier, in the list's order. Never raises.
    """
    outage = _cached("get", OUTAGE_KEY)
    deadline = clock() + BUDGET_SECONDS
    entries = []
    for ref in references:
        identifier = identifier_of(ref)
        if identifier is None:
            continue
        if outage:
            why = f"{outage} a moment ago, so it was not asked again"
            entries.append(unchecked(ref, identifier, why))
            continue
        if clock() > deadline:
            why = (
                f"the check stops after {BUDGET_SECONDS} seconds; answers are "
                "kept, so the next check goes on from here"
            )
            entries.append(unchecked(ref, identifier, why))
            continue
        try:
            entry, outage = check_one(ref, identifier, lookup)
        except Exception:  # a bug of ours must not stop a submission
            logger.exception("Registry check of %r failed", identifier["value"])
            entry = unchecked(ref, identifier, "the check failed unexpectedly")
        if outage:
            _cached("set", OUTAGE_KEY, outage, OUTAGE_SECONDS)
        entries.append(entry)
    return summary(entries, without_identifier=len(references) - len(entries))


def summary(entries, *, without_identifier=0):
    """Return the section: the counts by status, then the ENTRIES."""
    count = {status: 0 for status in ("agrees", "differs", "unresolved", "unchecked")}
    for entry in entries:
        count[entry["status"]] += 1
    return {
        "checked": count["agrees"] + count["differs"],
        **count,
        "notices": sum(1 for entry in entries if entry["notices"]),
        "without_identifier": without_identifier,
        "references": entries,
    }
