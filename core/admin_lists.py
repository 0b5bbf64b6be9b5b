"""Admin lists answer a query string they cannot use with Django's "?e=1" page.

Django's ChangeList turns most bad lookups (an unknown field, a value of the
wrong type) into ``IncorrectLookupParameters``, which the list view answers
with a redirect to ``?e=1``. Some escape it and become a 500: a date
hierarchy year past 9999 or below 1 (``datetime()`` overflows outside
Django's ``try``), ``created_at__year__gte=99999999999`` (the bounds are made
when the query is compiled, at the count), ``pk__range`` with one value, a
number too large for SQLite, a NUL byte that PostgreSQL refuses. Every input
of the ChangeList is the query string, so an error of these kinds while it is
built and counted is the address's fault, and is answered as Django answers
any other bad lookup. A bug in an admin's own code shows on the plain list,
without a query string, and stays a 500 there.

Regular-expression lookups (``title__regex=``) are refused before any query:
no link of the admin makes them, each runs a pattern over every row (an easy
way for one account to load the database), and SQLite reports a bad pattern
as an OperationalError, which cms/errors.py would take for an outage (503).
"""

import functools

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import DataError

BAD_QUERY = (ArithmeticError, IndexError, TypeError, ValueError, ValidationError)
# PostgreSQL: a number out of range for its column, a NUL in a text value.
BAD_QUERY += (DataError,)
REFUSED_LOOKUPS = ("__regex", "__iregex")


def guard_lists(site):
    """Make every list registered on SITE answer a bad query string with "?e=1".

    Call it once the admins are registered (cms/urls.py): it covers the
    project's admins and those of installed packages (auth, axes) alike.
    """
    for model_admin in site._registry.values():
        build = model_admin.get_changelist_instance
        if not getattr(build, "guarded", False):
            model_admin.get_changelist_instance = _guarded(build)


def _guarded(build):
    @functools.wraps(build)
    def guarded_build(request):
        if any(name.endswith(REFUSED_LOOKUPS) for name in request.GET):
            raise IncorrectLookupParameters("regular expressions are not accepted")
        try:
            return build(request)
        except BAD_QUERY as error:
            raise IncorrectLookupParameters(error) from error

    guarded_build.guarded = True
    return guarded_build
