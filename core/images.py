"""The one way an uploaded image reaches storage: editor images and profile photos.

An upload is the uploader's bytes, and image decoders are where image files attack
(libwebp's CVE-2023-4863 was exploited in the wild). So, in order:

1. the size in bytes is checked before the file is read;
2. only the PNG and JPEG plugins of Pillow may look at the file (Pillow tries
   every format it knows unless ``formats`` says otherwise, so a GIF, an SVG, a
   PDF or a GIF+HTML polyglot is refused without any other decoder running);
3. the pixel count from the header is checked before any pixel is decoded, so a
   small file that decodes to gigabytes (a decompression bomb) costs nothing;
4. the pixels alone are re-encoded in the format detected, turned upright from
   the EXIF orientation and converted to sRGB with ImageCms when an ICC profile
   came with them, so no comment, EXIF, XMP, text chunk, ICC profile, palette or
   bytes after the image's end survive;
5. the file gets a random name with the extension of that format, whatever the
   uploader called it.

Pillow is the library because Django's ImageField already depends on it, it
decodes only the formats it is told to, and its encoders write nothing but the
pixels once the image's info (where it keeps comments and profiles) is emptied.
WebP is left out on purpose: one more decoder on the attack surface
for images editors can as well save as PNG or JPEG.
"""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageCms, ImageOps

# The formats an upload may be in, the only plugins ever asked to open one.
ACCEPTED_FORMATS = ("PNG", "JPEG")
# Format Pillow reports -> format written and extension stored. The JPEG plugin
# reports MPO for a JPEG carrying extra frames (a phone's gain map, a stereo
# pair); its first frame is an ordinary JPEG.
ENCODINGS = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpg"), "MPO": ("JPEG", "jpg")}
ACCEPT_ATTRIBUTE = "image/png,image/jpeg"
# 25 megapixels (e.g. 5000 x 5000) is more than any article image or photo needs;
# a small file that decodes to far more is a decompression bomb aimed at memory.
MAX_PIXELS = 25_000_000
JPEG_QUALITY = 90

NOT_AN_IMAGE = (
    "This file is not a PNG or JPEG image. Save it as PNG or JPEG and upload it again."
)
DAMAGED = "This image could not be read: the file may be damaged or incomplete."
TOO_MANY_PIXELS = (
    f"The image has too many pixels; make it smaller (at most "
    f"{MAX_PIXELS // 1_000_000} megapixels)."
)
# What the decoders and ImageCms raise on bytes they cannot make sense of.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)


class CleanImage(ContentFile):
    """An image as ``clean_image`` re-encoded it, under its random name."""


def clean_image(upload):
    """Return UPLOAD re-encoded as a fresh PNG or JPEG with a random name.

    Raise ValidationError, with a message for the person uploading, for a file
    too large, not a PNG or JPEG, with too many pixels, or damaged.
    """
    image = _open(_read(upload))
    try:
        return _encode(_srgb(_upright(_decode(image))), image.format)
    finally:
        image.close()


def _read(upload):
    limit = settings.IMAGE_UPLOAD_MAX_SIZE
    too_large = ValidationError(
        f"The image is larger than {limit // (1024 * 1024)} MB.", code="too_large"
    )
    if upload.size is not None and upload.size > limit:
        raise too_large
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # a size that lied
        raise too_large
    return data


def _open(data):
    """Return the image opened from its header, pixels not yet decoded."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as error:  # Pillow's own, far higher limit
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from error
    except UNREADABLE as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    if image.format not in ENCODINGS:
        image.close()
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ValidationError(
            f"The image is {image.width} x {image.height} pixels; make it smaller "
            f"(at most {MAX_PIXELS // 1_000_000} megapixels).",
            code="too_many_pixels",
        )
    return image


def _decode(image):
    """Return the first frame's pixels in a mode that holds all of them.

    Palette images become RGB(A): a palette is bytes the uploader chose, stored
    as they are, and a tRNS transparency belongs to the metadata we drop.
    """
    try:
        image.load()
        if image.mode in ("P", "PA") or "transparency" in image.info:
            alpha = image.mode == "PA" or "transparency" in image.info
            return image.convert("RGBA" if alpha else "RGB")
        return image
    except UNREADABLE as error:
        raise ValidationError(DAMAGED, code="damaged") from error


def _upright(image):
    """Return IMAGE turned as its EXIF orientation says (the EXIF is dropped)."""
    try:
        return ImageOps.exif_transpose(image)
    except UNREADABLE:
        # EXIF is dropped anyway; a block Pillow cannot parse costs only this.
        return image


def _srgb(image):
    """Return IMAGE with its ICC profile's colours converted to sRGB.

    Browsers show an image without a profile as sRGB, so this is how the image
    keeps its colours once the profile is gone. A profile that cannot be applied
    is ignored, as browsers ignore it: the image is stored as they show it.
    """
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    colour = {"RGBA": "RGB", "LA": "L"}.get(image.mode, image.mode)
    try:
        converted = ImageCms.profileToProfile(
            image.convert(colour) if colour != image.mode else image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, *UNREADABLE):
        return image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _encode(image, detected):
    fmt, extension = ENCODINGS[detected]
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Pillow's encoders copy a comment (JPEG) and the ICC profile (PNG) from the
    # image's info when not told otherwise; with it empty they write pixels only.
    image.info = {}
    out = io.BytesIO()
    options = {"quality": JPEG_QUALITY} if fmt == "JPEG" else {}
    try:
        image.save(out, format=fmt, **options)
    except UNREADABLE as error:
        raise ValidationError(DAMAGED, code="damaged") from error
    return CleanImage(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class ImageUploadField(forms.FileField):
    """A form file field that hands on only what ``clean_image`` made of the upload.

    Not a forms.ImageField: that one opens the upload with every Pillow decoder
    to check it is an image.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_image(upload)


class CleanImageField(models.ImageField):
    """An ImageField whose files are only ever stored through ``clean_image``.

    Forms get an ImageUploadField, so a bad file is refused with its message
    beside the field; a file assigned in code is cleaned when the row is saved.
    """

    def formfield(self, **kwargs):
        # The uploader's file name is never stored, so its length does not matter.
        return super().formfield(
            **{"form_class": ImageUploadField, "max_length": None, **kwargs}
        )

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not isinstance(file.file, CleanImage):
            setattr(model_instance, self.attname, clean_image(file.file))
        return super().pre_save(model_instance, add)
