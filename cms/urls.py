import os

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from articles.editorial import endpoints as editor
from articles.editorial import outside, previews
from articles.public.feeds import LatestArticlesFeed, TopicArticlesFeed
from articles.public.sitemaps import SITEMAPS
from cms import health, pages
from core.admin_lists import guard_lists

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted"
admin.site.index_title = "Articles, review and feedback"
# Every app has registered its admins by now (articles registers its own in ready()).
guard_lists(admin.site)

handler400 = "cms.errors.bad_request"
handler500 = "cms.errors.server_error"

urlpatterns = [
    # django-markdownx's own views are open to anyone; ours sit behind a staff
    # check at the same URLs, which the editor widget posts to.
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload_image, name="markdownx_upload"),
    # Staff previews in the public layout; under /admin/ so that no cache or
    # crawler touches them (articles/editorial/previews.py).
    path(
        "admin/preview/articles/<int:pk>/",
        previews.preview_article,
        name="preview-article",
    ),
    path(
        "admin/preview/revisions/<int:pk>/",
        previews.preview_revision,
        name="preview-revision",
    ),
    path("admin/", admin.site.urls),
    # A clinician outside the team, through their signed link: never cached or
    # crawled (cms/middleware.py, cms/pages.py, deploy/nginx/vetted.conf).
    path(
        "outside-review/<str:token>/",
        outside.review_page,
        name="outside-review",
    ),
    path(
        "disclaimer/",
        TemplateView.as_view(template_name="pages/disclaimer.html"),
        name="disclaimer",
    ),
    path(
        "editorial-policy/",
        pages.EditorialPolicyView.as_view(),
        name="editorial-policy",
    ),
    # Trust pages, linked from every footer.
    path(
        "about/",
        TemplateView.as_view(template_name="pages/about.html"),
        name="about",
    ),
    path(
        "contact/",
        TemplateView.as_view(template_name="pages/contact.html"),
        name="contact",
    ),
    path(
        "advertising-policy/",
        TemplateView.as_view(template_name="pages/advertising_policy.html"),
        name="advertising-policy",
    ),
    path(
        "privacy/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    # Machine-readable views of the public site.
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("feeds/articles/", LatestArticlesFeed(), name="feeds-articles"),
    path("feeds/topics/<slug:slug>/", TopicArticlesFeed(), name="feeds-topic"),
    path("healthz", health.healthz, name="healthz"),
    path("feedback/", include("feedback.urls")),
    path("", include("articles.public.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if os.environ.get("BENCH_CEILING_FILE"):  # `make bench` only
    from bench.ceiling import ceiling

    urlpatterns.insert(0, path("__bench__/ceiling/", ceiling))
