"""The evaluation as a whole: the list of sections, and the two exports that walk it (the XLSX with
one sheet per section and the PDF report with every section's explanation and table)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.exports import pdf_document, table_columns
from loket.core.formats import short_date

from .base import Scope, Section
from .consultations import consultation_handling_section, consultation_organisation_section, consultation_round_section
from .governance import escalation_section, signal_section
from .questions import (
    asker_role_section,
    channel_section,
    main_theme_section,
    month_section,
    organisation_type_section,
    province_section,
    referral_section,
    response_distribution_section,
    response_section,
    satisfaction_section,
    theme_section,
)
from .support import support_kind_section, support_province_section

# The evaluation's sections, in the order of the page, the sheets and the report.
SECTIONS: list[Callable[[Scope], Section]] = [
    response_section,
    response_distribution_section,
    satisfaction_section,
    channel_section,
    main_theme_section,
    theme_section,
    province_section,
    organisation_type_section,
    asker_role_section,
    month_section,
    referral_section,
    support_kind_section,
    support_province_section,
    consultation_round_section,
    consultation_handling_section,
    consultation_organisation_section,
    signal_section,
    escalation_section,
]


def evaluation_sections(scope: Scope | None = None) -> list[Section]:
    scope = scope or Scope()
    return [build(scope) for build in SECTIONS]


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def evaluation_report_pdf(scope: Scope | None = None) -> bytes:
    """The evaluation report: every section's explanation and table, for the period."""
    scope = scope or Scope()
    blocks: list[tuple[str, object]] = [
        (
            "p",
            _("Evaluatie van het ondersteuningsarrangement over %(period)s. Gemaakt op %(today)s.")
            % {"period": scope.label, "today": short_date(timezone.localdate())},
        ),
        ("p", _("Reactietijden staan in werkdagen. Bij elke tabel staat kort wat de maat betekent.")),
    ]
    for section in evaluation_sections(scope):
        blocks += [
            ("h2", section.title),
            ("p", section.explanation),
            ("table", [section.headers, *[[_text(cell) for cell in row] for row in section.all_rows]]),
        ]
    return pdf_document(_("Evaluatierapport Loket Flexibilisering Asielketen"), blocks)


def evaluation_sheets(scope: Scope | None = None) -> list:
    """The sections as XLSX sheets for loket.core.exports.xlsx_response."""
    sheets = []
    for section in evaluation_sections(scope):
        widths = [40] + [14] * (len(section.headers) - 1)
        formats = section.formats or [None] * len(section.headers)
        columns = table_columns(list(zip(section.headers, widths, formats, strict=True)))
        title = "".join(c for c in section.title if c not in "[]:*?/\\")[:31]  # what a sheet name may hold
        sheets.append((title, columns, section.all_rows))
    return sheets
