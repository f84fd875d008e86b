import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.models import Organisation, Province, Theme


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("notitie.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def ask_data(db):
    return {
        "asker_name": "Anna Vrager",
        "asker_email": "anna@gemeente.example.nl",
        "organisation": str(Organisation.objects.get(code="VNG").pk),
        "organisation_name": "",
        "asker_role": "Beleidsadviseur",
        "province": str(Province.objects.get(code="PV26").pk),
        "themes": [str(Theme.objects.get(code="KWA-PRO").pk)],
        "subject": "Prognose en tijdelijke locaties",
        "body": "Tellen tijdelijke locaties mee voor de provinciale opgave?",
        "consent": "on",
        "website": "",
    }
