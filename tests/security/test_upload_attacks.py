"""Upload attacks: wrong content behind a good extension, oversized files, path traversal in the
file name, and an XLSX zip bomb: refused with a Dutch message, nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.models import Organisation, Province, Theme
from questions.models import Question, QuestionAttachment
from questions.services import check_attachment
from tests.conftest import login
from tests.plans.factories import version_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
HTML = b"<html><script>alert(1)</script></html>"


@pytest.fixture
def ask_data(db):
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


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notitie.pdf", EXE, "past niet bij een PDF-bestand"),
        ("notitie.pdf", HTML, "past niet bij een PDF-bestand"),
        ("plaatje.png", PDF, "past niet bij een PNG-bestand"),
        ("tabel.xlsx", b"PK\x03\x04" + b"\x00" * 60, "past niet bij een XLSX-bestand"),
        ("virus.exe", EXE, "bestandstype dat wij niet aannemen"),
        ("pagina.html", HTML, "bestandstype dat wij niet aannemen"),
        ("notitie.pdf", PDF + b"0" * 3000, "te groot"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(client, ask_data, settings, name, content, message):
    settings.MAX_ATTACHMENT_BYTES = 2000
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post("/vragen/stellen/", {**ask_data, "attachments": [upload]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists() and not QuestionAttachment.objects.exists()


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "map/notitie.pdf", ".htaccess.pdf", "a\x00b.pdf"]
)
def test_hostile_file_names_are_refused(name):
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    upload._name = name  # past Django's own basename() in UploadedFile.name: what a hand-made request could carry
    with pytest.raises(ValidationError) as error:
        check_attachment(upload)
    assert "ongeldige bestandsnaam" in " ".join(error.value.messages)


def test_path_traversal_through_the_form_never_leaves_the_upload_folder(client, ask_data, settings, tmp_path):
    """Over HTTP only the base name arrives (Django strips directories); the file is stored under a
    random name inside MEDIA_ROOT, never at the path the name asks for."""
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    client.post("/vragen/stellen/", {**ask_data, "attachments": [upload]})
    for attachment in QuestionAttachment.objects.all():
        assert "/" not in attachment.original_name and ".." not in attachment.original_name
        path = attachment.file.path
        assert str(path).startswith(str(settings.MEDIA_ROOT)) and "passwd" not in path


def _xlsx_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("locaties.xlsx", PDF, "geen geldig XLSX-bestand"),
        ("locaties.xlsx", EXE, "geen geldig XLSX-bestand"),
        ("locaties.csv", _xlsx_zip({"a.txt": b"x"}), "geen geldig CSV-bestand"),
        ("locaties.csv", b"\x00\x01\x02\xff\xfe" * 50, ""),
        ("locaties.xlsx", _xlsx_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"x"}), "XLSX"),
        (
            "bom.xlsx",
            _xlsx_zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024)}),
            "te groot",
        ),
        ("groot.csv", b"naam;gemeente\n" + b"a;b\n" * (600 * 1024), "te groot"),
    ],
)
def test_bad_spreadsheet_imports_are_refused(client, users, name, content, message):
    version = version_for("PV26")
    login(client, users["prt_utrecht"])
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(f"/plannen/PV26/v{version.number}/importeren/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "utrecht-form-field-error-message" in body or "utrecht-alert--error" in body
    assert not version.locations.exists()
