"""Backups: back up, change and delete data and files, restore, and everything is back.

Runs against the real test database (committed data, so transactional); on SQLite in every run,
on PostgreSQL (pg_dump/pg_restore) when DATABASE_URL points there.
"""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from loket.core.models import ContactDetails, ContactPerson

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def round_trip(tmp_path: Path, settings) -> None:
    media = Path(settings.MEDIA_ROOT)
    (media / "bijlagen").mkdir(parents=True)
    (media / "bijlagen" / "plan.txt").write_text("origineel", encoding="utf-8")
    ContactDetails.objects.create(mailbox="voor@example.nl")
    user = get_user_model().objects.create_user(username="blijft", password="x-lang-genoeg-2026")

    call_command("backup", output=str(tmp_path / "backup"))
    assert {p.name for p in (tmp_path / "backup").iterdir()} >= {"manifest.json", "media.tar.gz"}

    ContactDetails.objects.update(mailbox="na@example.nl")
    ContactPerson.objects.create(name="Later toegevoegd")
    user.delete()
    (media / "bijlagen" / "plan.txt").unlink()
    (media / "nieuw.txt").write_text("na de back-up", encoding="utf-8")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "backup"))
    assert ContactDetails.objects.get().mailbox == "na@example.nl"

    call_command("restore", str(tmp_path / "backup"), yes=True)
    assert ContactDetails.objects.get().mailbox == "voor@example.nl"
    assert not ContactPerson.objects.filter(name="Later toegevoegd").exists()
    assert get_user_model().objects.get(username="blijft").check_password("x-lang-genoeg-2026")
    assert (media / "bijlagen" / "plan.txt").read_text(encoding="utf-8") == "origineel"
    assert not (media / "nieuw.txt").exists()


def test_backup_and_restore_on_sqlite(tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("de SQLite-variant; op PostgreSQL draait test_backup_and_restore_on_postgresql")
    round_trip(tmp_path, settings)


@pytest.mark.postgres
def test_backup_and_restore_on_postgresql(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("draait wanneer DATABASE_URL naar PostgreSQL wijst")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore ontbreken")
    round_trip(tmp_path, settings)


def test_restore_refuses_a_damaged_backup(tmp_path, settings, db):
    folder = tmp_path / "b"
    call_command("backup", output=str(folder))
    (folder / "media.tar.gz").write_bytes(b"kapot")
    with pytest.raises(CommandError, match="beschadigd"):
        call_command("restore", str(folder), yes=True)


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, db):
    (tmp_path / "iets.txt").write_text("x")
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("backup", output=str(tmp_path))
