"""What a request may send: body sizes, files only where a view takes them,
and the request line and headers gunicorn accepts (core/limits.py,
cms/settings.py "Request limits", deploy/gunicorn.conf.py).
"""

import runpy
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.servers import free_port
from core.limits import upload_body_limit
from feedback.models import FeedbackReport
from tests.factories import ArticleFactory, publish_article
from tests.processes import GUNICORN_CONFIG, ROOT, start_app

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
NO_FILES = "This address does not accept files."
JSON = {"accept": "application/json"}


@pytest.fixture
def vote(cast):
    article = publish_article(cast)
    return {"article": article.slug, "revision": article.live_revision_id}


@pytest.fixture
def nothing_stored(monkeypatch):
    """Fail the test if Django's own upload handlers are handed a file."""

    def stored(self, *args, **kwargs):
        pytest.fail("a file part was stored")

    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        monkeypatch.setattr(handler, "new_file", stored)


def attachment(size, name="photo.jpg"):
    return SimpleUploadedFile(name, b"\xff" * size, content_type="image/jpeg")


# Files where no view takes them ------------------------------------------------


def test_a_3_mb_file_part_on_the_vote_is_a_400_and_writes_nothing(
    client, vote, nothing_stored
):
    response = client.post(
        "/feedback/vote/", {**vote, "helpful": "no", "file": attachment(3 * MB)}
    )

    assert response.status_code == 400
    assert "too large" in response.text  # refused before a byte was read
    assert not FeedbackReport.objects.exists()


def test_a_small_file_part_on_the_vote_is_refused_in_plain_words(
    client, vote, nothing_stored
):
    data = {**vote, "helpful": "no", "file": attachment(1000)}

    page = client.post("/feedback/vote/", data)
    assert page.status_code == 400
    assert NO_FILES in page.text

    script = client.post("/feedback/vote/", data, headers=JSON)
    assert script.status_code == 400
    assert script.json() == {"error": NO_FILES}
    assert not FeedbackReport.objects.exists()


def test_a_multipart_vote_without_files_still_counts(client, vote):
    # The test client sends multipart/form-data, as a browser form may.
    response = client.post("/feedback/vote/", {**vote, "helpful": "yes"})

    assert response.status_code == 302
    assert FeedbackReport.objects.filter(helpful=True).count() == 1


@pytest.mark.parametrize(
    "address",
    [
        "/feedback/report/any-token/",
        "/search/",
        "/outside-review/any-token/",
        "/",
    ],
)
def test_public_addresses_refuse_file_parts(client, groups, nothing_stored, address):
    response = client.post(address, {"q": "x", "file": attachment(10)})

    assert response.status_code == 400
    assert NO_FILES in response.text


def test_the_sign_in_page_stores_no_file_and_signs_no_one_in(
    client, groups, nothing_stored
):
    response = client.post(
        reverse("admin:login"),
        {"username": "nobody", "password": "wrong", "file": attachment(10)},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymous_uploads_in_the_admin_are_sent_to_sign_in_unstored(
    groups, nothing_stored
):
    # With the CSRF check on, as in production: it reads the form before the view.
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("admin:login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        "/markdownx/upload/",
        {"csrfmiddlewaretoken": token, "image": attachment(1000)},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Bodies over the limits ----------------------------------------------------------


def test_a_form_over_the_body_limit_is_a_400_not_a_500(client, vote):
    big = {
        **vote,
        "helpful": "no",
        "details": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }

    for headers in ({}, JSON):
        response = client.post("/feedback/vote/", big, headers=headers)
        assert response.status_code == 400
        assert "too large" in response.text
    encoded = client.post(
        "/feedback/vote/",
        "details=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        content_type="application/x-www-form-urlencoded",
    )
    assert encoded.status_code == 400
    assert not FeedbackReport.objects.exists()


def test_an_upload_over_the_upload_body_limit_is_a_400(client, cast):
    client.force_login(cast.editor)
    size = upload_body_limit() + 1

    response = client.post("/markdownx/upload/", {"image": attachment(size)})

    assert response.status_code == 400
    assert "too large" in response.text


# Uploads where they belong -----------------------------------------------------


@pytest.fixture
def import_page(client, cast):
    client.force_login(cast.editor)
    article = ArticleFactory(created_by=cast.editor)
    return reverse("admin:articles_article_import_references", args=[article.pk])


RIS = b"TY  - JOUR\nTI  - Vitamin D in winter\nPY  - 2020\nER  - \n"


def test_the_admin_still_takes_a_reference_file(client, import_page):
    response = client.post(
        import_page,
        {"step": "preview", "format": "", "file": SimpleUploadedFile("refs.ris", RIS)},
    )

    assert response.status_code == 200
    assert "Vitamin D in winter" in response.text
    assert NO_FILES not in response.text


def test_the_import_pages_own_limits_still_answer_with_their_message(
    client, import_page
):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE, so written to a temporary file.
    file = SimpleUploadedFile("huge.ris", RIS * (1200 * 1024 // len(RIS)))
    response = client.post(import_page, {"step": "preview", "file": file})
    assert response.status_code == 200
    assert "“huge.ris” is larger than 1 MB" in response.text

    # A paste over 1 MB reaches the form, within DATA_UPLOAD_MAX_MEMORY_SIZE.
    pasted = client.post(import_page, {"step": "preview", "text": "x" * (MB + MB // 4)})
    assert pasted.status_code == 200
    assert "The pasted text is larger than 1 MB" in pasted.text


def test_the_chosen_sizes_leave_room_for_the_forms_that_use_them():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE > 1.5 * MB  # a 1 MB paste, and more
    assert upload_body_limit() > settings.IMAGE_UPLOAD_MAX_SIZE + MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 21 * 200  # 200 references


# gunicorn --------------------------------------------------------------------------


def test_the_gunicorn_config_sets_the_limits():
    config = runpy.run_path(str(GUNICORN_CONFIG))

    assert config["limit_request_line"] == 4094
    assert config["limit_request_fields"] == 50
    assert config["limit_request_field_size"] == 8190
    assert config["timeout"] == 60

    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config"]
        + ["-c", str(GUNICORN_CONFIG), "cms.wsgi"],
        cwd=ROOT,
        env={"PATH": "", "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert printed.returncode == 0, printed.stderr
    lines = {line.split("=")[0].strip(): line for line in printed.stdout.splitlines()}
    assert lines["limit_request_line"].endswith("= 4094")
    assert lines["limit_request_fields"].endswith("= 50")


def raw(port, request):
    """Send REQUEST (bytes) to 127.0.0.1:PORT; return the status line."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(request)
                return sock.recv(200).split(b"\r\n")[0].decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_refuses_a_long_request_line_and_too_many_headers():
    port = free_port()
    app = start_app(port, connection)
    try:
        line = raw(port, b"GET /?" + b"x" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        headers = b"".join(b"X-H%d: 1\r\n" % n for n in range(60))
        many = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
        field = b"Cookie: " + b"x" * 9000 + b"\r\n"
        wide = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + field + b"\r\n")
    finally:
        app.terminate()
        app.wait(timeout=10)

    assert line.startswith("HTTP/1.1 414")  # URI Too Long
    assert many.startswith("HTTP/1.1 431")
    assert wide.startswith("HTTP/1.1 431")
