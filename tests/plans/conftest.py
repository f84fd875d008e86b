import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from plans.workflow import Status

from .factories import version_for


@pytest.fixture
def utrecht_concept(db):
    return version_for("PV26", Status.CONCEPT, number=1)


def xlsx_file(rows, name="locaties.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def csv_file(text: str, name="locaties.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


HEADER = [
    "naam",
    "gemeente",
    "locatietype",
    "capaciteit",
    "waarvan amv",
    "eerste kwartaal",
    "laatste kwartaal",
    "status",
    "flexibel",
]


def import_url(version) -> str:
    kwargs = {"province_code": version.plan.province.code, "number": version.number}
    return reverse("plans:location_import", kwargs=kwargs)


def preview_import(client, version, upload, *, replace: bool = False):
    """Step 1 of an import: upload the file; follows to the preview page (nothing is written yet)."""
    data = {"file": upload, **({"replace": "on"} if replace else {})}
    return client.post(import_url(version), data, follow=True)


def confirm_import(client, preview):
    """Step 2: confirm the preview shown in `preview` (the followed response of preview_import)."""
    url, _status = preview.redirect_chain[-1]
    return client.post(url, {"bevestigen": ""}, follow=True)


def import_rows(client, version, upload, *, replace: bool = False):
    """Upload and confirm; returns the page after confirming."""
    preview = preview_import(client, version, upload, replace=replace)
    assert preview.redirect_chain, preview.content.decode()[:2000]
    return confirm_import(client, preview)
