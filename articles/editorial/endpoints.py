"""Staff-only endpoints behind the django-markdownx editor.

django-markdownx ships preview and upload views that anyone may call. These
replace them at the same URLs: anonymous users are sent to the login page,
previews go through ``articles.rendering`` with the article's references, and
uploads go through ``core.images``, the one pipeline every image upload takes.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.http import require_POST

from articles.models import Reference
from articles.rendering import render_preview
from core.images import clean_image


def _can_edit(user):
    return user.has_perm("articles.change_article") or user.has_perm(
        "articles.add_article"
    )


@staff_member_required
@require_POST
def preview(request):
    """Return the editor's live preview, rendered exactly as it would publish."""
    if not _can_edit(request.user):
        return HttpResponseForbidden("You cannot edit articles.")
    references = typed_references(request.POST)
    article_id = request.GET.get("article", "")
    if references is None and article_id.isdigit():
        references = [
            ref.as_frozen() for ref in Reference.objects.filter(article_id=article_id)
        ]
    return HttpResponse(
        render_preview(request.POST.get("content", ""), references or [])
    )


TypedReference = forms.modelform_factory(Reference, fields=Reference.FROZEN_FIELDS)
MAX_TYPED_REFERENCES = 500


def typed_references(post):
    """Return the references as typed in the article form (saved or not), or None.

    The editor's script posts the references inline beside the text, so a key
    typed a moment ago can be cited in the preview. A half-typed field is left
    out rather than refused: the preview must never fail while someone types.
    None when the post carries no references form (the saved ones are used).
    """
    try:
        total = min(int(post.get("references-TOTAL_FORMS", "")), MAX_TYPED_REFERENCES)
    except ValueError:
        return None
    found = []
    for index in range(max(total, 0)):
        prefix = f"references-{index}"
        if post.get(f"{prefix}-DELETE") or not post.get(f"{prefix}-key", "").strip():
            continue
        form = TypedReference(post, prefix=prefix)
        form.is_valid()
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if value is not None
        }
        found.append(Reference(**fields).as_frozen())
    return found


def _reject(message):
    return JsonResponse({"image": [message]}, status=400)


@staff_member_required
@require_POST
def upload_image(request):
    """Store an uploaded PNG or JPEG, re-encoded, and return its Markdown."""
    if not _can_edit(request.user):
        return HttpResponseForbidden("You cannot edit articles.")
    upload = request.FILES.get("image")
    if upload is None:
        return _reject("Choose an image to upload.")
    try:
        image = clean_image(upload)
    except ValidationError as refusal:
        return _reject(refusal.messages[0])
    saved = default_storage.save(f"{settings.MARKDOWNX_MEDIA_PATH}{image.name}", image)
    return JsonResponse({"image_code": f"![]({default_storage.url(saved)})"})
