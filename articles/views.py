"""Public pages. Each renders frozen HTML from live revisions; no Markdown here."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date

from . import cache as page_cache
from .lists import lists_around
from .models import Article, Author, MedicalReviewer, Revision, Topic


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "recent": Article.objects.for_listing()[:12],
            "topics": Topic.objects.all(),
        },
    )


def article_detail(request, slug):
    article = (
        Article.objects.select_related(
            "topic", "live_revision", "live_revision__decided_by"
        )
        .filter(slug=slug, live_revision__isnull=False)
        .first()
    )
    if article is None:
        raise Http404("No published article here.")
    if article.withdrawn_at is not None:
        return render(
            request, "articles/withdrawn.html", {"article": article}, status=410
        )
    also_read, related, recent = lists_around(article)
    byline = credited_authors(article.live_revision)
    history = (
        Revision.objects.filter(article=article, published_at__isnull=False)
        .select_related("decided_by")
        .only(
            "number",
            "published_at",
            "change_note",
            "decided_by__name",
            "decided_by__slug",
            "decided_by__credentials",
        )
        .order_by("-published_at")
    )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": article.live_revision,
            "reviewer": article.live_revision.decided_by,
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


def credited_authors(revision):
    """Return REVISION's frozen byline, each entry with its author's profile.

    Names and credentials are those frozen with the revision; the profile (for
    the link and structured data) is None if it no longer exists.
    """
    profiles = Author.objects.in_bulk([entry["id"] for entry in revision.byline])
    return [
        {**entry, "profile": profiles.get(entry["id"])} for entry in revision.byline
    ]


def corrections(request):
    """List recent updates across the site: published revisions after the first.

    The first publication is the revision published when the article first went
    live, whatever its number: earlier revisions may have been sent back.
    """
    updates = (
        Revision.objects.filter(
            published_at__gt=F("article__first_published_at"),
            article__withdrawn_at__isnull=True,
        )
        .select_related("article", "decided_by")
        .only(
            "title",
            "number",
            "change_note",
            "published_at",
            "article__slug",
            "decided_by__name",
            "decided_by__credentials",
            "decided_by__slug",
        )
        .order_by("-published_at")[:50]
    )
    return render(request, "articles/corrections.html", {"updates": updates})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "articles": Article.objects.for_listing().filter(topic=topic)},
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
            "articles": Article.objects.for_listing().filter(
                live_revision__credited=author
            ),
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
            "articles": Article.objects.for_listing().filter(
                live_revision__decided_by=reviewer
            ),
        },
    )


def search(request):
    """Search live articles; any query string gives a normal page, never an error."""
    from . import search as site_search

    query, page = site_search.search(
        request.GET.get("q", ""), request.GET.get("page", 1)
    )
    return render(
        request,
        "articles/search.html",
        {"query": query, "page": page, "results": page.object_list},
    )
