"""What every dashboard panel is made of, and the helpers that fill one."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timesince import timesince

from ..times import when

ROWS = 10  # per panel; the total and a link to the full list say the rest

# The user columns a row needs to print a person's name.
PERSON = ("first_name", "last_name", "username")


@dataclass(frozen=True)
class Fact:
    """One detail of a row; with WHEN, TEXT is shown in a <time> element."""

    text: str
    label: str = ""
    when: datetime | date | None = None
    suffix: str = ""

    @property
    def machine_time(self):
        """Return WHEN as an HTML datetime value (seconds, not microseconds)."""
        if isinstance(self.when, datetime):
            return self.when.isoformat(timespec="seconds")
        return self.when.isoformat() if self.when else ""


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    # Read by screen readers only: completes a short visible text ("Unschedule").
    hidden: str = ""


@dataclass(frozen=True)
class Row:
    """One item of work: its title links to the page where it is done."""

    title: str
    url: str
    facts: tuple = ()
    quote: str = ""
    quote_by: str = ""
    actions: tuple = ()


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    rows: list
    total: int
    empty: str
    links: tuple = ()

    @property
    def more(self):
        """Return whether the panel shows fewer rows than there are."""
        return self.total > len(self.rows)


def panel(key, title, queryset, to_row, *, empty, links=()):
    """Return the panel of QUERYSET's first ROWS rows and its total: two queries.

    The count is always asked, even for a short list, so the home page costs
    the same number of queries however much work is waiting.
    """
    rows = [to_row(obj) for obj in queryset[:ROWS]]
    return Panel(key, title, rows, queryset.count(), empty, tuple(links))


def age(since, now, label, suffix=""):
    """Return a Fact "LABEL 3 days SUFFIX" with the time SINCE."""
    return Fact(timesince(since, now, depth=1), label=label, when=since, suffix=suffix)


def day(value, label):
    return Fact(date_format(value, "j F Y"), label=label, when=value)


def moment(value, label):
    return Fact(when(value), label=label, when=value)


def due(value, today):
    """Return the Facts of a periodic review due on VALUE, marked when overdue."""
    facts = (day(value, "Periodic review due"),)
    return (*facts, Fact("Overdue")) if value < today else facts


def name(user):
    return user.get_full_name() or user.get_username()


def admin_url(view, *args, query=None, anchor=""):
    url = reverse(f"admin:{view}", args=args)
    return url + (f"?{urlencode(query)}" if query else "") + anchor


def article_url(article_id):
    return admin_url("articles_article_change", article_id)


def revision_url(revision_id, anchor=""):
    return admin_url("articles_revision_change", revision_id, anchor=anchor)
