"""Structured data (schema.org JSON-LD) for article pages.

Everything is built from objects the article view has already loaded (the
article with its topic, live revision and deciding reviewer, the prefetched
authors, and the revision's frozen reference list), so adding it to a page
costs no database query. Only schema.org types and properties are used.
"""

import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import StepKind
from articles.references import DOI_RE, PMCID_RE, PMID_RE, reference_links

# Inside <script>, "</script>" or "<!--" in a title would end or confuse the
# element; escaping <, > and & in the JSON text makes that impossible while
# keeping the JSON identical once parsed.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


# Reference authors (see reference_authors). AMA gives a person as surname and
# up to four initials, with an optional generational suffix; organisations are
# written out, though some end in what looks like initials ("Cancer Research
# UK"), so words that name a body rule a name out.
_ET_AL = re.compile(r"^et\.?\s*al\.?$", re.I)
_AMA_PERSON = re.compile(
    r"^(?P<surname>[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,3})"
    r"\s+[A-Z]{1,4}(?:\s+(?:Jr|Sr|II|III|IV|2nd|3rd|4th))?$"
)
_SURNAME_PARTICLES = {
    "al", "bin", "da", "de", "del", "della", "der", "di", "do", "dos", "du",
    "el", "la", "le", "st", "st.", "ten", "ter", "van", "von",
}  # fmt: skip
_ORGANISATION_WORDS = {
    "academy", "agency", "alliance", "association", "authority", "board",
    "centre", "center", "college", "collaboration", "collaborators",
    "commission", "committee", "consortium", "council", "department",
    "excellence", "federation", "foundation", "group", "health", "institute",
    "ministry", "network", "office", "organisation", "organization", "panel",
    "research", "service", "services", "society", "trust", "university",
}  # fmt: skip

CITATION_TYPES = {
    "journal": "ScholarlyArticle",
    "book": "Book",
    "guideline": "CreativeWork",
    "web": "WebPage",
}


def absolute_url(path):
    """Return PATH (a site path such as /articles/x/) as an absolute URL."""
    return f"{settings.SITE_URL}{path}"


def language_tag():
    """Return the site language as a BCP 47 tag, e.g. en-GB."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}-{region.upper()}" if region else language


def script_json(data):
    """Return DATA as JSON text that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def website():
    """Return the schema.org WebSite node for this site."""
    return {
        "@type": "WebSite",
        "@id": absolute_url("/#website"),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
    }


def publisher():
    """Return the schema.org Organization that publishes the site.

    It names the publisher, its postal address and contact address from the
    settings (PUBLISHER_NAME etc.), as the About page does; without a
    PUBLISHER_NAME it falls back to the site name.
    """
    node = {
        "@type": "Organization",
        "@id": absolute_url("/#organization"),
        "name": settings.PUBLISHER_NAME or settings.SITE_NAME,
        "url": absolute_url("/"),
        "publishingPrinciples": absolute_url(reverse("editorial-policy")),
    }
    if settings.PUBLISHER_ADDRESS:
        node["address"] = settings.PUBLISHER_ADDRESS
    if settings.CONTACT_EMAIL:
        node["email"] = settings.CONTACT_EMAIL
    return node


def person(profile, job_title=""):
    """Return a schema.org Person for an Author or MedicalReviewer PROFILE."""
    node = {
        "@type": "Person",
        "name": profile.name,
        "url": absolute_url(profile.get_absolute_url()),
    }
    if profile.credentials:
        node["honorificSuffix"] = profile.credentials
    if job_title:
        node["jobTitle"] = job_title
    same_as = [
        link["url"]
        for link in profile.profile_links or []
        if isinstance(link, dict) and str(link.get("url", "")).startswith("https://")
    ]
    if same_as:
        node["sameAs"] = same_as
    return node


def reference_authors(text):
    """Return the schema.org Person and Organization nodes for a reference's authors.

    TEXT is the AMA author list editors type ("Smith J, Jones AB, et al").
    "et al" names nobody and is dropped. A name in AMA's personal form, a
    surname and then initials, is a Person; anything else ("World Health
    Organization", "NICE") is an Organization. When no name is personal the
    whole text is one organisation, since an organisation's name may itself
    contain a comma ("Department of Health, Ireland").
    """
    names = [name.strip() for name in re.split(r"[,;]", text or "")]
    names = [name for name in names if name and not _ET_AL.match(name)]
    if not any(is_personal_name(name) for name in names):
        return [{"@type": "Organization", "name": ", ".join(names)}] if names else []
    return [
        {"@type": "Person" if is_personal_name(name) else "Organization", "name": name}
        for name in names
    ]


def is_personal_name(name):
    """Return whether NAME reads as a person in AMA style: "Smith J", "van Dijk AB"."""
    match = _AMA_PERSON.match(name)
    if not match:
        return False
    words = match.group("surname").split()
    capitalised = [word for word in words if word.lower() not in _SURNAME_PARTICLES]
    return 0 < len(capitalised) <= 2 and not any(
        word.lower() in _ORGANISATION_WORDS for word in words
    )


def citation(ref):
    """Return a schema.org CreativeWork (usually ScholarlyArticle) for REF."""
    node = {
        "@type": CITATION_TYPES.get(ref.get("kind"), "CreativeWork"),
        "name": ref.get("title", ""),
    }
    authors = reference_authors(ref.get("authors"))
    if authors:
        node["author"] = authors
    if ref.get("year"):
        node["datePublished"] = str(ref["year"])
    container = ref.get("container")
    if container and ref.get("kind") == "journal":
        node["isPartOf"] = {"@type": "Periodical", "name": container}
    elif container:
        node["publisher"] = {"@type": "Organization", "name": container}
    links = reference_links(ref)
    if links:
        node["url"] = links[0][1]
        node["sameAs"] = [url for _, url in links]
    identifiers = [
        {"@type": "PropertyValue", "propertyID": label, "value": value}
        for label, value, valid in (
            ("DOI", (ref.get("doi") or "").strip(), DOI_RE),
            ("PMID", str(ref.get("pmid") or "").strip(), PMID_RE),
            ("PMCID", (ref.get("pmcid") or "").strip().upper(), PMCID_RE),
        )
        if valid.match(value)
    ]
    if identifiers:
        node["identifier"] = identifiers
    return node


def breadcrumbs(article, revision):
    """Return the schema.org BreadcrumbList: home, topic, article."""
    trail = [
        ("Home", absolute_url(reverse("articles:home"))),
        (article.topic.name, absolute_url(article.topic.get_absolute_url())),
        (revision.title, absolute_url(article.get_absolute_url())),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def credited_person(entry):
    """Return a schema.org Person for one frozen byline ENTRY (see views).

    The name and credentials are those frozen with the revision. The profile
    URL, job title and sameAs links come from the author's profile; when that
    profile has been deleted the Person has no url, just as the visible byline
    then has no link (docs/public-site.md says why).
    """
    profile = entry.get("profile")
    node = person(profile, profile.job_title) if profile else {"@type": "Person"}
    node["name"] = entry["name"]
    node.pop("honorificSuffix", None)
    if entry.get("credentials"):
        node["honorificSuffix"] = entry["credentials"]
    return node


def step_person(step):
    """Return a schema.org Person for whoever approved STEP, as frozen then."""
    node = {"@type": "Person", "name": step.attribution.get("name", "")}
    if step.attribution.get("credentials"):
        node["honorificSuffix"] = step.attribution["credentials"]
    if step.profile_url:
        node["url"] = absolute_url(step.profile_url)
    node["jobTitle"] = {
        StepKind.FACT_CHECK: "Fact checker",
        StepKind.MEDICAL_REVIEW: "Medical reviewer",
        StepKind.CLINICAL_SIGNOFF: "Senior clinical reviewer",
    }[step.kind]
    return node


def article_page(*, article, revision, reviewer, byline=(), steps=()):
    """Return the JSON-LD dict for a live article page.

    A MedicalWebPage (review date, reviewer, audience, topic, site) whose
    main entity is the Article (dates, authors, publisher, citations), with
    the page's BreadcrumbList.
    """
    url = absolute_url(article.get_absolute_url())
    published = article.first_published_at or revision.published_at
    main_entity = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": revision.title,
        "description": revision.summary,
        "url": url,
        "inLanguage": language_tag(),
        "articleSection": article.topic.name,
        "datePublished": published.isoformat() if published else None,
        "dateModified": revision.published_at.isoformat()
        if revision.published_at
        else None,
        "author": [credited_person(entry) for entry in byline],
        "publisher": publisher(),
        "publishingPrinciples": absolute_url(reverse("editorial-policy")),
    }
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": revision.title,
        "description": revision.summary,
        "inLanguage": language_tag(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": {
            "@type": "Thing",
            "name": article.topic.name,
            "url": absolute_url(article.topic.get_absolute_url()),
        },
        "isPartOf": website(),
        "breadcrumb": breadcrumbs(article, revision),
        "mainEntity": main_entity,
    }
    clinical = [step_person(s) for s in steps if s.kind != StepKind.FACT_CHECK]
    checkers = [step_person(s) for s in steps if s.kind == StepKind.FACT_CHECK]
    if clinical:
        # The names frozen at approval, not today's profiles.
        page["reviewedBy"] = clinical[0] if len(clinical) == 1 else clinical
        if reviewer is not None and reviewer.specialty:
            clinical[0]["knowsAbout"] = reviewer.specialty
    if checkers:
        # schema.org has no "fact checked by"; contributor is the closest.
        page["contributor"] = checkers[0] if len(checkers) == 1 else checkers
    if revision.decided_at:
        # The local date, as printed in the page's review line.
        page["lastReviewed"] = timezone.localdate(revision.decided_at).isoformat()
    page = _without_empty(page)
    citations = frozen_citations(revision)
    if citations:
        page["mainEntity"]["citation"] = citations
    return page


# Citation nodes by (revision id, content hash); see frozen_citations.
_CITATIONS = {}
CITATIONS_CACHED = 2048


def frozen_citations(revision):
    """Return the schema.org citations of REVISION's cited references, by first use.

    The order is the one the renderer numbered when the revision was frozen
    (Revision.cited_keys). They never change, so each process builds them once
    per revision (they were the largest part of building a page's JSON-LD).
    Callers must not modify them.
    """
    key = (revision.pk, revision.content_hash)
    cached = _CITATIONS.get(key) if revision.pk else None
    if cached is None:
        by_key = {ref.get("key"): ref for ref in revision.references or []}
        cached = [
            _without_empty(citation(by_key[cited]))
            for cited in revision.cited_keys
            if cited in by_key
        ]
        if revision.pk:
            if len(_CITATIONS) >= CITATIONS_CACHED:
                _CITATIONS.clear()
            _CITATIONS[key] = cached
    return cached


def _without_empty(node):
    """Return NODE with None values and empty lists removed, recursively."""
    if isinstance(node, dict):
        return {
            k: _without_empty(v) for k, v in node.items() if v is not None and v != []
        }
    if isinstance(node, list):
        return [_without_empty(v) for v in node]
    return node
