"""Hostile office files (zip-based: DOCX, XLSX) are refused the same way wherever they are uploaded:
a question attachment (the public ask form), a publication attachment (the core team's page) and a
plan import. Macros, programs and scripts (by name and by content), upward or absolute member paths
zip bombs (by absolute unpacked size and by ratio) and encryption each get a Dutch message at the field, and
nothing is stored: no row, no file."""

import html
import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.core.models import Organisation, Province, Theme
from questions.models import Question, QuestionAttachment
from tests.conftest import login
from tests.loket.factories import PublicationFactory
from tests.plans.factories import version_for

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
MACRO = "macro's, programma's of scripts"
ODD_PATH = "onderdeel met een ongeldig pad"
BOMB = "uitgepakt te groot"
# Random bytes written as hex: packs about 2:1, so only the absolute limit can stop it.
INCOMPRESSIBLE = random.Random(13).randbytes(600_000).hex().encode()  # 1.2 MB unpacked
# A bomb hidden among media that does not pack: the whole file packs about 50:1, one member 1000:1.
DILUTED_BOMB = {"hidden.xml": b"0" * (2 * 1024 * 1024), "media.png": random.Random(8).randbytes(40_000)}

BASE = {
    "question": {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
    "publication": {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
    "plan": {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
}
FOLDER = {"question": "word/", "publication": "word/", "plan": "xl/"}

ATTACKS = {
    "macro": ({"{folder}vbaProject.bin": b"Attribute VB_Name"}, MACRO),
    "ole_object": ({"{folder}embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, MACRO),
    "program": ({"{folder}embeddings/setup.exe": EXE}, MACRO),
    "script_js": ({"{folder}media/run.js": b"new ActiveXObject('WScript.Shell').Run('calc')"}, MACRO),
    "script_vbs": ({"{folder}start.vbs": b'CreateObject("WScript.Shell").Run "calc"'}, MACRO),
    "program_renamed": ({"{folder}media/image1.png": EXE}, MACRO),  # a program by content, not by name
    "upward_path": ({"../../x.exe": EXE}, ODD_PATH),
    "absolute_path": ({"/etc/cron.d/loket": b"* * * * * root sh"}, ODD_PATH),
    "windows_path": ({"C:/Windows/System32/x.dll": EXE}, ODD_PATH),
    "ratio_bomb": ({"{folder}" + name: data for name, data in DILUTED_BOMB.items()}, BOMB),
    "absolute_bomb": ({"{folder}big.xml": INCOMPRESSIBLE}, BOMB),
    "encrypted": ({}, "versleuteld"),  # every member marked as encrypted (see hostile_file)
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _mark_encrypted(data: bytes) -> bytes:
    """Set the "encrypted" flag of every member, in the local and the central headers (zipfile
    cannot write encrypted files; a password-protected zip looks like this)."""
    data = bytearray(data)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flag_offset] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)


def hostile_file(surface: str, attack: str) -> bytes:
    extra, _message = ATTACKS[attack]
    data = _zip({**BASE[surface], **{name.format(folder=FOLDER[surface]): data for name, data in extra.items()}})
    return _mark_encrypted(data) if attack == "encrypted" else data


def ask_data() -> dict:
    return {
        "asker_name": "Anna Vrager",
        "asker_email": "anna@gemeente.example.nl",
        "organisation": str(Organisation.objects.get(code="VNG").pk),
        "asker_role": "Beleidsadviseur",
        "province": str(Province.objects.get(code="PV26").pk),
        "themes": [str(Theme.objects.get(code="KWA-PRO").pk)],
        "subject": "Prognose en tijdelijke locaties",
        "body": "Tellen tijdelijke locaties mee?",
        "consent": "on",
        "website": "",
    }


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def _small_unpacked_limits(settings):
    """Small absolute limits, so that a file that packs badly (2:1) can still be too large unpacked."""
    settings.MAX_ATTACHMENT_UNPACKED_BYTES = 1_000_000
    settings.PLAN_IMPORT_MAX_UNPACKED_BYTES = 1_000_000


def assert_refused_at_the_field(response, message: str) -> None:
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert "utrecht-form-field-error-message" in page  # shown at the field, not only on top of the page


@pytest.mark.parametrize("attack", ATTACKS)
def test_question_attachment_is_refused(client, settings, attack):
    upload = SimpleUploadedFile("plan.docx", hostile_file("question", attack))
    response = client.post("/vragen/stellen/", {**ask_data(), "attachments": [upload]})
    assert_refused_at_the_field(response, ATTACKS[attack][1])
    assert not Question.objects.exists() and not QuestionAttachment.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_publication_attachment_is_refused(client_for, settings, attack):
    publication = PublicationFactory()
    upload = SimpleUploadedFile("kader.docx", hostile_file("publication", attack))
    response = client_for("kernteam").post(
        reverse("loket:publication_attachment_add", kwargs={"pk": publication.pk}), {"file": upload}
    )
    assert_refused_at_the_field(response, ATTACKS[attack][1])
    assert not publication.attachments.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_plan_import_is_refused(client, users, settings, attack):
    version = version_for("PV26")
    login(client, users["prt_utrecht"])
    upload = SimpleUploadedFile("locaties.xlsx", hostile_file("plan", attack))
    response = client.post(f"/plannen/PV26/v{version.number}/importeren/", {"file": upload})
    assert_refused_at_the_field(response, ATTACKS[attack][1])
    assert not version.locations.exists()


def test_the_same_files_without_the_attack_are_accepted(client, client_for):
    """The refusals above come from the attacks, not from the plain files they were built on."""
    docx = _zip(BASE["question"])
    response = client.post("/vragen/stellen/", {**ask_data(), "attachments": [SimpleUploadedFile("plan.docx", docx)]})
    assert response.status_code == 302 and QuestionAttachment.objects.count() == 1

    publication = PublicationFactory()
    response = client_for("kernteam").post(
        reverse("loket:publication_attachment_add", kwargs={"pk": publication.pk}),
        {"file": SimpleUploadedFile("kader.docx", _zip(BASE["publication"]))},
    )
    assert response["Location"] == reverse("loket:publication_edit", kwargs={"pk": publication.pk})
    assert publication.attachments.count() == 1


def test_printer_settings_of_office_are_accepted_but_checked_for_programs(client):
    """Word and Excel store the printer's settings as `<folder>/printerSettings/printerSettingsN.bin`: a
    real document with them is accepted; a program put there is still refused by its content."""
    with_printer = {**BASE["question"], "word/printerSettings/printerSettings1.bin": b"\x00\x04" + b"\x00" * 200}
    response = client.post(
        "/vragen/stellen/", {**ask_data(), "attachments": [SimpleUploadedFile("plan.docx", _zip(with_printer))]}
    )
    assert response.status_code == 302 and QuestionAttachment.objects.count() == 1

    disguised = {**BASE["question"], "word/printerSettings/printerSettings1.bin": EXE}
    response = client.post(
        "/vragen/stellen/", {**ask_data(), "attachments": [SimpleUploadedFile("plan.docx", _zip(disguised))]}
    )
    assert_refused_at_the_field(response, MACRO)
    assert QuestionAttachment.objects.count() == 1
