"""Previews: a draft or any revision in the real public page layout, for staff only.

The page is the public article template with a "not public" banner, no
feedback widget, no structured data and ``noindex``. It lives under /admin/,
so the page cache and robots.txt already leave it alone; anyone who may not
see it gets the same 404 as a page that does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Revision
from articles.public import selectors
from articles.rendering import render_article


def _staff_only(request):
    user = request.user
    if not (
        user.is_active and user.is_staff and user.has_perm("articles.view_article")
    ):
        raise Http404("No such page.")


def _page(request, article, revision, banner):
    also_read, related, recent = selectors.lists_around(article)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": revision,
            "reviewer": revision.decided_by if revision.decided_at else None,
            "review_steps": selectors.review_steps(revision) if revision.pk else [],
            "byline": selectors.credited_authors(revision),
            "also_read": also_read,
            "related": related,
            "recent": recent,
            "history": selectors.publication_history(article),
            "preview": banner,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_article(request, pk):
    """Show ARTICLE's working copy, as it stands now, as readers would see it."""
    _staff_only(request)
    article = get_object_or_404(Article.objects.select_related("topic"), pk=pk)
    rendered = render_article(article.body, article.frozen_references(), strict=False)
    draft = Revision(
        article=article,
        title=article.title,
        summary=article.summary,
        body_html=rendered.body_html,
        references_html=rendered.references_html,
        byline=article.frozen_byline(),
    )
    banner = "Preview of the working copy, as saved: not public, and not reviewed."
    return _page(request, article, draft, banner)


def preview_revision(request, pk):
    """Show REVISION exactly as it would be published."""
    _staff_only(request)
    revision = get_object_or_404(
        Revision.objects.select_related("article__topic", "decided_by"), pk=pk
    )
    if revision.pk == revision.article.live_revision_id and not (
        revision.article.withdrawn_at
    ):
        banner = f"Preview of revision {revision.number}, the live revision."
    else:
        banner = (
            f"Preview of revision {revision.number} "
            f"({revision.get_decision_display().lower()}): not public."
        )
    return _page(request, revision.article, revision, banner)
