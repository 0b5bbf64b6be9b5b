"""The integrity settings: read, checked, and explained when they are wrong.

Each is read from Django settings when set there, otherwise from the
environment variable of the same name. A value that cannot mean anything
sensible raises ImproperlyConfigured with the reason, and the system check
below reports it at start-up (``manage.py check``, ``migrate``, ``runserver``)
instead of at the first submission.
"""

import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    "INTEGRITY_MAX_OVERLAP": "0.20",
    "INTEGRITY_MAX_REFERENCE_AGE_YEARS": "10",
    "INTEGRITY_TARGET_GRADE": "8",
    "INTEGRITY_CHECK_REGISTRIES": "1",
}
MAX_GRADE = 20  # Flesch-Kincaid grades above this are postgraduate prose
SWITCH_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _raw(name):
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, DEFAULTS[name])
    return value


def _number(name, text):
    try:
        return float(text)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {text!r}.") from None


def share(name):
    """Return the setting NAME as a share between 0 and 1.

    0.2, 20 and "20%" all mean a fifth: a number up to 1 is a share, a larger
    one (up to 100) a percentage, and a trailing % always makes a percentage
    ("1%" is a hundredth, 1 is everything).
    """
    value = _raw(name)
    text = str(value).strip()
    number = _number(name, text.removesuffix("%"))
    if text.endswith("%") or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise ImproperlyConfigured(
            f"{name} must be a share from 0 to 1 or a percentage from 0 to 100 "
            f"(0.2, 20 and 20% are the same), not {value!r}."
        )
    return number


def whole_years(name):
    """Return the setting NAME as a whole number of years, at least 1."""
    value = _raw(name)
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of years, 1 or more, not {value!r}."
        )
    return int(text)


def grade(name):
    """Return the setting NAME as a reading grade from 1 to MAX_GRADE."""
    value = _raw(name)
    number = _number(name, str(value).strip())
    if not 1 <= number <= MAX_GRADE:
        raise ImproperlyConfigured(
            f"{name} must be a reading grade from 1 to {MAX_GRADE}, not {value!r}."
        )
    return number


def switch(name):
    """Return the setting NAME as on (True) or off: a bool, 1/0, yes/no, on/off."""
    value = _raw(name)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in SWITCH_WORDS:
        raise ImproperlyConfigured(
            f"{name} must be on or off (1 or 0, true or false, yes or no), "
            f"not {value!r}."
        )
    return SWITCH_WORDS[text]


READERS = {
    "INTEGRITY_MAX_OVERLAP": share,
    "INTEGRITY_MAX_REFERENCE_AGE_YEARS": whole_years,
    "INTEGRITY_TARGET_GRADE": grade,
    "INTEGRITY_CHECK_REGISTRIES": switch,
}


@checks.register("integrity")
def check_settings(app_configs=None, **kwargs):
    """Return an Error for each integrity setting that cannot be used."""
    errors = []
    for name, read in READERS.items():
        try:
            read(name)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(
                    str(error),
                    hint="See docs/integrity.md, Settings.",
                    id="articles.E101",
                )
            )
    return errors
