"""What readers send, made safe to store and read: line breaks, user agents, and
the heuristic that flags details that look like personal data.
"""

import re
import unicodedata

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

# Numbers that look like phones but are not: they are masked before the phone
# search. Citations: DOIs, and numbers after an identifier label (PMID 123,
# PMC123, NCT0123, ISBN 978-...). Dates written with - or . (a / never joins a
# phone number), decimals, and thousands grouped with dots or spaces.
_NOT_PHONES = [
    re.compile(r"\b10\.\d{4,9}/\S+"),
    re.compile(
        r"\b(?:pmid|pmcid|pmc|doi|isbn|issn|nct|isrctn|eudract|pubmed|pp?\.|pages?)"
        r"\s*[:#]?\s*\d[\d-]*[\dx]?",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\d.-])(?:\d{4}([-.])\d{1,2}\1\d{1,2}|\d{1,2}([-.])\d{1,2}\2\d{4})"
        r"(?![.-]?\d)"
    ),
    re.compile(r"(?<![\d.])\d+\.\d+(?![.\d])"),
    re.compile(r"(?<![\d.])[1-9]\d{0,2}(?:([. ])\d{3})(?:\1\d{3})+(?![. ]?\d)"),
]
# A run of digits written as a phone number is: an optional +country code, an
# optional (area code), then digits with single spaces, dots or dashes between
# them, not glued to a word, a path or another number.
PHONE_RE = re.compile(
    r"(?<![\w/.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d)+(?![\w/])"
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def normalise_newlines(text):
    """Return TEXT with CRLF and CR line breaks turned into LF.

    Browsers count a line break in a text box as one character but send it as
    two (CRLF); stored and counted as one, the box's limit means what it says.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_user_agent(value, max_length):
    """Return VALUE without control or invisible format characters, cut short.

    PostgreSQL cannot store NUL, and nothing else of that kind belongs in a
    browser's self-description either.
    """
    kept = "".join(c for c in value if unicodedata.category(c)[0] != "C")
    return kept.strip()[:max_length]


def _looks_like_phone(number):
    digits = re.sub(r"\D", "", number)
    if not 8 <= len(digits) <= 15:
        return False
    groups = re.findall(r"\d+", number)
    if all(_YEAR.fullmatch(g) for g in groups):
        return False  # a list or range of years
    if len(groups) == 1 and number[0] not in "+0":
        # A bare run of digits without a leading 0 or +: a phone only if long
        # enough; shorter ones are more often identifiers or counts.
        return len(digits) >= 10
    return True


def looks_personal(text):
    """Return whether TEXT seems to contain an e-mail address or phone number."""
    if EMAIL_RE.search(text):
        return True
    for pattern in _NOT_PHONES:
        text = pattern.sub(" _ ", text)
    return any(_looks_like_phone(m.group()) for m in PHONE_RE.finditer(text))
