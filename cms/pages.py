"""Small site-wide views: robots.txt, the editorial policy."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

# Crawlers have no business in the editorial admin or the editor's endpoints.
DISALLOWED_PATHS = ("/admin/", "/markdownx/", "/outside-review/")


@require_safe
def robots_txt(request):
    """Return robots.txt: no crawling of the admin or editor; where the sitemap is."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class EditorialPolicyView(TemplateView):
    """The editorial policy, quoting the limits the integrity checks apply."""

    template_name = "pages/editorial_policy.html"

    def get_context_data(self, **kwargs):
        from articles import integrity

        context = super().get_context_data(**kwargs)
        context["max_reference_age_years"] = integrity.max_reference_age_years()
        return context
