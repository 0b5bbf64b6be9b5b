from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from articles import editor

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted"
admin.site.index_title = "Articles, review and feedback"

urlpatterns = [
    # django-markdownx's own views are open to anyone; ours sit behind a staff
    # check at the same URLs, which the editor widget posts to.
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload_image, name="markdownx_upload"),
    path("admin/", admin.site.urls),
    path(
        "disclaimer/",
        TemplateView.as_view(template_name="pages/disclaimer.html"),
        name="disclaimer",
    ),
    path(
        "editorial-policy/",
        TemplateView.as_view(template_name="pages/editorial_policy.html"),
        name="editorial-policy",
    ),
    path("feedback/", include("feedback.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
