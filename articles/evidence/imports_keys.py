"""Citation keys for imported references: "young2018", unique in the article.

A key is what an editor types in the text (``[@young2018]``), so it is made
from what the editor sees in the citation: the first author's surname (or an
organisation's initials, or the title's first word) and the year, in
lower-case ASCII letters and digits, at most 60 characters (the Reference
key's SlugField). A key already taken, by the article or earlier in the same
file, gets a letter: young2018, young2018a, young2018b...
"""

import re
import unicodedata
from itertools import count, product
from string import ascii_lowercase

KEY_MAX_LENGTH = 60
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+\Z")  # Django's validate_slug
# Letters NFKD does not take apart into a base letter and an accent.
_ASCII = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"}
)
_STOPWORDS = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "with"}
# The most letters a suffix needs before the key runs out of room: 26 + 676.
_SUFFIX_ROOM = 2


def ascii_word(text):
    """Return TEXT as lower-case ASCII letters and digits ("Müller" -> "muller")."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_ASCII))
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode())


def _organisation_stem(name):
    words = re.findall(r"[^\W_]+", name)
    capitals = [word for word in words if word[0].isupper()]
    if len(capitals) >= 3:
        # "World Health Organization" -> "who", as editors cite it.
        return ascii_word("".join(word[0] for word in capitals))
    return ascii_word("".join(words))


def _title_stem(title):
    for word in re.findall(r"[^\W_]+", title):
        if word.lower() not in _STOPWORDS and ascii_word(word):
            return ascii_word(word)
    return ""


def key_stem(first_author, title, year):
    """Return the key before any suffix: surname (or stand-in) and year.

    FIRST_AUTHOR is a ``records.Name`` or None.
    """
    if first_author is not None and first_author.family:
        stem = ascii_word(first_author.family)
    elif first_author is not None:
        stem = _organisation_stem(first_author.literal)
    else:
        stem = _title_stem(title)
    stem = stem or "ref"
    year = str(year or "")
    return stem[: KEY_MAX_LENGTH - len(year) - _SUFFIX_ROOM] + year


def _suffixes():
    yield ""
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            yield "".join(letters)


def unique_key(stem, taken):
    """Return STEM, or STEM and the first letters that make it not in TAKEN.

    TAKEN holds lower-case keys; the key returned is added to it.
    """
    for suffix in _suffixes():
        key = f"{stem}{suffix}"
        if key.lower() not in taken:
            taken.add(key.lower())
            return key
    raise AssertionError("unreachable: the suffixes never run out")
