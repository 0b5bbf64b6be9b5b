from django import template

from articles.editorial.times import when

register = template.Library()


@register.filter
def review_time(value):
    """Print VALUE as every editorial screen prints times (editorial/times.py)."""
    return when(value)
