"""The admin home's dashboard panels (templates/admin/index.html)."""

from django import template

from articles.editorial.dashboard import dashboard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    """Return the dashboard panels of the signed-in user, for the admin index."""
    request = context.get("request")
    if request is None or not request.user.is_active:
        return []
    return dashboard_for(request.user)
