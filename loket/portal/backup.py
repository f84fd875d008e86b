"""Backups of the database and the uploaded files, and restoring them (manage.py backup / restore).

A backup is one folder: `database.dump` (PostgreSQL, pg_dump custom format) or `database.sqlite3`
(SQLite, made with SQLite's online backup API), `media.tar.gz` (everything under MEDIA_ROOT) and
`manifest.json` (when, which database engine, checksums).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args_env(connection) -> tuple[list[str], dict]:
    conf = connection.settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} mislukte: {result.stderr.strip()[:2000]}")


def backup_create(*, destination: Path | None = None, database: str = "default") -> Path:
    """Write a backup folder and return its path (default: BACKUP_DIR/<YYYYmmdd-HHMMSS>)."""
    if destination is None:
        destination = Path(settings.BACKUP_DIR) / datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"De map {destination} is niet leeg; kies een nieuwe map.")
    destination.mkdir(parents=True, exist_ok=True)
    connection = connections[database]
    vendor = connection.vendor
    if vendor == "postgresql":
        args, env = _pg_args_env(connection)
        db_file = destination / PG_DUMP
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges", "-f", str(db_file), name], env)
    elif vendor == "sqlite":
        db_file = destination / SQLITE_COPY
        connection.ensure_connection()
        target = sqlite3.connect(db_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Databasesoort {vendor} wordt niet ondersteund.")

    media_root = Path(settings.MEDIA_ROOT)
    media_file = destination / MEDIA_ARCHIVE
    count = 0
    with tarfile.open(media_file, "w:gz") as archive:
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    manifest = {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "engine": vendor,
        "database_file": db_file.name,
        "media_files": count,
        "sha256": {db_file.name: _sha256(db_file), MEDIA_ARCHIVE: _sha256(media_file)},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return destination


def backup_restore(*, source: Path, database: str = "default") -> dict:
    """Replace the database and MEDIA_ROOT by the backup in `source`. Returns its manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Geen geldige back-up in {source}: manifest.json ontbreekt of is onleesbaar.") from exc
    for name, expected in manifest.get("sha256", {}).items():
        path = source / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"Het bestand {name} in de back-up ontbreekt of is beschadigd.")
    connection = connections[database]
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"Deze back-up komt uit {manifest['engine']}; de huidige database is {connection.vendor}.")

    # Unpack the files first (into a fresh folder next to MEDIA_ROOT), so a broken archive
    # stops the restore before anything is overwritten.
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".herstel-", dir=media_root.parent))
    try:
        with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(staging, filter="data")  # refuses absolute paths, .. and links out
        db_file = source / manifest["database_file"]
        if connection.vendor == "postgresql":
            args, env = _pg_args_env(connection)
            connection.close()
            name = connection.settings_dict["NAME"]
            _run(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--dbname",
                    name,
                    str(db_file),
                ],
                env,
            )
        else:
            connection.ensure_connection()
            backup_db = sqlite3.connect(db_file)
            try:
                backup_db.backup(connection.connection)
            finally:
                backup_db.close()
        if media_root.exists():
            shutil.rmtree(media_root)
        staging.rename(media_root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return manifest
