"""Public pages. Each renders frozen HTML from live revisions; no Markdown here."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date

from articles.models import Author, FactChecker, MedicalReviewer, Topic

from . import cache as page_cache
from . import search as site_search
from . import selectors


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "recent": selectors.recent_articles(),
            "topics": Topic.objects.all(),
        },
    )


def article_detail(request, slug):
    article = selectors.article_for_page(slug)
    if article is None:
        raise Http404("No published article here.")
    if article.withdrawn_at is not None:
        return render(
            request, "articles/withdrawn.html", {"article": article}, status=410
        )
    also_read, related, recent = selectors.lists_around(article)
    byline = selectors.credited_authors(article.live_revision)
    history = list(selectors.publication_history(article))
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": article.live_revision,
            "references_html": selectors.references_with_notices(article.live_revision),
            "reviewer": article.live_revision.decided_by,
            # Who checked and reviewed it, as frozen at each approval.
            # (the live revision is in the history, with its steps prefetched).
            "review_steps": next(
                (
                    item.approved_steps
                    for item in history
                    if item.pk == article.live_revision_id
                ),
                [],
            ),
            "byline": byline,
            "also_read": also_read,
            "related": related,
            "recent": recent,
            "history": history,
        },
    )
    _set_validators(response, request, article.live_revision)
    return response


def _set_validators(response, request, revision):
    """Give RESPONSE an ETag and Last-Modified from REVISION and the page generation.

    The revision covers the article; the generation covers everything around
    it (lists, people, topic), so Last-Modified is the later of the two times.
    If the generation is unknown (cache down), a validator could confirm a page
    that has since changed, so none is sent.
    """
    generation = page_cache.for_request(request)
    if generation is None:
        return
    response["ETag"] = f'"{revision.content_hash[:20]}-{generation.token}"'
    changed = max(revision.published_at, generation.changed_at)
    response["Last-Modified"] = http_date(changed.timestamp())


def corrections(request):
    """List recent updates across the site (selectors.recent_updates)."""
    updates = selectors.recent_updates()
    return render(request, "articles/corrections.html", {"updates": updates})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "articles": selectors.topic_articles(topic)},
    )


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    return render(
        request,
        "articles/person_detail.html",
        {
            "person": author,
            "kind": "author",
            # Credited by the live revision's frozen byline, not the working copy.
            "articles": selectors.articles_by_author(author),
        },
    )


def reviewer_detail(request, slug):
    reviewer = get_object_or_404(MedicalReviewer, slug=slug)
    return render(
        request,
        "articles/person_detail.html",
        {
            "person": reviewer,
            "kind": "reviewer",
            "registration": reviewer.current_registration(),
            "articles": selectors.articles_reviewed_by(reviewer),
        },
    )


def fact_checker_detail(request, slug):
    checker = get_object_or_404(FactChecker, slug=slug)
    return render(
        request,
        "articles/person_detail.html",
        {
            "person": checker,
            "kind": "fact_checker",
            "articles": selectors.articles_fact_checked_by(checker),
        },
    )


def search(request):
    """Search live articles; any query string gives a normal page, never an error."""
    query, page = site_search.search(
        request.GET.get("q", ""), request.GET.get("page", 1)
    )
    return render(
        request,
        "articles/search.html",
        {"query": query, "page": page, "results": page.object_list},
    )
