"""Word-level differences between two revisions, as safe HTML for reviewers."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.references import ama_citation

TOKEN = re.compile(r"\s+|\S+\s*")


def word_diff(old, new):
    """Return HTML of NEW with words added in <ins> and removed ones in <del>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
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
        parts.append((label, word_diff(before, after), before != after))
    before = _reference_lines(old.references) if old else ""
    after = _reference_lines(new.references)
    parts.append(("References", word_diff(before, after), before != after))
    return parts
