"""Helpers the hostile-input tests share: sending strings through admin forms."""

from django.db import transaction

from articles.models import (
    Article,
)
from articles.workflow.editing import NORMALISED_FIELDS, normalise_text
from tests.factories import (
    ALL_ATTESTED,
)
from tests.hostile import label
from tests.security.pages import assert_safe

ATTESTED = {key: "on" for key in ALL_ATTESTED}


def expected(text):
    """Return TEXT as a Django form field stores it."""
    return text.strip()


def rolled_back(texts):
    """Yield each of TEXTS inside a savepoint that is rolled back afterwards."""
    for text in texts:
        savepoint = transaction.savepoint()
        try:
            yield text
        finally:
            transaction.savepoint_rollback(savepoint)


# Admin forms -----------------------------------------------------------------


def admin_errors(response):
    """Return the names of the fields that the admin form and inlines refused."""
    refused = set(response.context["adminform"].form.errors)
    for inline in response.context.get("inline_admin_formsets") or []:
        for errors in inline.formset.errors:
            refused |= set(errors)
    return refused


def send(client, url, base, text, fields, *, model, errors=admin_errors, retry=None):
    """POST TEXT in all FIELDS; if refused, again in the fields that accepted it
    (with RETRY's values on top).

    Fields named together in one string ("password1 password2") are one answer:
    if one refuses TEXT, neither gets it again. Return the fields that stored
    TEXT (none if the form refused it in all).
    """
    names = [name for group in fields for name in group.split()]
    rows = model.objects.count()
    response = client.post(url, {**base, **dict.fromkeys(names, text)})
    assert response.status_code in {200, 302}, label(text)
    if response.status_code == 302:
        return names
    # A split widget posts name_0 and name_1; its errors are under name.
    refused = {f"{name}_{i}" for name in errors(response) for i in (0, 1)}
    refused |= errors(response)
    assert refused, f"form shown again without an error for {label(text)}"
    assert refused & {*names, "__all__"}, (label(text), errors(response))
    assert b'class="errorlist' in response.content
    assert_safe(response, text)
    assert model.objects.count() == rows, f"a refused form wrote a row: {label(text)}"
    accepted = [
        name
        for group in fields
        if not refused.intersection(group.split())
        for name in group.split()
    ]
    data = {**base, **dict.fromkeys(accepted, text), **(retry or {})}
    response = client.post(url, data)
    assert response.status_code == 302, (label(text), errors(response))
    return accepted


def assert_stored(obj, fields, text):
    __tracebackhide__ = True
    obj.refresh_from_db()
    for name in fields:
        want = expected(text)
        if isinstance(obj, Article) and name in NORMALISED_FIELDS:
            # The working copy is stored with LF line endings and no trailing
            # spaces (workflow.edit_working_copy), whatever the browser sent.
            want = normalise_text(want)
        assert getattr(obj, name) == want, f"{name} of {label(text)}"
