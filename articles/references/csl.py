"""A frozen reference as a CSL-JSON item, the exchange format of citation tools.

CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html) is
what reference managers and citeproc processors read. The reference list is
compared with citeproc-py's rendering of the AMA style over these items
(tests/articles/test_ama_against_csl.py), and scripts get references in it.
"""

from datetime import date

# Our kinds as CSL types. A guideline is published by its issuing body, usually
# on the web: CSL's "webpage" with the body as author is how AMA cites it.
CSL_TYPES = {
    "journal": "article-journal",
    "book": "book",
    "guideline": "webpage",
    "web": "webpage",
}
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}


def csl_name(name):
    """Return one AMA author ("Smith AB", "Wright JT Jr", a body) as a CSL name.

    The initials are the last word in capitals (an optional suffix after them);
    a name without initials is an organisation, kept whole as a literal.
    """
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _SUFFIXES else ""
    if len(words) >= 2 and words[-1].isalpha() and words[-1].isupper():
        given = " ".join(words[-1])  # "AB" -> "A B", as CSL expects initials
        entry = {"family": " ".join(words[:-1]), "given": given}
        if suffix:
            entry["suffix"] = suffix
        return entry
    return {"literal": name}


def _date(value):
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return {"date-parts": [[value.year, value.month, value.day]]}


def _people(ref):
    names = [n.strip() for n in (ref.get("authors") or "").split(",") if n.strip()]
    if names:
        return [csl_name(name) for name in names]
    if ref.get("kind") == "guideline" and ref.get("container"):
        return [{"literal": ref["container"]}]  # the issuing body is its author
    return []


def to_csl(ref, *, item_id=None):
    """Return the frozen reference REF (a dict) as a CSL-JSON item."""
    kind = ref.get("kind", "journal")
    item = {"id": item_id or ref.get("key") or "item", "type": CSL_TYPES[kind]}
    authors = _people(ref)
    if authors:
        item["author"] = authors
    item["title"] = ref.get("title", "")
    container = ref.get("container", "")
    if container and kind == "book":
        item["publisher"] = container
    elif container and kind == "journal":
        item["container-title"] = container
    elif container and (kind == "web" or ref.get("authors")):
        item["container-title"] = container  # the site, or a named guideline's body
    if ref.get("year"):
        item["issued"] = {"date-parts": [[int(ref["year"])]]}
    for ours, theirs in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if ref.get(ours):
            item[theirs] = str(ref[ours])
    for ours, theirs in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID")):
        if ref.get(ours):
            item[theirs] = str(ref[ours])
    if ref.get("url"):
        item["URL"] = ref["url"]
    if ref.get("accessed_on"):
        item["accessed"] = _date(ref["accessed_on"])
    return item
