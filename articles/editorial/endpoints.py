"""Staff-only endpoints behind the django-markdownx editor.

django-markdownx ships preview and upload views that anyone may call. These
replace them at the same URLs: anonymous users are sent to the login page,
previews go through ``articles.rendering`` with the article's references, and
uploads are PNG or JPEG only, re-encoded by Pillow with a name we choose.
"""

import io
import uuid

from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from articles.models import Reference
from articles.rendering import render_preview

UPLOAD_FORMATS = {"PNG": "png", "JPEG": "jpg"}
# 25 megapixels (e.g. 5000 x 5000) is more than any article image needs; a small
# file that decodes to far more is a decompression bomb aimed at memory.
MAX_PIXELS = 25_000_000


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
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)
        return _reject(f"The image is larger than {limit} MB.")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        fmt = image.format
        if fmt not in UPLOAD_FORMATS:
            return _reject("Only PNG and JPEG images can be uploaded.")
        if image.width * image.height > MAX_PIXELS:
            return _reject(
                f"The image is {image.width} x {image.height} pixels; make it "
                f"smaller (at most {MAX_PIXELS // 1_000_000} megapixels)."
            )
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        return _reject("This file is not a PNG or JPEG image.")
    if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    out = io.BytesIO()
    # Re-encoding drops anything but pixels: metadata, trailing bytes, payloads.
    image.save(out, format=fmt)
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{UPLOAD_FORMATS[fmt]}"
    saved = default_storage.save(name, ContentFile(out.getvalue()))
    return JsonResponse({"image_code": f"![]({default_storage.url(saved)})"})
