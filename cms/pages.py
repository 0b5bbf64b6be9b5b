"""Small site-wide views: robots.txt and the fixed trust pages."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

# Crawlers have no business in the editorial admin or the editor's endpoints.
DISALLOWED_PATHS = ("/admin/", "/markdownx/")


@require_safe
def robots_txt(request):
    """Return robots.txt: no crawling of the admin or editor; where the sitemap is."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class ContactPage(TemplateView):
    """The contact page; it shows CONTACT_EMAIL when the settings define one."""

    template_name = "pages/contact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_email"] = getattr(settings, "CONTACT_EMAIL", "")
        return context
