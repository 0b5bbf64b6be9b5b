"""Planning an import into an article: new references, and merges with the
ones it has.

An imported entry with the DOI (compared without case, after normalising) or
the PMID of one of the article's references is the same work: it is not added
again, and its fields fill that reference's empty ones (never overwrite what
an editor wrote). Two entries of the same file that are one work become one.
"""

from dataclasses import dataclass, field

from articles.references.identifiers import normalise_doi

from .imports_entries import Problem

# What an import may fill in an existing reference when it is empty there.
# The key, kind and title stay the editor's; "lists only the first authors"
# comes with the authors it describes.
FILLABLE = (
    "authors",
    "container",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "accessed_on",
)


@dataclass
class Merge:
    """One entry that is the same work as reference ``key``.

    ``fields`` are those it would fill (name: value, only where the reference
    had none); ``title`` is the entry's own; ``within_file`` is True when
    ``key`` is a new entry of the same file rather than an existing reference;
    ``matched_by`` is "DOI" or "PMID".
    """

    key: str
    title: str
    matched_by: str
    fields: dict = field(default_factory=dict)
    within_file: bool = False

    @property
    def message(self):
        if self.within_file:
            return f"repeats [@{self.key}] from this file (same {self.matched_by})"
        return f"matches existing reference [@{self.key}]"


@dataclass
class ImportPlan:
    """What an import would do: ``new`` entries (dicts of Reference fields),
    ``merges`` (Merge, in file order) and ``problems`` (Problem)."""

    new: list = field(default_factory=list)
    merges: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def changes_anything(self):
        """Return whether saving the plan would add or fill in anything."""
        return bool(self.new) or any(
            merge.fields and not merge.within_file for merge in self.merges
        )


def _identities(reference):
    """Return the (label, value) pairs that identify REFERENCE's work."""
    found = []
    doi = normalise_doi(reference.get("doi") or "").lower()
    if doi:
        found.append(("DOI", f"doi:{doi}"))
    pmid = str(reference.get("pmid") or "").strip()
    if pmid:
        found.append(("PMID", f"pmid:{pmid}"))
    return found


def _empty(value):
    return value is None or value == ""


def _fill(target, entry):
    """Copy ENTRY's fields into TARGET's empty ones; return what was copied."""
    filled = {}
    for name in FILLABLE:
        if _empty(target.get(name)) and not _empty(entry.get(name)):
            filled[name] = target[name] = entry[name]
    if "authors" in filled:
        filled["first_authors_only"] = target["first_authors_only"] = bool(
            entry.get("first_authors_only")
        )
    return filled


class _Index:
    """The references seen so far, by identifier."""

    def __init__(self):
        self.by_identity = {}

    def add(self, reference):
        for _, identity in _identities(reference):
            self.by_identity.setdefault(identity, reference)

    def matches(self, entry):
        """Return [(label, reference)] of the distinct references ENTRY matches."""
        found = []
        for label, identity in _identities(entry):
            reference = self.by_identity.get(identity)
            if reference is not None and all(reference is not r for _, r in found):
                found.append((label, reference))
        return found


def _ambiguous(entry, matches):
    described = " and ".join(
        f"[@{reference['key']}] by {label}" for label, reference in matches
    )
    return Problem(
        f"“{entry['title']}” matches {described}: two references of the article "
        "seem to be the same work. Merge them by hand, then import again.",
        key=entry["key"],
    )


def merge_with_existing(entries, existing):
    """Return the ImportPlan of adding ENTRIES to an article's references.

    ENTRIES are dicts as ``parse_references`` gives them; EXISTING the
    article's references as dicts (with "key", "doi", "pmid" and the other
    fields). Neither is changed: merged values go into the plan.
    """
    plan = ImportPlan()
    old, new = _Index(), _Index()
    current = {}  # key -> existing reference as it would be after the merges
    for reference in existing:
        current[reference["key"]] = dict(reference)
        old.add(current[reference["key"]])
    for entry in entries:
        matches = old.matches(entry)
        if len(matches) > 1:
            plan.problems.append(_ambiguous(entry, matches))
            continue
        within_file = not matches
        matches = matches or new.matches(entry)[:1]
        if not matches:
            plan.new.append(dict(entry))
            new.add(plan.new[-1])
            continue
        label, target = matches[0]
        plan.merges.append(
            Merge(
                key=target["key"],
                title=entry["title"],
                matched_by=label,
                fields=_fill(target, entry),
                within_file=within_file,
            )
        )
        (new if within_file else old).add(target)  # it may have a new identifier
    return plan
