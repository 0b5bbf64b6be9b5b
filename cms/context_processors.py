from django.conf import settings


def site(request):
    """Return the site name and base URL for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
