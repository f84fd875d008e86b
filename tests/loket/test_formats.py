"""Dutch formats, one way each (issue 18, item 2): dates "2 okt. 2026" or "2 oktober 2026", times
"18:56", numbers "88.000", quarters "2026-K3", in pages and mails; exports keep real values."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import numberformat, translation

from loket.core.formats import long_date, number, number_writer, short_date, signed
from loket.mailings.tasks import send_prognosis_update
from plans import quarters
from tests.loket.factories import make_round

AMS = ZoneInfo("Europe/Amsterdam")


def render(source: str, **context) -> str:
    with translation.override("nl"):
        return Template("{% load formats plans_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "text"),
    [(88000, "88.000"), (38310, "38.310"), (6865, "6.865"), (-1250, "-1.250"), (999, "999"), (0, "0"), (None, "")],
)
def test_numbers_have_a_point_per_thousand(value, text):
    assert number(value) == text
    assert render("{{ n|getal }}", n=value) == text


def test_a_number_writer_writes_as_number_does_in_the_language_active_when_it_was_made():
    values = [88000, -1250, 0, None, 1234.5, "7", True]
    with translation.override("nl"):
        write = number_writer()
        assert [write(v) for v in values] == [number(v) for v in values]
        assert write(1234.5, 1) == "1.234,5"
        assert [signed(v, writer=write) for v in (12500, -3000, 0, None)] == ["+12.500", "-3.000", "0", ""]
    with translation.override("en"):
        assert number(88000) == "88,000"
        assert write(88000) == "88.000"  # the separators of the language it was made in


def test_signed_differences_and_quarters():
    assert render("{{ d|signed }} {{ e|signed }}", d=12500, e=-3000) == "+12.500 -3.000"
    assert render("{{ q|quarter }}", q=quarters.encode(2026, 3)) == "2026-K3"


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [
        (date(2026, 10, 2), "2 okt. 2026", "2 oktober 2026"),
        (date(2026, 5, 14), "14 mei 2026", "14 mei 2026"),  # "mei" has no abbreviation
        (date(2026, 3, 1), "1 mrt. 2026", "1 maart 2026"),
        (date(2026, 9, 30), "30 sep. 2026", "30 september 2026"),
    ],
)
def test_dates_short_and_long(day, short, long):
    with translation.override("nl"):
        assert (short_date(day), long_date(day)) == (short, long)
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date }}', d=day) == f"{short}|{long}"


def test_times_and_date_times_in_amsterdam_time():
    moment = datetime(2026, 12, 1, 17, 56, tzinfo=ZoneInfo("UTC"))  # 18:56 in Amsterdam
    text = render(
        '{{ t|date:"TIME_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}', t=moment
    )
    assert text == "18:56|1 dec. 2026 18:56|1 december 2026 18:56"


def test_typed_dates_are_read_as_before():
    field = forms.DateField()
    with translation.override("nl"):
        assert field.clean("31-12-2026") == date(2026, 12, 31)
        assert field.clean("2026-12-31") == date(2026, 12, 31)  # <input type="date">


@pytest.mark.django_db
def test_prognosis_pages_and_mail_use_the_house_formats(users, client_for, django_capture_on_commit_callbacks):
    current = make_round(
        reference_date=date(2026, 10, 2),
        national_total=88000,
        figures={"PV26": 6865, "PV25": 12400},
        mailing_due=True,
    )
    page = client_for(None).get(reverse("plans:prognosis_detail", kwargs={"pk": current.pk})).content.decode()
    assert "2 oktober 2026" in page and "88.000 plaatsen" in page
    assert ">6.865<" in page and ">12.400<" in page
    assert "88000" not in page and "Okt" not in page

    listing = client_for(None).get(reverse("plans:prognosis")).content.decode()
    assert "Landelijk 88.000 plaatsen" in listing

    with django_capture_on_commit_callbacks(execute=True):
        send_prognosis_update(current.pk)
    sent = [m for m in mail.outbox if users["prt_utrecht"].email in m.to]
    assert sent, "the PRT-lid of Utrecht gets the prognosis mail"
    body = sent[0].body
    html = sent[0].alternatives[0][0]
    assert "Utrecht: 6.865 plaatsen" in body and "Landelijk: 88.000 plaatsen" in body
    assert "per 2 oktober 2026" in body and ">6.865<" in html


# Template date formats allowed: the named house formats, and "c" (ISO, for <time datetime>).
ALLOWED_DATE_FORMATS = {
    "SHORT_DATE_FORMAT",
    "DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "c",
}
DATE_FILTER = re.compile(r"""\|(?:date|time):["']([^"']*)["']""")
# Python code that writes a date for people (mails, pages, notes) goes through date_format or
# loket.core.formats; strftime("%d-%m-%Y") and friends are for exports only.
AD_HOC_PYTHON = re.compile(r"""(strftime\(\s*["']%d|:%d-%m-%Y\}|["']j [MF] Y["']|["']d-m-Y)""")
EXPORT_MODULES = {"loket/core/exports/tabular.py", "monitoring/exports.py"}


def test_no_ad_hoc_date_formats_in_templates():
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for path in root.rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for fmt in DATE_FILTER.findall(path.read_text(encoding="utf-8")):
            if fmt not in ALLOWED_DATE_FORMATS:
                found.append(f"{path.relative_to(root)}: {fmt}")
    assert found == [], "use a named format (config/formats/nl/formats.py): " + ", ".join(found)


def test_no_ad_hoc_date_formats_in_python_for_people():
    base = Path(settings.BASE_DIR)
    found = []
    for package in ("config", "loket", "questions", "experts", "plans", "monitoring"):
        for path in (base / package).rglob("*.py"):
            rel = path.relative_to(base).as_posix()
            if rel in EXPORT_MODULES or "/migrations/" in rel or rel.startswith("config/formats/"):
                continue
            for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if AD_HOC_PYTHON.search(line):
                    found.append(f"{rel}:{line_no}")
    assert found == [], "use loket.core.formats or date_format with a named format: " + ", ".join(found)


def test_whole_numbers_take_the_fast_path_with_the_same_result_as_numberformat():
    """The shortcut for whole numbers (issue 21: the capacity picture writes hundreds) writes exactly
    what Django's numberformat writes, negative numbers and zero included."""
    for value in (0, 7, 999, 1000, -1250, 88000, 1234567, -(10**9)):
        expected = numberformat.format(value, ",", grouping=3, thousand_sep=".", force_grouping=True)
        assert number(value) == expected
    assert number(True) == "True"  # a bool is no number: as before, written as it is
