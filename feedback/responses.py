"""Refusals to readers: JSON for the feedback script, a plain page otherwise."""

from django.http import JsonResponse
from django.shortcuts import render


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def refuse(request, message, status=400, form=None):
    """Return a clear refusal: JSON for the script, a page otherwise."""
    if wants_json(request):
        errors = form.errors.get_json_data() if form is not None else {}
        return JsonResponse({"error": message, "fields": errors}, status=status)
    return render(request, "feedback/problem.html", {"message": message}, status=status)
