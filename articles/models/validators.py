"""Validators for text that ends up in feeds, e-mails and page titles."""

import re

from django.core.exceptions import ValidationError

# Characters that XML 1.0 cannot carry: one of them in a title breaks the RSS
# feeds for everyone. A single line (names and titles, which also go into
# e-mail subjects) has no line breaks either. Forms already refuse NUL.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ONE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\ufffe\uffff]")


def validate_plain_text(value):
    """Raise ValidationError if VALUE holds control characters."""
    if _XML_UNSAFE.search(value or ""):
        raise ValidationError(
            "Remove the invisible control characters (often pasted in from another "
            "program) or non-characters such as U+FFFF.",
            code="control_characters",
        )


def validate_single_line(value):
    """Raise ValidationError if VALUE holds a line break or control characters."""
    if _NOT_ONE_LINE.search(value or ""):
        raise ValidationError(
            "Use one line of text, without line breaks, invisible control "
            "characters or non-characters such as U+FFFF.",
            code="control_characters",
        )


def validate_profile_links(value):
    """Raise ValidationError unless VALUE is a list of {"label", "url"} objects."""
    message = (
        'Enter a list of links, each {"label": "ORCID", "url": "https://..."}, '
        "with plain text in both."
    )
    if not isinstance(value, list):
        raise ValidationError(message, code="invalid_links")
    for link in value:
        if not (
            isinstance(link, dict)
            and set(link) == {"label", "url"}
            and all(
                isinstance(text, str) and "\x00" not in text for text in link.values()
            )
            and link["url"].startswith("https://")
        ):
            raise ValidationError(message, code="invalid_links")
