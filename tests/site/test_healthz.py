"""/healthz answers 200 "ok" when the database answers, 503 when it does not."""

from unittest import mock

from django.db import OperationalError, connection


def test_healthy(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_database_down_gives_503_with_a_plain_body(client, db):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"database unavailable"
    assert b"refused" not in response.content


def test_only_reads_are_allowed(client, db):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
