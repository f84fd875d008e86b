import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.uploads import safe_filename
from questions.services import check_attachment
from tests.questions.conftest import PDF, PNG, docx_bytes, odt_bytes


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def ods_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("brief.pdf", PDF, "application/pdf"),
        ("kaart.png", PNG, "image/png"),
        ("foto.JPG", JPG, "image/jpeg"),
        ("foto.jpeg", JPG, "image/jpeg"),
        ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("cijfers.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("plan.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("cijfers.ods", ods_bytes(), "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_accepted_types(name, content, mime, settings):
    checked = check_attachment(upload(name, content))
    assert checked.content_type == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 60, "bad_extension"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "bad_content"),  # renamed executable
        ("plan.docx", odt_bytes(), "bad_content"),  # an ODT dressed as DOCX
        ("cijfers.xlsx", docx_bytes(), "bad_content"),
        ("archief.docx", b"PK\x03\x04" + b"\x00" * 100, "bad_content"),  # broken zip
        ("leeg.pdf", b"", "empty"),
        ("script.svg", b"<svg onload=alert(1)>", "bad_extension"),
        ("noext", PDF, "bad_extension"),
        ("foto.png", JPG, "bad_content"),
    ],
)
def test_refused(name, content, code):
    with pytest.raises(ValidationError) as info:
        check_attachment(upload(name, content))
    assert info.value.code == code
    assert info.value.messages[0]


def test_zip_without_office_member_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        check_attachment(upload("plan.docx", buffer.getvalue()))


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 5_000_000)
    with pytest.raises(ValidationError):
        check_attachment(upload("plan.docx", buffer.getvalue()))


def test_too_large(settings):
    settings.MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError) as info:
        check_attachment(upload("brief.pdf", PDF + b"0" * 200))
    assert info.value.code == "too_large"
    assert "te groot" in info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\brief.PDF", "brief.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("<b>rapport</b>.pdf".replace("/", "_"), "b_rapport__b.pdf"),
        ("rapport\x00.pdf", "rapport.pdf"),
        ("..pdf", "pdf"),
        ("", "bijlage"),
        ("a" * 300 + ".docx", "a" * 90 + ".docx"),
        ("Notitie provincie Fryslân 2026.pdf", "Notitie provincie Fryslân 2026.pdf"),
    ],
)
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe
