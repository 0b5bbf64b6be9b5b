from django.conf import settings


def site(request):
    """Return the site's name, base URL and publisher details for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "PUBLISHER_NAME": settings.PUBLISHER_NAME,
        "PUBLISHER_ADDRESS": settings.PUBLISHER_ADDRESS,
        "RESPONSIBLE_EDITOR": settings.RESPONSIBLE_EDITOR,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
