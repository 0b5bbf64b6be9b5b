"""Every image upload goes through core.images: editor images and profile photos.

The hostile files are built here, with Pillow and byte concatenation: a JPEG
carrying a script in its comment, EXIF and XMP; PNG and JPEG images tagged with
an ICC profile; a GIF+HTML polyglot under several names; decompression bombs;
files in formats outside PNG and JPEG.
"""

import io
import re
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile
from PIL.PngImagePlugin import PngInfo

from articles.models import Author, FactChecker, MedicalReviewer
from articles.workflow import roles
from tests.factories import (
    AuthorFactory,
    FactCheckerFactory,
    MedicalReviewerFactory,
    superuser,
    user_in,
)

UPLOAD = "/markdownx/upload/"
SCRIPT = b"<script>alert(document.cookie)</script>"
NOT_AN_IMAGE = "This file is not a PNG or JPEG image."
RANDOM_NAME = r"[0-9a-f]{32}\.(png|jpg)"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


# Building the files ------------------------------------------------------------


def image_bytes(fmt, size=(8, 8), colour="teal", mode="RGB", **options):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **options)
    return out.getvalue()


def with_jpeg_comment(jpeg, payload):
    """Return JPEG with a COM segment holding PAYLOAD just after its SOI marker."""
    segment = b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def hostile_jpeg():
    """Return a JPEG with a script in a comment, in EXIF and in XMP."""
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SCRIPT + b"</x:xmpmeta>"
    jpeg = image_bytes("JPEG", (16, 16), exif=exif, xmp=xmp)
    return with_jpeg_comment(jpeg, SCRIPT)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _gamma(value):
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(value * 256)) + bytes(2)


def swapped_profile():
    """Return an ICC profile with sRGB's red and blue primaries swapped.

    An image tagged with it shows pure red as blue, so converting its pixels to
    sRGB is visible in the stored file.
    """
    red, green = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971)
    blue = (0.1431, 0.0606, 0.7141)
    tags = [
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*blue)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*red)),
        *((name, _gamma(2.2)) for name in (b"rTRC", b"gTRC", b"bTRC")),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = body = b""
    for name, data in tags:
        table += name + struct.pack(">II", offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    header = (
        struct.pack(">I", offset + len(body))
        + bytes(4)
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def tagged_png():
    """Return a red PNG with the swapped profile and text chunks carrying a script."""
    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_text("Author", "patient name: Jane Doe", zip=True)
    info.add_itxt("Description", SCRIPT.decode(), lang="en")
    return image_bytes(
        "PNG", colour=(255, 0, 0), pnginfo=info, icc_profile=swapped_profile()
    )


def gif_html_polyglot():
    """Return a valid GIF whose comment and trailing bytes are an HTML page."""
    gif = image_bytes("GIF", comment=b"<html><body>" + SCRIPT)
    return gif + b"<html><body>" + SCRIPT + b"</body></html>"


def png_claiming(width, height):
    """Return a tiny PNG whose header claims WIDTH x HEIGHT pixels."""
    png = image_bytes("PNG", (1, 1))
    ihdr = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    chunk = ihdr + struct.pack(">I", zlib.crc32(ihdr))
    return png[:12] + chunk + png[12 + len(chunk) :]


def png_chunks(data):
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8].decode())
        at += 12 + length
    return chunks


def jpeg_markers(data):
    """Return the markers of the segments before the image data starts."""
    markers, at = [], 2
    while data[at + 1] != 0xDA:  # start of scan
        markers.append(data[at + 1])
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return markers


def assert_only_pixels(data):
    """Assert DATA is a PNG or JPEG carrying no comment, metadata or profile."""
    assert SCRIPT not in data and b"<script" not in data and b"Jane Doe" not in data
    if data.startswith(b"\x89PNG"):
        assert set(png_chunks(data)) <= {"IHDR", "IDAT", "IEND"}
    else:
        # APP0 (JFIF) only: no COM (0xFE), EXIF/XMP (APP1), ICC (APP2) or others.
        markers = jpeg_markers(data)
        assert 0xFE not in markers
        assert not {m for m in markers if 0xE1 <= m <= 0xEF}


def near(pixel, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


# The editor's upload endpoint --------------------------------------------------


@pytest.fixture
def editor(client, db):
    client.force_login(user_in(roles.EDITORS))
    return client


def upload(client, name, data, content_type="image/png"):
    return client.post(
        UPLOAD,
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def refusal(response):
    assert response.status_code == 400
    return response.json()["image"][0]


def test_a_script_in_a_jpeg_comment_exif_or_xmp_is_not_stored(editor, media):
    original = hostile_jpeg()
    assert original.count(SCRIPT) == 3  # the comment, EXIF and XMP all carry it
    assert upload(editor, "photo.jpg", original, "image/jpeg").status_code == 200
    [path] = stored(media)
    assert_only_pixels(path.read_bytes())
    assert near(Image.open(path).getpixel((8, 8)), (0, 128, 128))


def test_a_photo_taken_sideways_is_stored_upright(editor, media):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show it rotated 90°
    sideways = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes())
    assert upload(editor, "phone.jpg", sideways, "image/jpeg").status_code == 200
    [path] = stored(media)
    assert Image.open(path).size == (20, 40)
    assert_only_pixels(path.read_bytes())


def test_a_png_icc_profile_and_text_chunks_are_dropped_colours_in_srgb(editor, media):
    original = tagged_png()
    assert {"iCCP", "tEXt", "zTXt", "iTXt"} <= set(png_chunks(original))
    assert upload(editor, "chart.png", original).status_code == 200
    [path] = stored(media)
    assert_only_pixels(path.read_bytes())
    # Red under the swapped profile looks blue: stored as sRGB blue.
    assert Image.open(path).getpixel((0, 0)) == (0, 0, 255)


def test_a_jpeg_icc_profile_is_dropped_colours_in_srgb(editor, media):
    original = image_bytes("JPEG", colour=(255, 0, 0), icc_profile=swapped_profile())
    assert upload(editor, "scan.jpg", original, "image/jpeg").status_code == 200
    [path] = stored(media)
    assert_only_pixels(path.read_bytes())
    assert near(Image.open(path).getpixel((4, 4)), (0, 0, 255), tolerance=24)


@pytest.mark.parametrize("name", ["a.gif", "a.pdf", "a.xbm", "a.html.png"])
def test_a_gif_html_polyglot_is_refused_whatever_its_name(editor, media, name):
    assert refusal(upload(editor, name, gif_html_polyglot())).startswith(NOT_AN_IMAGE)
    assert stored(media) == []


# Real files in formats Pillow reads, but that are not accepted.
OUTSIDE = {
    "GIF": image_bytes("GIF"),
    "BMP": image_bytes("BMP"),
    "TIFF": image_bytes("TIFF"),
    "WEBP": image_bytes("WEBP"),
    "XBM": image_bytes("XBM", mode="1", colour=1),
    "ICO": image_bytes("ICO", (16, 16)),
}


@pytest.mark.parametrize("fmt", OUTSIDE)
def test_other_formats_are_refused_without_their_decoder_running(editor, media, fmt):
    Image.init()
    plugin = Image.OPEN[fmt][0]
    with mock.patch.object(plugin, "_open", side_effect=AssertionError(fmt)) as opened:
        response = upload(editor, f"image.{fmt.lower()}", OUTSIDE[fmt])
    assert refusal(response).startswith(NOT_AN_IMAGE)
    assert opened.call_count == 0
    assert stored(media) == []


@pytest.mark.parametrize(
    "width,height,message",
    [
        (6000, 5000, "The image is 6000 x 5000 pixels"),
        # Past Pillow's own limit, which it enforces while opening.
        (40000, 40000, "The image has too many pixels"),
    ],
)
def test_a_decompression_bomb_is_refused_before_decoding(
    editor, media, width, height, message
):
    bomb = png_claiming(width, height)
    assert len(bomb) < 100
    with mock.patch.object(ImageFile.ImageFile, "load") as decode:
        response = upload(editor, "bomb.png", bomb)
    assert refusal(response).startswith(message)
    assert decode.call_count == 0
    assert stored(media) == []


def test_oversize_bytes_are_refused_before_any_decoder_looks(editor, media, settings):
    settings.IMAGE_UPLOAD_MAX_SIZE = 10 * 1024 * 1024
    data = image_bytes("PNG")
    padded = data + bytes(settings.IMAGE_UPLOAD_MAX_SIZE + 1 - len(data))
    with mock.patch.object(Image, "open") as opened:
        response = upload(editor, "big.png", padded)
    assert refusal(response) == "The image is larger than 10 MB."
    assert opened.call_count == 0
    assert stored(media) == []


@pytest.mark.parametrize(
    "name,fmt,extension",
    [
        ("../../index.html", "PNG", ".png"),
        ("photo.jpg", "PNG", ".png"),
        ("x.png", "JPEG", ".jpg"),
        ("script.js", "JPEG", ".jpg"),
    ],
)
def test_the_stored_name_is_random_with_the_formats_extension(
    editor, media, name, fmt, extension
):
    first = upload(editor, name, image_bytes(fmt)).json()["image_code"]
    second = upload(editor, name, image_bytes(fmt)).json()["image_code"]
    assert first != second
    paths = stored(media)
    assert len(paths) == 2
    for path in paths:
        assert path.parent == media / "uploads"
        assert re.fullmatch(RANDOM_NAME, path.name) and path.suffix == extension


def test_html_appended_to_a_real_png_is_not_stored(editor, media):
    page = image_bytes("PNG") + b"<html><body>" + SCRIPT
    assert upload(editor, "page.html", page).status_code == 200
    [path] = stored(media)
    assert path.suffix == ".png"
    assert_only_pixels(path.read_bytes())


# Profile photos through the admin forms ------------------------------------------


def common(person):
    return {
        "name": person.name,
        "slug": person.slug,
        "credentials": person.credentials,
        "bio": "",
        "profile_links": "[]",
    }


def author_form(author):
    return {**common(author), "job_title": "", "user": ""}


def fact_checker_form(checker):
    return {**common(checker), "job_title": "", "user": checker.user_id, "active": "on"}


def reviewer_form(reviewer):
    return {
        **common(reviewer),
        "specialty": reviewer.specialty,
        "specialties": [s.pk for s in reviewer.specialties.all()],
        "conflict_of_interest": "None declared.",
        "user": reviewer.user_id,
        "active": "on",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }


PEOPLE = {
    "author": (lambda: AuthorFactory(), author_form),
    "fact checker": (lambda: FactCheckerFactory(), fact_checker_form),
    "reviewer": (lambda: MedicalReviewerFactory(registered=False), reviewer_form),
}


@pytest.fixture(params=PEOPLE)
def person(request, db):
    """Return a saved profile of each kind and the POST data of its change form."""
    make, form = PEOPLE[request.param]
    profile = make()
    return profile, form(profile)


@pytest.fixture
def root(client, db):
    client.force_login(superuser())
    return client


def post_photo(client, profile, data, name, content, content_type="image/png"):
    url = reverse(
        f"admin:articles_{profile._meta.model_name}_change", args=[profile.pk]
    )
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(url, {**data, "photo": photo})


def test_the_photo_field_offers_only_png_and_jpeg(root, person):
    profile, _ = person
    url = reverse(
        f"admin:articles_{profile._meta.model_name}_change", args=[profile.pk]
    )
    assert 'accept="image/png,image/jpeg"' in root.get(url).content.decode()


def test_a_photo_is_stored_reencoded_under_a_random_name(root, person, media):
    profile, data = person
    response = post_photo(root, profile, data, "me.gif", hostile_jpeg(), "image/gif")
    assert response.status_code == 302
    profile.refresh_from_db()
    folder, name = profile.photo.name.split("/")
    assert folder == "people" and re.fullmatch(RANDOM_NAME, name)
    assert name.endswith(".jpg")
    [path] = stored(media)
    assert path == media / profile.photo.name
    assert_only_pixels(path.read_bytes())


def test_a_photos_icc_profile_is_converted_and_dropped(root, person, media):
    profile, data = person
    assert post_photo(root, profile, data, "me.png", tagged_png()).status_code == 302
    [path] = stored(media)
    assert path.suffix == ".png"
    assert_only_pixels(path.read_bytes())
    assert Image.open(path).getpixel((0, 0)) == (0, 0, 255)


@pytest.mark.parametrize("name", ["me.gif", "me.pdf", "me.xbm", "me.html.png"])
def test_a_polyglot_photo_is_refused_with_the_form_shown_again(
    root, person, media, name
):
    profile, data = person
    response = post_photo(root, profile, data, name, gif_html_polyglot())
    assert response.status_code == 200
    assert NOT_AN_IMAGE in response.content.decode()
    [error] = response.context["adminform"].form.errors["photo"]
    assert error.startswith(NOT_AN_IMAGE)
    profile.refresh_from_db()
    assert not profile.photo
    assert stored(media) == []


def test_a_bomb_or_oversize_photo_is_refused(root, person, media, settings):
    profile, data = person
    with mock.patch.object(ImageFile.ImageFile, "load") as decode:
        bomb = post_photo(root, profile, data, "me.png", png_claiming(9000, 9000))
    assert decode.call_count == 0
    assert "The image is 9000 x 9000 pixels" in bomb.content.decode()
    settings.IMAGE_UPLOAD_MAX_SIZE = 1024 * 1024
    big = image_bytes("PNG") + bytes(settings.IMAGE_UPLOAD_MAX_SIZE)
    large = post_photo(root, profile, data, "me.png", big)
    assert "The image is larger than 1 MB." in large.content.decode()
    profile.refresh_from_db()
    assert not profile.photo
    assert stored(media) == []


# Photos set in code --------------------------------------------------------------


@pytest.mark.parametrize("model", [Author, MedicalReviewer, FactChecker])
def test_every_profile_photo_field_is_the_cleaning_one(model):
    assert type(model._meta.get_field("photo")).__name__ == "CleanImageField"


def test_a_photo_assigned_in_code_is_cleaned_when_saved(db, media):
    author = AuthorFactory()
    author.photo = ContentFile(with_jpeg_comment(image_bytes("JPEG"), SCRIPT), "a.gif")
    author.save()
    author.refresh_from_db()
    assert re.fullmatch(r"people/" + RANDOM_NAME, author.photo.name)
    [path] = stored(media)
    assert_only_pixels(path.read_bytes())


def test_a_polyglot_assigned_in_code_is_refused_when_saved(db, media):
    author = AuthorFactory(photo="")
    author.photo = ContentFile(gif_html_polyglot(), "a.png")
    with pytest.raises(ValidationError, match=NOT_AN_IMAGE):
        author.save()
    assert stored(media) == []
