"""The markdownx preview and upload URLs: staff only, PNG/JPEG only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from articles.workflow import roles
from tests.factories import ArticleFactory, ReferenceFactory, user_in

PREVIEW = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor_client(client, db):
    client.force_login(user_in(roles.EDITORS))
    return client


def image_bytes(fmt, size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format=fmt)
    return out.getvalue()


def upload(client, name, data, content_type="image/png"):
    return client.post(
        UPLOAD,
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


def test_anonymous_preview_redirects_to_login_without_rendering(client, db):
    response = client.post(PREVIEW, {"content": "**secret** draft"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert b"<strong>" not in response.content


def test_anonymous_upload_redirects_and_stores_nothing(client, db, media):
    response = upload(client, "a.png", image_bytes("PNG"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored(media) == []


def test_staff_without_edit_rights_cannot_use_the_editor(client, db, media):
    client.force_login(user_in(roles.MODERATORS))
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403
    assert upload(client, "a.png", image_bytes("PNG")).status_code == 403
    assert stored(media) == []


def test_preview_renders_citations_with_the_articles_references(editor_client):
    article = ArticleFactory()
    ReferenceFactory(article=article)
    response = editor_client.post(
        f"{PREVIEW}?article={article.pk}", {"content": "Claim [@smith2020]."}
    )
    html = response.content.decode()
    assert 'href="#ref-1"' in html
    assert "doi.org/10.1136/bmj.m1234" in html


def test_preview_warns_about_unknown_keys(editor_client):
    response = editor_client.post(PREVIEW, {"content": "Claim [@ghost]."})
    assert "Unknown citation key(s): @ghost" in response.content.decode()


def test_png_is_accepted_and_reencoded(editor_client, media):
    response = upload(editor_client, "photo.jpeg", image_bytes("PNG"))
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/uploads/") and code.endswith(".png)")
    [path] = stored(media)
    assert path.suffix == ".png"
    assert Image.open(path).format == "PNG"


def test_jpeg_gets_a_jpg_extension_whatever_its_name(editor_client, media):
    response = upload(editor_client, "x.png", image_bytes("JPEG"), "image/png")
    assert response.status_code == 200
    [path] = stored(media)
    assert path.suffix == ".jpg"


@pytest.mark.parametrize(
    "name,data",
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("anim.gif", b"GIF89a" + b"\x00" * 40),
        ("empty.png", b""),
    ],
)
def test_non_png_jpeg_files_are_rejected(editor_client, media, name, data):
    response = upload(editor_client, name, data)
    assert response.status_code == 400
    assert "PNG" in response.json()["image"][0]
    assert stored(media) == []


def test_real_gif_is_rejected(editor_client, media):
    response = upload(editor_client, "a.gif", image_bytes("GIF"), "image/gif")
    assert response.status_code == 400
    assert stored(media) == []


def test_oversize_upload_is_rejected(editor_client, media, settings):
    data = image_bytes("PNG")
    padded = data + b"\x00" * (settings.MARKDOWNX_UPLOAD_MAX_SIZE + 1 - len(data))
    response = upload(editor_client, "big.png", padded)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.json()["image"][0]
    assert stored(media) == []


def test_upload_keeps_only_pixels(editor_client, media):
    # A real PNG with text metadata and a payload appended after its end.
    out = io.BytesIO()
    info = PngInfo()
    info.add_text("Comment", "patient name: Jane Doe")
    Image.new("RGB", (8, 8), "teal").save(out, format="PNG", pnginfo=info)
    original = out.getvalue() + b"<script>alert(1)</script>"
    assert upload(editor_client, "x.png", original).status_code == 200
    [path] = stored(media)
    kept = path.read_bytes()
    assert b"Jane Doe" not in kept and b"<script>" not in kept
    assert Image.open(path).getpixel((0, 0)) == (0, 128, 128)


def test_images_too_large_in_pixels_are_rejected(editor_client, media):
    # Small on disk (one colour compresses well), huge in memory when decoded.
    response = upload(editor_client, "wide.png", image_bytes("PNG", (6000, 6000)))
    assert response.status_code == 400
    assert "6000 x 6000 pixels" in response.json()["image"][0]
    assert stored(media) == []


def typed(index, **fields):
    return {f"references-{index}-{name}": value for name, value in fields.items()}


def test_the_preview_cites_references_as_typed_in_the_form(editor_client):
    """A reference added in the form but not saved yet is cited, not 'unknown'."""
    article = ArticleFactory()
    ReferenceFactory(article=article, key="smith2020")
    data = {
        "content": "Walk daily [@smith2020; @new2024].",
        "references-TOTAL_FORMS": "3",
        **typed(0, key="smith2020", title="Walking trial", kind="journal"),
        **typed(1, key="new2024", title="A new trial", kind="journal", year="20x4"),
        **typed(2, key="gone2019", title="Deleted", kind="journal", DELETE="on"),
    }
    html = editor_client.post(f"{PREVIEW}?article={article.pk}", data).content.decode()
    assert "Unknown citation key" not in html
    assert "A new trial" in html  # in the reference list, its bad year left out
    assert "Deleted" not in html
    # Without the form's references, the saved ones are used as before.
    saved = editor_client.post(
        f"{PREVIEW}?article={article.pk}", {"content": "[@new2024]"}
    ).content.decode()
    assert "Unknown citation key(s): @new2024" in saved


def test_a_forged_reference_count_is_harmless(editor_client):
    for total in ["-5", "abc", "99999999999"]:
        response = editor_client.post(
            PREVIEW, {"content": "Text.", "references-TOTAL_FORMS": total}
        )
        assert response.status_code == 200
