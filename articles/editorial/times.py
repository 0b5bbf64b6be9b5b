"""How the editorial screens write a time: one format, in the site's time zone.

"2027-01-31 09:00 GMT" everywhere an editor reads or types a time (the
schedule form takes the same year-month-day and 24-hour time), so a date is
never read day-first on one screen and month-first on another.
"""

from django.utils import timezone
from django.utils.formats import date_format

TIME_FORMAT = "Y-m-d H:i T"


def when(value):
    """Return VALUE (an aware datetime) as the editorial screens print times."""
    return date_format(timezone.localtime(value), TIME_FORMAT) if value else ""
