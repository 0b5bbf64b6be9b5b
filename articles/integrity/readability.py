"""Readability: the reading grade of the text and its hardest sentences.

The grade is the Flesch-Kincaid grade level from textstat, computed on the
plain text a reader reads (no Markdown, no citation markers, no headings).
"""

import textstat

from .text import blocks, sentences, strip_citations

HARDEST = 3
MIN_WORDS = 4  # shorter fragments get meaningless per-sentence grades


def _sentences(markdown):
    found = []
    for block in blocks(markdown):
        if block.kind == "heading":
            continue
        for sentence in sentences(strip_citations(block.text)):
            # List items and table rows often lack a full stop; end each one so
            # the grade does not read a whole list as one long sentence.
            found.append(sentence if sentence[-1] in ".!?:;" else sentence + ".")
    return found


def grade(text):
    """Return the Flesch-Kincaid grade of plain TEXT, to one decimal."""
    return round(textstat.flesch_kincaid_grade(text), 1)


def check(markdown, *, target):
    """Return the readability part of the integrity report for MARKDOWN."""
    found = _sentences(markdown)
    if not found:
        return {"grade": None, "target": target, "above_target": False, "words": 0}
    text = " ".join(found)
    overall = grade(text)
    scored = [
        (grade(sentence), sentence)
        for sentence in found
        if textstat.lexicon_count(sentence) >= MIN_WORDS
    ]
    scored.sort(key=lambda pair: -pair[0])
    return {
        "grade": overall,
        "target": target,
        "above_target": overall > target,
        "words": textstat.lexicon_count(text),
        "sentences": len(found),
        "hardest_sentences": [
            {"text": sentence, "grade": value} for value, sentence in scored[:HARDEST]
        ],
    }
