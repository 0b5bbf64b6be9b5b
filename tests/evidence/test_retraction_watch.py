"""Cited works are watched after publication: retractions, withdrawals, corrections.

The registries' answers are the recordings in ../shared/fixtures/registries,
served by the fake registries of conftest.py. No recording of a Crossref work
carrying a retraction could be found (SOURCES.md, "Gaps"), so the retraction
path takes the recorded correction of 10.1371/journal.pone.0033693 and makes
the smallest change Crossref's documentation describes: its ``updated-by``
entry's ``type`` becomes ``retraction`` (``as_retraction`` below, named so).
Crossref's list of update notices (``/works?filter=is-update:true,...``) was
never recorded either; the recorded PLoS ONE works page, which is the same
``work-list`` message and carries eight correction notices with
``update-to``, stands in for it.
"""

import json

import httpx
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ReviewEvent, SourceCheck, SourceNotice
from articles.workflow import watch
from articles.workflow.common import WorkflowError
from tests.evidence.conftest import require_registry_fixtures, timeout
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    approve,
    assignees,
    publish_article,
    step_choices,
    submit,
)

require_registry_fixtures()
pytestmark = pytest.mark.django_db

CORRECTED_DOI = "10.1371/journal.pone.0033693"
RETRACTED_PMID = "10066780"  # PubMed: "Retracted Publication", RetractionIn 11905463
# A work one of the recorded PLoS ONE correction notices updates (update-to).
LISTED_DOI = "10.1371/journal.pone.0120799"


def live_article(cast, slug, **reference):
    article = ArticleFactory(
        created_by=cast.editor, slug=slug, body="Walking helps [@src]."
    )
    ReferenceFactory(article=article, key="src", **{"doi": "", "pmid": "", **reference})
    return publish_article(cast, article=article)


def is_update_list(request):
    return request.url.path == "/works" and "is-update" in request.url.params["filter"]


@pytest.fixture
def update_list(registries, registry_fixtures):
    page = (
        registry_fixtures / "crossref" / "journals_1932-6203_works_rows30_cursor1.json"
    )
    registries.answer(
        is_update_list, lambda request: httpx.Response(200, content=page.read_bytes())
    )
    return registries


def as_retraction(registry_fixtures):
    """The recorded correction of CORRECTED_DOI, its update type made "retraction"."""
    path = registry_fixtures / "crossref" / "works_10.1371_journal.pone.0033693.json"
    data = json.loads(path.read_bytes())
    data["message"]["updated-by"][0]["type"] = "retraction"  # the one change
    return json.dumps(data).encode()


def run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return watch.check_references(**kwargs)


def test_a_correction_is_stored_and_shown_but_nothing_is_sent_back(
    cast, update_list, django_capture_on_commit_callbacks
):
    article = live_article(cast, "walking", doi=CORRECTED_DOI)
    mail.outbox.clear()
    report = run(django_capture_on_commit_callbacks)
    (notice,) = SourceNotice.objects.filter(value=CORRECTED_DOI)
    assert (notice.type, notice.source) == ("correction", "Crossref (publisher)")
    assert notice.notice == "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda"
    assert notice.notice_date.isoformat() == "2012-05-08"
    article.refresh_from_db()
    assert article.rereview_requested_at is None and report.sent_back == []
    assert mail.outbox == []
    asked = len(update_list.requests)
    page = Client().get(f"/articles/{article.slug}/").content.decode()
    assert len(update_list.requests) == asked  # no registry on a public request
    references = page[page.index('id="references-heading"') :]
    assert "Corrected in 2012" in references
    assert 'href="https://doi.org/10.1371/annotation/c76da2c1' in references


def test_a_retraction_sends_the_article_back_as_the_system_and_tells_its_people(
    cast, update_list, registry_fixtures, django_capture_on_commit_callbacks
):
    update_list.answer(
        lambda r: r.url.path.endswith("journal.pone.0033693"),
        lambda r: httpx.Response(200, content=as_retraction(registry_fixtures)),
    )
    article = live_article(cast, "walking", doi=CORRECTED_DOI)
    mail.outbox.clear()
    report = run(django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert report.sent_back == ["walking"]
    assert "A cited work was retracted: [@src]" in article.rereview_reason
    assert "Crossref (publisher)" in article.rereview_reason
    assert "10.1371/annotation/c76da2c1" in article.rereview_reason
    event = article.events.get(action=ReviewEvent.Action.REREVIEW_REQUESTED)
    assert event.actor is None  # the system
    (message,) = mail.outbox
    assert set(message.to) == {cast.editor.email, cast.reviewer.user.email}
    # The reader is told, beside the reference; the reviewed text is unchanged.
    page = Client().get(f"/articles/{article.slug}/").content.decode()
    assert "Retracted in 2012" in page
    assert article.live_revision.hash_matches


def test_pubmed_marks_a_retracted_publication_on_the_full_check(
    cast, update_list, django_capture_on_commit_callbacks
):
    article = live_article(cast, "vitamins", pmid=RETRACTED_PMID)
    report = run(django_capture_on_commit_callbacks)
    notices = SourceNotice.objects.filter(kind="pmid", value=RETRACTED_PMID)
    # The record also lists an erratum (RefSource only): a correction, shown.
    assert sorted(notices.values_list("type", flat=True)) == [
        "correction",
        "retraction",
    ]
    notice = notices.get(type="retraction")
    assert (notice.type, notice.notice, notice.source) == (
        "retraction",
        "11905463",
        "PubMed",
    )
    assert notice.notice_date.year == 2001  # from "J Biol Chem. 2001 Mar 30;..."
    assert notice.notice_url == "https://pubmed.ncbi.nlm.nih.gov/11905463/"
    article.refresh_from_db()
    assert article.rereview_requested_at is not None
    assert report.works_checked == 1


def test_a_publication_queues_the_check_of_what_it_cites(
    cast, update_list, django_capture_on_commit_callbacks
):
    """Found the day it goes live, by a worker, not on the rotation's turn."""
    article = ArticleFactory(
        created_by=cast.editor, slug="vitamins", body="Walking helps [@src]."
    )
    ReferenceFactory(article=article, key="src", doi="", pmid=RETRACTED_PMID)
    revision = approve(submit(article, cast), cast)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        workflow.publish(revision, by=cast.chief)
    assert not SourceNotice.objects.exists()  # the click waited for no registry
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    notice = SourceNotice.objects.get(kind="pmid", type="retraction")
    assert notice.value == RETRACTED_PMID
    article.refresh_from_db()
    assert article.rereview_requested_at is not None
    assert SourceCheck.objects.filter(kind="pmid", value=RETRACTED_PMID).exists()


def test_the_update_list_is_matched_against_cited_works_only(
    cast, update_list, django_capture_on_commit_callbacks
):
    live_article(cast, "listed", doi=LISTED_DOI)
    report = run(django_capture_on_commit_callbacks)
    assert report.updates_read == 8  # the recorded page's eight notices
    stored = set(SourceNotice.objects.values_list("value", "type"))
    assert stored == {(LISTED_DOI, "correction")}  # the other seven are not cited
    # The list was asked for the window since the last run, and the next run
    # starts where this one ended.
    (list_url,) = [u for u in update_list.urls() if "is-update" in u]
    assert "from-index-date" in list_url and "until-index-date" in list_url


def test_a_work_is_checked_in_full_only_once_per_rotation(
    cast, update_list, django_capture_on_commit_callbacks
):
    live_article(cast, "walking", doi=CORRECTED_DOI)
    run(django_capture_on_commit_callbacks)
    first = SourceCheck.objects.get(value=CORRECTED_DOI).checked_at
    requests_before = len(update_list.requests)
    run(django_capture_on_commit_callbacks)  # the next day
    work_requests = [
        u for u in update_list.urls()[requests_before:] if "pone.0033693" in u
    ]
    assert work_requests == []
    later = timezone.now() + timezone.timedelta(days=watch.ROTATION_DAYS + 1)
    run(django_capture_on_commit_callbacks, now=later)
    assert SourceCheck.objects.get(value=CORRECTED_DOI).checked_at > first
    assert SourceNotice.objects.count() == 1  # found again, stored once


def test_a_withdrawn_article_is_not_watched(
    cast, update_list, django_capture_on_commit_callbacks
):
    article = live_article(cast, "walking", doi=CORRECTED_DOI)
    workflow.withdraw(article, by=cast.chief, reason="Outdated.")
    report = run(django_capture_on_commit_callbacks)
    assert report.works_checked == 0


def test_the_command_reports_what_it_could_not_check_and_fails(
    cast, registries, django_capture_on_commit_callbacks
):
    registries.answer(lambda r: True, timeout)
    live_article(cast, "walking", doi=CORRECTED_DOI)
    live_article(cast, "running", doi="10.1136/jclinpath-2020-206745")
    before = len(registries.requests)
    with pytest.raises(CommandError, match="could not be made"):
        call_command("check_references")
    assert not SourceCheck.objects.exists()  # tried again next time
    # Crossref timed out once: the other work waits for tomorrow, not for it.
    asked = [u for u in registries.urls()[before:] if "/works/" in u]
    assert len(asked) == 1


def test_submitting_a_draft_citing_a_retracted_work_needs_a_chief_editor_and_a_reason(
    cast,
):
    SourceNotice.objects.create(
        kind="pmid",
        value=RETRACTED_PMID,
        type="retraction",
        notice="11905463",
        source="PubMed",
    )
    article = ArticleFactory(created_by=cast.editor, body="As shown [@src].")
    ReferenceFactory(article=article, key="src", doi="", pmid=RETRACTED_PMID)
    with pytest.raises(
        WorkflowError, match=r"cites retracted or withdrawn work: \[@src\]"
    ):
        submit(article, cast)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(
            article,
            by=cast.editor,
            assignees=assignees(cast, cast.reviewer),
            retraction_reason="Why.",
        )
    revision = workflow.submit_for_review(
        article,
        by=cast.chief,
        assignees=assignees(cast, cast.reviewer),
        retraction_reason="The article explains this retraction.",
    )
    override = revision.events.get(action=ReviewEvent.Action.OVERRIDE)
    assert override.actor == cast.chief
    assert (
        "[@src]" in override.comment and "explains this retraction" in override.comment
    )


def test_the_submit_page_asks_a_chief_editor_for_the_reason(cast):
    SourceNotice.objects.create(
        kind="pmid", value=RETRACTED_PMID, type="retraction", source="PubMed"
    )
    article = ArticleFactory(created_by=cast.editor, body="As shown [@src].")
    ReferenceFactory(article=article, key="src", doi="", pmid=RETRACTED_PMID)
    url = reverse("admin:articles_article_submit", args=[article.pk])
    data = {**step_choices(cast), "change_note": "First version."}
    editor = Client()
    editor.force_login(cast.editor)
    page = editor.post(url, data).content.decode()
    assert "cites retracted or withdrawn work: [@src]" in page
    assert "retraction_reason" not in page  # an editor is not offered the override
    chief = Client()
    chief.force_login(cast.chief)
    response = chief.post(url, {**data, "retraction_reason": "It explains it."})
    assert response.status_code == 302
    assert article.revisions.count() == 1


def test_the_editor_sees_a_correction_on_the_article_form(
    cast, update_list, django_capture_on_commit_callbacks
):
    article = live_article(cast, "walking", doi=CORRECTED_DOI)
    run(django_capture_on_commit_callbacks)
    editor = Client()
    editor.force_login(cast.editor)
    form = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = form.content.decode()
    assert "What the registries say about works the live text cites" in text
    assert "[@src] Corrected in 2012 (Crossref (publisher))" in text
