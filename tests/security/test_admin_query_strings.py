"""No query string makes an admin list a 500, on any registered admin.

An attacker with a staff account (or a link sent to one) can put anything in
the address of a list: dates and numbers far out of range, unknown orderings,
a page number past the end, NUL bytes, repeated and garbage parameters. Each
must answer 200, 400, or Django's redirect to ``?e=1`` (which itself answers
200), never a 500.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from feedback.models import FeedbackReport
from tests.factories import publish_article, superuser

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # more than a 64-bit integer holds
FAR_YEAR = "99999999999"  # more than a C int, so datetime() overflows
NUMBER_FIELDS = (models.IntegerField, models.AutoField, models.DecimalField)
DATE_FIELDS = (models.DateField, models.TimeField)
ANSWERS = {200, 302, 400}

GENERAL = [
    {"p": HUGE},
    {"p": "-1"},
    {"p": "1e9"},
    {"p": "x"},
    {"all": "", "p": "5"},
    {"o": "999"},
    {"o": "-999.0.x"},
    {"o": HUGE},
    {"o": "1.1.1.1.1.1.1.1.1.1"},
    {"q": "\x00"},
    {"q": "a\x00b"},
    {"q": "x" * 5000},
    {"q": "%_\\' OR 1=1 --"},
    {"_facets": "1"},
    {"e": "1"},
    {"_popup": "1", "_to_field": "password"},
    {"_to_field": "id"},
    {"unknown_field": "1"},
    {"pk__in": f"1,x,,{HUGE}"},
    {"pk__in": ""},
    {"pk__range": "1"},
    {"pk__isnull": "maybe"},
    {"pk__gte": HUGE},
    {"pk__lt": "-" + HUGE},
    {"pk": HUGE},
    {"pk__exact": "1e400"},
    {"pk__regex": "("},
]


def number_queries(name):
    return [
        {f"{name}__gte": HUGE},
        {f"{name}__lte": "-" + HUGE},
        {f"{name}": HUGE},
        {f"{name}__in": f"1,{HUGE},x"},
        {f"{name}__gt": "nan"},
        {f"{name}__exact": "\x00"},
    ]


def date_queries(name):
    return [
        {f"{name}__year": FAR_YEAR},
        {f"{name}__year": "9999"},
        {f"{name}__year": "0"},
        {f"{name}__year": "-1"},
        {f"{name}__year": HUGE},
        {f"{name}__year__gte": FAR_YEAR},
        {f"{name}__year__lt": "-" + FAR_YEAR},
        {f"{name}__year": "2024", f"{name}__month": "13"},
        {f"{name}__year": "2024", f"{name}__month": FAR_YEAR},
        {f"{name}__year": "9999", f"{name}__month": "12"},
        {f"{name}__year": "9999", f"{name}__month": "12", f"{name}__day": "31"},
        {f"{name}__year": "1", f"{name}__month": "1", f"{name}__day": "1"},
        {f"{name}__year": "2024", f"{name}__month": "2", f"{name}__day": "30"},
        {f"{name}__month": HUGE},
        {f"{name}__day": "-" + HUGE},
        {f"{name}__week_day": HUGE},
        {f"{name}__gte": HUGE},
        {f"{name}__gte": "99999-99-99"},
        {f"{name}__lt": "0001-01-01"},
        {f"{name}__date": "9999-12-31"},
        {f"{name}__date__gt": "10000-01-01"},
        {f"{name}__in": "2024-01-01,x"},
        {f"{name}__range": "2024-01-01"},
        {f"{name}__isnull": "x"},
    ]


def text_queries(name):
    return [{name: "\x00"}, {f"{name}__in": "\x00,a"}, {f"{name}__regex": "(("}]


def field_queries(model):
    """Return hostile filters on each of MODEL's own fields."""
    found = []
    for field in model._meta.concrete_fields:
        name = field.name if not field.is_relation else f"{field.name}__id"
        if isinstance(field, DATE_FIELDS):
            found += date_queries(field.name)
        elif isinstance(field, NUMBER_FIELDS) or field.is_relation:
            found += number_queries(name)
        elif isinstance(field, models.CharField | models.TextField):
            found += text_queries(name)
    return found


def filter_queries(model_admin, user):
    """Return garbage for every parameter the admin's list filters read."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    found = []
    for spec in changelist.filter_specs:
        for name in spec.expected_parameters():
            for value in ("\x00", HUGE, "-" + HUGE, "x" * 300, "9999-12-31"):
                found.append({name: value})
    hierarchy = model_admin.date_hierarchy
    if hierarchy:
        found += date_queries(hierarchy)
    return found


def repeated(queries):
    """Return each query once more with its parameters sent twice, sane first."""
    return [[(key, "1") for key in query] + list(query.items()) for query in queries]


def hostile_queries(model_admin, user):
    queries = [
        *GENERAL,
        *field_queries(model_admin.model),
        *filter_queries(model_admin, user),
    ]
    return [*(list(query.items()) for query in queries), *repeated(queries[:40])]


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def rows(cast):
    """Some rows in the tables, so that the lists and the date hierarchy query."""
    article = publish_article(cast)
    FeedbackReport.objects.create(
        article=article,
        revision=article.live_revision,
        helpful=False,
        reason="outdated",
        details="The dose changed.",
    )


@pytest.mark.parametrize(
    "model_admin", [model_admin for _, model_admin in registered()], ids=str
)
def test_no_query_string_makes_a_list_fail(client, rows, model_admin):
    root = superuser()
    client.force_login(root)
    client.raise_request_exception = False  # collect every failure, not the first
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    failures = []
    for query in hostile_queries(model_admin, root):
        address = f"{url}?{urlencode(query)}"
        response = client.get(address)
        if response.status_code not in ANSWERS:
            error = getattr(response, "exc_info", None)
            reason = repr(error[1])[:120] if error else ""
            failures.append(f"{response.status_code} {address[:160]} {reason}")
        elif response.status_code == 302:
            assert response["Location"].endswith("?e=1"), address
    assert not failures, "\n".join(failures)


def test_the_error_page_of_a_list_answers(client, rows):
    client.force_login(superuser())
    url = reverse("admin:articles_reviewevent_changelist")
    response = client.get(f"{url}?created_at__year={FAR_YEAR}")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
