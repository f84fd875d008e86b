import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
