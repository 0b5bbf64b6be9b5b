"""Backup and restore of everything Vetted keeps, in one portable archive.

The archive is a .tar.gz holding:

- ``data.json``: every row of the content, people, accounts, review history and
  reader feedback, from Django's serialiser (primary keys kept, so revision
  numbers, feedback links and audit events refer to the same rows after a
  restore; content types and permissions by natural key, so it loads into any
  freshly migrated database, SQLite or PostgreSQL);
- ``media/``: the images editors uploaded;
- ``manifest.json``: when it was made, the applied migrations, the row count of
  each model and a SHA-256 of ``data.json``.

Left out on purpose: sessions (everyone signs in again), login-lockout records,
the page-cache generation (a fresh one is made), and the originality
fingerprints, which are derived from the revisions and are rebuilt on restore.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
INCLUDED = ["auth.group", "auth.user", "admin.logentry", "articles", "feedback"]
# Derived data, rebuilt or renewed after a restore.
EXCLUDED = ["articles.revisionfingerprint", "articles.publicpagesgeneration"]
# Created by the roles migration in every new database; the backup brings its own.
RECREATED_BY_MIGRATIONS = ["auth.group"]


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


def backed_up_models():
    """Return the models whose rows a backup holds, in a stable order."""
    models = []
    for label in INCLUDED:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    excluded = {apps.get_model(label) for label in EXCLUDED}
    return [m for m in models if m not in excluded and not m._meta.proxy]


def _applied_migrations():
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _counts():
    return {m._meta.label: m._default_manager.count() for m in backed_up_models()}


def create_backup(path):
    """Write a backup archive to PATH and return its manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.json"
        # One snapshot of the whole database: readers keep sending feedback while
        # the tables are read one by one, and every row must see the same moment.
        outermost = transaction.get_autocommit()
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                *INCLUDED,
                exclude=EXCLUDED,
                use_natural_foreign_keys=True,
                output=str(data),
                verbosity=0,
            )
            counts = _counts()  # the same snapshot as the dump
        media_root = Path(settings.MEDIA_ROOT)
        media = (
            sorted(p for p in media_root.rglob("*") if p.is_file())
            if media_root.is_dir()
            else []
        )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "counts": counts,
            "media_files": len(media),
            "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
        }
        partial = path.with_name(path.name + ".partial")
        # Readable by its owner only: it holds password hashes and readers' e-mails.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz") as archive,
        ):
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2))
            archive.add(data, arcname="data.json")
            for file in media:
                archive.add(file, arcname=f"media/{file.relative_to(media_root)}")
        partial.replace(path)  # never a half-written archive under the real name
    return manifest


def _add_bytes(archive, name, text):
    payload = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(payload))


def _read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a Vetted backup (no manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_empty():
    recreated = {apps.get_model(label)._meta.label for label in RECREATED_BY_MIGRATIONS}
    filled = {
        label: count
        for label, count in _counts().items()
        if count and label not in recreated
    }
    if filled:
        listed = ", ".join(f"{count} {label}" for label, count in filled.items())
        raise BackupError(
            "The database is not empty (it holds "
            f"{listed}). Restore only into a new, migrated database."
        )


def _check_migrations(manifest):
    missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
    if missing:
        raise BackupError(
            "The backup was made with migrations this database does not have "
            f"({', '.join(missing[:5])}). Update the code and run migrate first."
        )


def restore_backup(path):
    """Load the backup archive at PATH into this empty database; return its manifest.

    Everything is checked first (archive, checksum, migrations, empty database)
    and the rows are loaded in one transaction: a restore that fails leaves the
    database as it was.
    """
    from articles.integrity import rebuild_index

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a readable backup archive.") from error
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        _check_migrations(manifest)
        _check_empty()
        archive.extract("data.json", work, filter="data")
        data = Path(work) / "data.json"
        if hashlib.sha256(data.read_bytes()).hexdigest() != manifest["data_sha256"]:
            raise BackupError("The backup is damaged: data.json fails its checksum.")
        with transaction.atomic():
            for label in RECREATED_BY_MIGRATIONS:
                apps.get_model(label)._default_manager.all().delete()
            call_command("loaddata", str(data), verbosity=0)
            rebuild_index()  # the fingerprints of every current text
            if _counts() != manifest["counts"]:
                raise BackupError("The restored rows do not match the backup's counts.")
        media = [m for m in archive.getmembers() if m.name.startswith("media/")]
        media_root = Path(settings.MEDIA_ROOT)
        for member in media:
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    return manifest
