"""Citations: do the keys resolve, are identifiers well formed, how good and how
recent are the sources, and which paragraphs make claims without one."""

import re

from django.core.exceptions import ValidationError

from ..references import DOI_RE, PMCID_RE, PMID_RE
from ..rendering import render_article
from .text import blocks, sentences, strip_citations

# A sentence that states a health fact: a number, a dose, a percentage, or a
# causal or risk word. A heuristic to point the editor at a paragraph, no more.
CLAIM = re.compile(
    r"\d|%|\bmg\b|\bmcg\b|\bµg\b|\bg/day\b|\bper ?cent\b|"
    r"\b(?:caus|treat|cur|prevent|reduc|increas|lower|rais)(?:e|es|ed|ing|s)?\b|"
    r"\brisks?\b|\beffective\b",
    re.IGNORECASE,
)
_IDENTIFIERS = (
    ("doi", "DOI", DOI_RE, "e.g. 10.1056/NEJMoa2034577"),
    ("pmid", "PMID", PMID_RE, "digits only, e.g. 32109013"),
    ("pmcid", "PMCID", PMCID_RE, "PMC then digits, e.g. PMC7092803"),
)
EXCERPT = 160


def _citations(markdown, references):
    """Return (cited keys, unknown keys) as readers will see them, by first use.

    The renderer decides, so the report counts exactly the citations the page
    numbers: none in code, none refused inside link text. Text too deeply
    nested to render cites nothing (submission refuses it anyway).
    """
    try:
        rendered = render_article(markdown, references, strict=False)
    except ValidationError:
        return [], []
    return rendered.cited_keys, rendered.unknown_keys


def invalid_identifiers(references):
    """Return one entry per malformed DOI, PMID or PMCID in REFERENCES."""
    found = []
    for ref in references:
        for field, label, pattern, example in _IDENTIFIERS:
            value = str(ref.get(field) or "").strip()
            checked = value.upper() if field == "pmcid" else value
            if value and not pattern.match(checked):
                found.append(
                    {
                        "key": ref["key"],
                        "field": label,
                        "value": value,
                        "expected": example,
                    }
                )
    return found


def uncited_claims(markdown):
    """Return paragraphs that make claims but cite nothing, with those sentences."""
    found = []
    for block in blocks(markdown):
        if block.kind == "heading" or "[@" in block.text:
            continue
        claims = [s for s in sentences(block.text) if CLAIM.search(s)]
        if claims:
            text = strip_citations(block.text)
            found.append(
                {
                    "paragraph": text[:EXCERPT] + ("…" if len(text) > EXCERPT else ""),
                    "sentences": claims[:3],
                }
            )
    return found


def check(markdown, references, *, max_age_years, today):
    """Return the citations part of the integrity report.

    REFERENCES are frozen reference dicts. Shares and ages are measured on the
    references cited in the text, the list readers see.
    """
    keys, unknown = _citations(markdown, references)
    by_key = {ref["key"]: ref for ref in references}
    cited = [by_key[key] for key in keys]
    peer_reviewed = sum(1 for ref in cited if ref.get("peer_reviewed"))
    oldest_year = today.year - max_age_years
    return {
        "cited": len(cited),
        "unknown_keys": unknown,
        "uncited_keys": [key for key in by_key if key not in keys],
        "invalid_identifiers": invalid_identifiers(references),
        "peer_reviewed": peer_reviewed,
        "peer_reviewed_share": round(peer_reviewed / len(cited), 4) if cited else None,
        "max_age_years": max_age_years,
        "old_references": [
            {"key": ref["key"], "year": ref["year"], "title": ref.get("title", "")}
            for ref in cited
            if ref.get("year") and int(ref["year"]) < oldest_year
        ],
        "undated": [ref["key"] for ref in cited if not ref.get("year")],
        "uncited_claims": uncited_claims(markdown),
    }
