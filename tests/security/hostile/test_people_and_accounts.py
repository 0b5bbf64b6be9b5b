"""Hostile strings through the topic, author, reviewer and user forms."""

import json
import unicodedata
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles import workflow
from articles.models import (
    Author,
    MedicalReviewer,
    Topic,
)
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    approve,
    publish_article,
    submit,
    user_in,
)
from tests.hostile import HOSTILE, label
from tests.security.hostile.forms import (
    assert_stored,
    expected,
    send,
)
from tests.security.pages import assert_safe

# People, topics and accounts ---------------------------------------------------


def test_topic_form(cast, login, client):
    chief = login(cast.chief)
    url = reverse("admin:articles_topic_add")
    for n, text in enumerate(HOSTILE):
        base = {"name": f"Topic {n}", "slug": f"hostile-topic-{n}", "description": ""}
        steps = {"review_steps": ["fact_check", "medical_review"]}
        accepted = send(
            chief, url, {**base, **steps}, text, [*base], model=Topic, retry=steps
        )
        topic = Topic.objects.latest("pk")
        assert_stored(topic, accepted, text)
        assert_safe(client.get(topic.get_absolute_url()), text)
    assert_safe(chief.get(reverse("admin:articles_topic_changelist")), "topics")
    assert_safe(client.get("/"), "topics")


def links_with(text):
    """Return profile links (JSON) whose label and address carry TEXT."""
    return json.dumps([{"label": text, "url": f"https://example.org/{quote(text)}"}])


def check_person_form(chief, client, url, model, base, text_fields, person):
    """Send each string to a person form; the profile links get it inside JSON."""
    for n, text in enumerate(HOSTILE):
        # PostgreSQL cannot store NUL in JSON either: refused, see the test below.
        links = "[]" if "\x00" in text else links_with(text)
        data = base(n)
        accepted = send(
            chief,
            url,
            data,
            text,
            [*text_fields, "profile_links"],
            model=model,
            retry={"profile_links": links},
        )
        saved = person(data)
        columns = {field.name for field in model._meta.fields} - {"profile_links"}
        assert_stored(saved, [f for f in accepted if f in columns], text)
        assert saved.profile_links == json.loads(links)
        assert_safe(client.get(saved.get_absolute_url()), text)
    name = model._meta.model_name
    assert_safe(chief.get(reverse(f"admin:articles_{name}_changelist")), "people")


def test_author_form(cast, login, client):
    article = publish_article(cast)  # an author page lists their articles

    def base(n):
        return {
            "name": f"Author {n}",
            "slug": f"hostile-author-{n}",
            "credentials": "",
            "bio": "",
            "job_title": "",
        }

    def saved(data):
        author = Author.objects.get(slug=data["slug"])
        article.authors.add(author)
        return author

    check_person_form(
        login(cast.chief),
        client,
        reverse("admin:articles_author_add"),
        Author,
        base,
        ["name", "slug", "credentials", "bio", "job_title"],
        saved,
    )


def test_medical_reviewer_form(cast, login, client):
    reviewer = cast.reviewer2
    article = ArticleFactory()
    ReferenceFactory(article=article)
    revision = submit(article, cast, reviewer=reviewer)
    workflow.publish(approve(revision, cast), by=cast.chief)  # listed on their page
    text_fields = [
        "name",
        "slug",
        "credentials",
        "bio",
        "specialty",
        "conflict_of_interest",
    ]

    def base(n):
        return {
            **dict.fromkeys(text_fields, ""),
            "name": "Reviewer",
            "slug": reviewer.slug,
            "specialty": "Cardiology",
            "user": reviewer.user_id,
            "active": "on",
            "specialties": [s.pk for s in reviewer.specialties.all()],
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        }

    check_person_form(
        login(cast.chief),
        client,
        reverse("admin:articles_medicalreviewer_change", args=[reviewer.pk]),
        MedicalReviewer,
        base,
        text_fields,
        lambda data: MedicalReviewer.objects.get(pk=reviewer.pk),
    )


@pytest.mark.parametrize(
    "links",
    [
        '[{"label": "ORCID\\u0000", "url": "https://orcid.org/1"}]',
        '[{"label": "ORCID", "url": "javascript:alert(1)"}]',
        '[{"label": "ORCID", "url": "https://orcid.org/1", "onclick": "x"}]',
        '[{"label": ["ORCID"], "url": "https://orcid.org/1"}]',
        '{"label": "ORCID", "url": "https://orcid.org/1"}',
        "5",
        '"https://orcid.org/1"',
    ],
)
def test_profile_links_must_be_a_list_of_links(cast, login, client, links):
    chief = login(cast.chief)
    data = {"name": "A", "slug": "a", "profile_links": links}
    response = chief.post(reverse("admin:articles_author_add"), data)
    assert response.status_code == 200
    assert "Enter a list of links" in response.content.decode()
    assert not Author.objects.exists()


@pytest.mark.parametrize("links", ["", "null", "[]"])
def test_empty_profile_links_mean_none(cast, login, links):
    chief = login(cast.chief)
    data = {"name": "A", "slug": "a", "profile_links": links}
    assert chief.post(reverse("admin:articles_author_add"), data).status_code == 302
    assert Author.objects.get().profile_links == []


def test_user_forms(cast, login):
    """A chief editor adds a user, then edits a user's name and address."""
    chief = login(cast.chief)
    User = get_user_model()
    add_url = reverse("admin:auth_user_add")
    password = "correct horse battery staple"
    for n, text in enumerate(HOSTILE):
        base = {
            "username": f"new{n}",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        }
        fields = ["username", "password1 password2"]
        accepted = send(chief, add_url, base, text, fields, model=User)
        user = User.objects.latest("pk")
        if "username" in accepted:
            assert user.username == unicodedata.normalize("NFKC", expected(text))
        if "password1" in accepted:
            assert user.check_password(text)
        else:
            assert user.check_password(password)

    # One account per string, so that the list shows every one at the end.
    fields = ["username", "first_name", "last_name", "email"]
    for n, text in enumerate(HOSTILE):
        target = user_in("Editors", username=f"target{n}")
        base = {
            "username": target.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk for group in target.groups.all()],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        }
        change_url = reverse("admin:auth_user_change", args=[target.pk])
        accepted = send(chief, change_url, base, text, fields, model=User)
        target.refresh_from_db()
        for name in set(accepted) - {"username"}:
            assert getattr(target, name) == expected(text), (name, label(text))
    changelist = chief.get(reverse("admin:auth_user_changelist"), {"all": ""})
    assert_safe(changelist, "the accounts")
