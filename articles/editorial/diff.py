"""Word-level differences between two revisions, as safe HTML for reviewers."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Revision
from articles.references import ama_citation
from articles.workflow.editing import normalise_text

TOKEN = re.compile(r"\s+|\S+\s*")


def comparable(text):
    """Return TEXT as diffs compare it: LF, no trailing spaces, no trailing lines."""
    return normalise_text(text or "").rstrip()


def word_diff(old, new):
    """Return HTML of NEW with words added in <ins> and removed ones in <del>.

    Line endings and trailing spaces are normalised first (as the editing
    service stores them), so text re-typed in a browser shows no change.
    """
    old, new = comparable(old), comparable(new)
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def _reference_lines(references):
    plain = re.compile(r"<[^>]+>")
    return "\n".join(
        f"[@{ref['key']}] " + plain.sub("", ama_citation(ref)) for ref in references
    )


def revision_diff(old, new):
    """Return a list of (label, html, changed) for the parts of two revisions.

    OLD may be None (nothing published yet): everything shows as added.
    """
    parts = []
    for label, attr in (
        ("Title", "title"),
        ("Summary", "summary"),
        ("Text", "body_markdown"),
    ):
        before = getattr(old, attr, "") if old else ""
        after = getattr(new, attr)
        changed = comparable(before) != comparable(after)
        parts.append((label, word_diff(before, after), changed))
    before = _reference_lines(old.references) if old else ""
    after = _reference_lines(new.references)
    parts.append(("References", word_diff(before, after), before != after))
    return parts


class Comparison:
    """One diff on the review screen: REVISION against OTHER, with why OTHER."""

    def __init__(self, revision, other, reason, label=""):
        self.other = other
        self.reason = reason
        self.label = label
        self.parts = revision_diff(other, revision)

    @property
    def changed(self):
        return any(changed for _, _, changed in self.parts)


def revision_label(revision, live_id):
    """Return how the review screen names REVISION: "revision 3 (live)"."""
    if revision.pk == live_id:
        state = "live"
    elif revision.published_at:
        state = "was live"
    else:
        state = revision.get_decision_display().lower()
    return f"revision {revision.number} ({state})"


def comparisons_for(revision, *, requested=None):
    """Return (other revisions, comparisons) for the review screen of REVISION.

    By default REVISION is compared with the revision just before it when that
    one was sent back (what the reviewer asked to change), and with the live
    revision; REQUESTED (a revision number) compares with that one instead.
    With nothing live and nothing earlier, one comparison against nothing
    shows all the text as new.
    """
    article = revision.article
    others = list(
        Revision.objects.filter(article=article)
        .exclude(pk=revision.pk)
        .only("pk", "number", "decision", "published_at", "comment", "decided_at")
        .order_by("-number")
    )
    live_id = article.live_revision_id
    for other in others:
        other.label = revision_label(other, live_id)
    by_number = {other.number: other for other in others}
    if requested in by_number:
        return others, [_compare(revision, by_number[requested], "chosen")]
    found = []
    previous = next((o for o in others if o.number < revision.number), None)
    if previous and previous.decision == Revision.Decision.CHANGES_REQUESTED:
        found.append(_compare(revision, previous, "sent back"))
    if (
        live_id
        and live_id != revision.pk
        and live_id not in {c.other.pk for c in found}
    ):
        found.append(_compare(revision, Revision.objects.get(pk=live_id), "live"))
    if not found and not live_id:
        found.append(Comparison(revision, None, "nothing live"))
    return others, found


def _compare(revision, other, reason):
    """Compare with OTHER, read whole (the list of others holds only labels)."""
    label = revision_label(other, revision.article.live_revision_id)
    return Comparison(revision, Revision.objects.get(pk=other.pk), reason, label)
