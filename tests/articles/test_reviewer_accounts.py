"""Who may link a medical reviewer profile to a user account.

Whoever controls the account approves in the reviewer's name, so a chief editor
(who manages reviewer profiles) cannot move a profile to another account or
link one to their own.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import workflow
from articles.models import MedicalReviewer
from articles.workflow import roles
from tests.factories import (
    ALL_ATTESTED,
    ArticleFactory,
    ReferenceFactory,
    submit,
    superuser,
    user_in,
)


def change_url(reviewer):
    return reverse("admin:articles_medicalreviewer_change", args=[reviewer.pk])


ADD_URL = reverse("admin:articles_medicalreviewer_add")


def reviewer_form(reviewer=None, **changes):
    data = {
        "name": reviewer.name if reviewer else "Ada Okafor",
        "slug": reviewer.slug if reviewer else "ada-okafor",
        "credentials": reviewer.credentials if reviewer else "MD",
        "bio": "",
        "profile_links": "[]",
        "specialty": reviewer.specialty if reviewer else "Cardiology",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "conflict_of_interest": "None declared.",
        "active": "on",
    }
    if reviewer:
        data["user"] = reviewer.user_id
        data["specialties"] = [s.pk for s in reviewer.specialties.all()]
    data.update(changes)
    return data


def test_chief_editor_cannot_move_a_reviewer_profile_to_their_account(client, cast):
    original = cast.reviewer.user
    client.force_login(cast.chief)
    page = client.get(change_url(cast.reviewer)).content.decode()
    assert 'name="user"' not in page
    response = client.post(
        change_url(cast.reviewer),
        reviewer_form(cast.reviewer, user=cast.chief.pk, specialty="Cardiology"),
    )
    assert response.status_code == 302
    cast.reviewer.refresh_from_db()
    assert cast.reviewer.user == original
    assert cast.reviewer.specialty == "Cardiology"  # the rest stays editable
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast)
    with pytest.raises(PermissionDenied):
        workflow.approve(revision, by=cast.chief, attestation=ALL_ATTESTED)


def test_chief_editor_cannot_link_a_new_reviewer_profile_to_their_account(client, cast):
    client.force_login(cast.chief)
    response = client.post(ADD_URL, reviewer_form(user=cast.chief.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MedicalReviewer.objects.filter(slug="ada-okafor").exists()
    newcomer = user_in(roles.MEDICAL_REVIEWERS, username="ada")
    assert client.post(ADD_URL, reviewer_form(user=newcomer.pk)).status_code == 302
    assert MedicalReviewer.objects.get(slug="ada-okafor").user == newcomer


def test_superuser_may_move_a_reviewer_profile(client, cast):
    replacement = user_in(roles.MEDICAL_REVIEWERS, username="newaccount")
    client.force_login(superuser())
    page = client.get(change_url(cast.reviewer)).content.decode()
    assert 'name="user"' in page
    response = client.post(
        change_url(cast.reviewer), reviewer_form(cast.reviewer, user=replacement.pk)
    )
    assert response.status_code == 302
    cast.reviewer.refresh_from_db()
    assert cast.reviewer.user == replacement
