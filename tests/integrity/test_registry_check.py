"""At submission the integrity report compares each reference with its registry.

The registries' answers are the real recorded responses in
../shared/fixtures/registries (see its SOURCES.md), served by the fake
registries of tests/evidence/conftest.py; a request with no recording gets a
bare 404. No answer is written here: the references vary, as an editor would
type them.
"""

import functools

import httpx
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from articles import integrity
from articles.evidence import registries as registry_lookups
from articles.evidence.client import RegistryClient
from articles.integrity import config, registry
from tests.evidence.conftest import (
    MISSING,
    REGISTRY_FIXTURES,
    FakeClock,
    FakeRegistries,
    require_registry_fixtures,
    timeout,
    to,
)
from tests.factories import ArticleFactory, ReferenceFactory, submit

require_registry_fixtures()

JCLINPATH = "10.1136/jclinpath-2020-206745"
NEUROBIOL_AGING = "10.1016/j.neurobiolaging.2010.03.024"
PLOS_CORRECTED = "10.1371/journal.pone.0033693"
UNREGISTERED = "10.1136/bmj.m1234"  # no recording: the fake answers 404
CELL_REP_PMID = "35649368"  # PubMed lists an erratum
NEJM_PMID = "23121403"
UNREADABLE_PMID = "10066780"  # stored without its PubmedArticleSet

# J Clin Pathol 2021;74(5):314-320, typed as an editor would.
TYPED = {
    "key": "xu2021",
    "kind": "journal",
    "authors": "Xu J, Qu S, Sun N",
    "title": (
        "Construction of a reference material panel for detecting "
        "KRAS/NRAS/EGFR/BRAF/MET mutations in plasma ctDNA"
    ),
    "container": "J Clin Pathol",
    "year": 2021,
    "doi": JCLINPATH,
    "pmid": "",
    "pmcid": "",
}


def typed(**changes):
    return {**TYPED, **changes}


@pytest.fixture
def fake(monkeypatch):
    """The fake registries, also the default transport (the report's own look-ups)."""
    if not REGISTRY_FIXTURES.is_dir():
        pytest.skip(MISSING)
    found = FakeRegistries(REGISTRY_FIXTURES, FakeClock())
    monkeypatch.setattr(
        "articles.evidence.client.transport", httpx.MockTransport(found)
    )
    return found


@pytest.fixture
def lookup(fake):
    """The registries' look-up, on the fake registries and the fake clock."""
    with RegistryClient(
        transport=httpx.MockTransport(fake),
        clock=fake.clock.time,
        sleep=fake.clock.sleep,
    ) as client:
        yield functools.partial(registry_lookups.lookup, client=client)


def check_one(ref, lookup):
    section = registry.check([ref], lookup=lookup)
    [entry] = section["references"]
    return entry


# What agrees ---------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        # Case, punctuation, spacing and a closing full stop are no difference.
        {"title": TYPED["title"].upper() + "."},
        {"title": TYPED["title"].replace("KRAS/NRAS", "KRAS, NRAS") + "  "},
        # The journal by its abbreviation or its full title, stops or none.
        {"container": "Journal of Clinical Pathology"},
        {"container": "J. Clin. Pathol."},
        {"container": "The Journal of Clinical Pathology"},
        # The first author by surname, without case or accents.
        {"authors": "Xú J, Qu S"},
        {"authors": "XU J, QU S"},
    ],
)
def test_a_reference_typed_as_registered_agrees(lookup, changes):
    entry = check_one(typed(**changes), lookup)

    assert entry["status"] == "agrees"
    assert entry["differences"] == []
    assert entry["message"] == "The registry's record agrees with the reference."
    assert entry["identifier"] == {
        "kind": "doi",
        "label": "DOI",
        "value": JCLINPATH,
        "url": f"https://doi.org/{JCLINPATH}",
    }
    assert entry["registry"]["title"] == TYPED["title"]
    assert entry["registry"]["authors"] == ["Xu J", "Qu S", "Sun N"]
    assert entry["registry"]["container"] == "J Clin Pathol"
    assert entry["registry"]["year"] == 2021
    assert entry["registry"]["sources"] == ["crossref"]
    # The ID converter's "knows no article" is a step, not news about the work.
    assert entry["notices"] == []


def test_an_nlm_abbreviation_agrees_with_a_full_title_crossref_alone_gives(lookup):
    entry = check_one(
        {
            "key": "lee2012",
            "authors": "Lee HJ, Lee JK, Lee H",
            "title": (
                "Human umbilical cord blood-derived mesenchymal stem cells improve "
                "neuropathology and cognitive impairment in an Alzheimer's disease "
                "mouse model through modulation of neuroinflammation"
            ),
            "container": "Neurobiol Aging",
            "year": 2012,
            "doi": NEUROBIOL_AGING,
        },
        lookup,
    )

    assert entry["registry"]["container"] == "Neurobiology of Aging"
    assert entry["status"] == "agrees"


def test_a_title_without_its_subtitle_agrees_but_not_a_different_subtitle():
    registered = "Walking and blood pressure: a randomised trial"

    assert registry.titles_agree("Walking and blood pressure", registered)
    assert registry.titles_agree(
        "Walking and Blood-Pressure: A Randomised Trial.", registered
    )
    assert not registry.titles_agree("Walking and blood pressure: a cohort", registered)
    assert not registry.titles_agree("Walking", registered)
    # The typed title may be the shorter one, never the registry's.
    assert not registry.titles_agree(registered, "Walking and blood pressure")


def test_a_reference_by_pmid_is_checked_against_pubmed(lookup):
    entry = check_one(
        {
            "key": "brighton2012",
            "authors": "Brighton TA, Eikelboom JW",
            "title": (
                "Low-dose aspirin for preventing recurrent venous thromboembolism."
            ),
            "container": "N Engl J Med",
            "year": 2012,
            "pmid": NEJM_PMID,
        },
        lookup,
    )

    assert entry["status"] == "agrees"
    assert entry["identifier"]["url"] == f"https://pubmed.ncbi.nlm.nih.gov/{NEJM_PMID}/"
    assert entry["registry"]["sources"] == ["pubmed"]
    assert entry["registry"]["doi"] == "10.1056/NEJMoa1210384"


# What differs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "difference"),
    [
        ({"year": 2020}, {"field": "year", "typed": 2020, "registry": 2021}),
        ({"year": None}, {"field": "year", "typed": None, "registry": 2021}),
        (
            {"title": "A reference panel for plasma ctDNA"},
            {
                "field": "title",
                "typed": "A reference panel for plasma ctDNA",
                "registry": TYPED["title"],
            },
        ),
        (
            {"authors": "Qu S, Xu J"},
            {"field": "first_author", "typed": "Qu S", "registry": "Xu J"},
        ),
        (
            {"container": "J Clin Oncol"},
            {
                "field": "container",
                "typed": "J Clin Oncol",
                "registry": "J Clin Pathol (Journal of Clinical Pathology)",
            },
        ),
    ],
    ids=["year", "no-year", "title", "first-author", "journal"],
)
def test_each_difference_is_reported_with_typed_and_registry_values(
    lookup, changes, difference
):
    section = registry.check([typed(**changes)], lookup=lookup)

    [entry] = section["references"]
    assert entry["status"] == "differs"
    assert entry["differences"] == [difference]
    assert entry["message"].startswith("The registry's record differs in the ")
    assert (section["checked"], section["agrees"], section["differs"]) == (1, 0, 1)


def test_several_differences_are_named_in_one_message(lookup):
    entry = check_one(typed(year=2019, authors="Sun N"), lookup)

    assert [d["field"] for d in entry["differences"]] == ["year", "first_author"]
    assert entry["message"] == (
        "The registry's record differs in the year and the first author: check "
        "that the reference and its identifier are the same work."
    )


def test_a_correction_or_an_erratum_is_a_notice(lookup):
    corrected = check_one(
        {
            "key": "sadasivan2012",
            "authors": "Sadasivan S",
            "title": (
                "Methylphenidate exposure induces dopamine neuron loss and "
                "activation of microglia in the basal ganglia of mice"
            ),
            "container": "PLoS One",
            "year": 2012,
            "doi": PLOS_CORRECTED,
        },
        lookup,
    )
    erratum = check_one(
        {"key": "li2022", "title": "Fatty acid oxidation", "pmid": CELL_REP_PMID},
        lookup,
    )

    assert corrected["status"] == "agrees"
    [notice] = corrected["notices"]
    assert notice.startswith("Crossref lists an update to this work: Correction")
    # Crossref has no record of its DOI: a failed step, not a notice.
    assert erratum["notices"] == [
        "PubMed lists an erratum for this article (Cell Rep. 2022 Jun 28;39(13):"
        "111044. doi: 10.1016/j.celrep.2022.111044)."
    ]


# What the registry could not say ----------------------------------------------


def test_a_doi_no_registry_knows_is_unresolved(lookup):
    entry = check_one(typed(doi=UNREGISTERED), lookup)

    assert entry["status"] == "unresolved"
    assert entry["message"] == (
        f"The DOI does not resolve: no work with DOI {UNREGISTERED} is registered "
        "at Crossref. Check the identifier against the source."
    )
    assert entry["registry"] is None


def test_a_malformed_identifier_is_unresolved_and_never_asked(fake, lookup):
    entry = check_one(typed(doi="10.1136 bmj"), lookup)

    assert entry["status"] == "unresolved"
    assert entry["message"] == (
        "The DOI does not resolve: “10.1136 bmj” is not a well-formed DOI. Check "
        "the identifier against the source."
    )
    assert entry["identifier"]["url"] == ""
    assert fake.requests == []


def test_a_timeout_leaves_the_reference_unchecked_and_asks_no_more(fake, lookup):
    fake.answer(to("crossref"), timeout)
    refs = [typed(), typed(key="lee2012", doi=NEUROBIOL_AGING)]

    section = registry.check(refs, lookup=lookup)

    first, second = section["references"]
    assert first["status"] == second["status"] == "unchecked"
    assert first["message"] == (
        "Not checked: the registry could not be asked (Crossref did not answer "
        "within 10 seconds). This does not block submission; compare the "
        "reference with its source by hand."
    )
    assert "a moment ago, so it was not asked again" in second["message"]
    assert NEUROBIOL_AGING not in " ".join(fake.urls())
    assert (section["checked"], section["unchecked"]) == (0, 2)

    # The submission after the submit page does not wait for it again either.
    asked = len(fake.requests)
    again = registry.check(refs, lookup=lookup)
    assert again["unchecked"] == 2 and len(fake.requests) == asked


def test_an_unreadable_answer_is_unchecked_and_the_next_reference_still_asked(
    lookup,
):
    refs = [{"key": "odd", "title": "CREB", "pmid": UNREADABLE_PMID}, typed()]

    first, second = registry.check(refs, lookup=lookup)["references"]

    assert first["status"] == "unchecked"
    assert (
        "PubMed answered with something that is not a PubMed record"
        in (first["message"])
    )
    assert second["status"] == "agrees"


def test_the_check_stops_asking_after_its_time(fake, lookup):
    ticks = iter([0, 1, registry.BUDGET_SECONDS + 1])
    refs = [typed(), typed(key="lee2012", doi=NEUROBIOL_AGING)]

    first, second = registry.check(refs, lookup=lookup, clock=lambda: next(ticks))[
        "references"
    ]

    assert first["status"] == "agrees"
    assert second["status"] == "unchecked"
    assert "the check stops after 20 seconds" in second["message"]
    assert NEUROBIOL_AGING not in " ".join(fake.urls())


def test_a_failing_look_up_never_stops_the_report():
    def broken(identifier):
        raise RuntimeError("a bug")

    entry = check_one(typed(), broken)

    assert entry["status"] == "unchecked"
    assert "the check failed unexpectedly" in entry["message"]


def test_the_doi_comes_first_then_the_pmid_and_references_without_are_counted(
    lookup,
):
    refs = [
        typed(pmid=NEJM_PMID),
        {"key": "who2023", "title": "Guideline on physical activity"},
        {"key": "pmc", "title": "A paper", "pmcid": "PMC2883744"},
    ]

    section = registry.check(refs, lookup=lookup)

    by_pmid, by_pmcid = section["references"]
    assert by_pmid["identifier"]["kind"] == "doi"
    assert by_pmcid["identifier"]["kind"] == "pmcid"
    assert section["without_identifier"] == 1


# Submission, the review screen and the setting ---------------------------------


def draft_citing(cast, **changes):
    article = ArticleFactory(
        created_by=cast.editor, body="Plasma tests find mutations [@xu2021]."
    )
    fields = {k: v for k, v in typed(**changes).items() if k != "kind"}
    ReferenceFactory(article=article, **fields)
    return article


@pytest.fixture
def submitted(cast, django_capture_on_commit_callbacks):
    """Submit a draft and let the queued registry check run, as a worker would."""

    def run(article):
        with django_capture_on_commit_callbacks(execute=True):
            revision = submit(article, cast)
        revision.refresh_from_db()
        return revision

    return run


@pytest.mark.django_db
def test_the_report_stored_at_submission_has_the_registry_check(submitted, cast, fake):
    revision = submitted(draft_citing(cast, year=2020))

    found = revision.integrity["registry"]
    assert (found["checked"], found["differs"]) == (1, 1)
    [entry] = found["references"]
    assert entry["key"] == "xu2021"
    assert entry["differences"] == [{"field": "year", "typed": 2020, "registry": 2021}]
    assert not integrity.is_blocked(revision.integrity)


@pytest.mark.django_db
def test_a_submission_asks_no_registry_until_it_has_committed(
    client, cast, fake, django_capture_on_commit_callbacks
):
    """The editor's click and the article's row lock never wait for a registry."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        revision = submit(draft_citing(cast, year=2020), cast)
        assert fake.requests == []
    assert revision.integrity["registry"]["pending"] is True
    client.force_login(cast.reviewer.user)
    url = reverse("admin:articles_revision_change", args=[revision.pk])
    page = client.get(url).content.decode()
    assert "The registries are being asked about the references" in page

    for callback in queued:  # the worker's turn
        callback()
    assert fake.requests, "the worker asked the registries"
    page = client.get(url).content.decode()
    assert "being asked" not in page
    assert '<th scope="row">Year</th><td>2020</td><td>2021</td>' in page


@pytest.mark.django_db
def test_the_submit_page_asks_no_registry(client, cast, fake):
    client.force_login(cast.editor)
    article = draft_citing(cast, year=2020)
    page = client.get(reverse("admin:articles_article_submit", args=[article.pk]))
    assert page.status_code == 200
    assert fake.requests == []
    assert "checked against the registries once you submit" in page.content.decode()


@pytest.mark.django_db
def test_the_reviewer_sees_what_the_registry_says(submitted, client, cast, fake):
    revision = submitted(draft_citing(cast, year=2020))

    client.force_login(cast.reviewer.user)
    url = reverse("admin:articles_revision_change", args=[revision.pk])
    page = client.get(url).content.decode()

    assert "<h3>Registry check</h3>" in page
    assert f'<a href="https://doi.org/{JCLINPATH}">DOI {JCLINPATH}</a>' in page
    assert '<th scope="col">Registry says</th>' in page
    assert '<th scope="row">Year</th><td>2020</td><td>2021</td>' in page, (
        "the difference is shown as typed and as registered"
    )


@pytest.mark.django_db
def test_without_a_fake_registry_a_submission_says_unchecked(submitted, cast):
    # tests/conftest.py refuses every registry request: nothing leaves.
    revision = submitted(draft_citing(cast))

    [entry] = revision.integrity["registry"]["references"]
    assert entry["status"] == "unchecked"
    assert "Crossref could not be reached" in entry["message"]


def test_a_report_stored_before_the_registry_check_shows_no_such_section():
    report = integrity.build_report("Plain text.", registries=False)

    assert "registry" not in report
    assert "Registry check" not in render_to_string(
        "admin/articles/_integrity_report.html", {"report": report}
    )


@pytest.mark.django_db
def test_the_setting_off_leaves_the_section_out_and_asks_nothing(
    submitted, cast, fake, settings
):
    settings.INTEGRITY_CHECK_REGISTRIES = False

    revision = submitted(draft_citing(cast))

    assert "registry" not in revision.integrity
    assert fake.requests == []


def test_the_setting_reads_the_environment_and_refuses_nonsense(settings, monkeypatch):
    del settings.INTEGRITY_CHECK_REGISTRIES
    monkeypatch.setenv("INTEGRITY_CHECK_REGISTRIES", "off")
    assert integrity.check_registries() is False

    settings.INTEGRITY_CHECK_REGISTRIES = "sometimes"
    [error] = config.check_settings()
    assert "INTEGRITY_CHECK_REGISTRIES must be on or off" in error.msg
