"""What the monitoring exports hold: the columns of the register and of a meeting's escalation
report, and the report as PDF (reportlab, `invariant=1` for reproducible files).

The CSV and XLSX files themselves are written by the portal's one export writer,
`loket.core.exports` (streamed CSV, write-only XLSX, every cell neutralised against formula
injection).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from loket.core.exports import Column, local

from .models import SignalKind
from .workflow import Status

CHUNK = 1000  # rows per database round trip; bounds the memory of an export (not the row count)


def province_names(signal) -> list[str]:
    """Set per chunk by monitoring.selectors.export_rows; else from the (prefetched) relation."""
    names = getattr(signal, "province_names", None)
    return names if names is not None else [p.name for p in signal.provinces.all()]


def signal_columns(*, include_internal: bool) -> list[Column]:
    # Labels translated once per export, not per row (get_FOO_display on lazy choices and gettext
    # per cell cost more than the query: 5,000 rows took seconds).

    kinds = {value: str(label) for value, label in SignalKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    national, yes, no = _("Landelijk"), _("ja"), _("nee")
    columns = [
        Column(_("Nummer"), 9, lambda s: s.pk, "0"),
        Column(_("Soort"), 10, lambda s: kinds.get(s.kind, s.kind)),
        Column(_("Titel"), 45, lambda s: s.title),
        Column(_("Status"), 16, lambda s: statuses.get(s.status, s.status)),
        Column(
            _("Provincie(s)"),
            28,
            lambda s: ", ".join(province_names(s)) or national,
        ),
        Column(_("Thema"), 28, lambda s: str(s.theme) if s.theme_id else ""),
        Column(_("Impact"), 8, lambda s: s.impact, "0"),
        Column(_("Kans"), 8, lambda s: s.likelihood, "0"),
        Column(_("Score"), 8, lambda s: s.impact * s.likelihood, "0"),
        Column(_("Eigenaar"), 22, lambda s: (s.owner.get_full_name() or s.owner.get_username()) if s.owner_id else ""),
        Column(_("Deadline"), 12, lambda s: s.deadline, "DD-MM-YYYY"),
        Column(_("Over tijd"), 10, lambda s: yes if getattr(s, "is_overdue", False) else no),
        Column(_("Open acties"), 11, lambda s: getattr(s, "open_actions", 0), "0"),
        Column(_("Aangemaakt op"), 18, lambda s: local(s.created_at), "DD-MM-YYYY HH:MM"),
        Column(_("Omschrijving"), 60, lambda s: s.description),
    ]
    if include_internal:
        columns.append(Column(_("Interne notities"), 50, lambda s: s.internal_notes))
    return columns


def escalation_columns() -> list[Column]:
    def actions(e):
        return "; ".join(
            f"{a.what} ({a.who}{', ' + a.due_date.strftime('%d-%m-%Y') if a.due_date else ''}"
            f"{', ' + _('afgerond') if a.done_at else ''})"
            for a in e.actions.all()
        )

    return [
        Column(_("Signaal"), 9, lambda e: e.signal_id, "0"),
        Column(_("Soort"), 10, lambda e: e.signal.get_kind_display()),
        Column(_("Titel"), 45, lambda e: e.signal.title),
        Column(_("Provincie(s)"), 28, lambda e: ", ".join(p.name for p in e.signal.provinces.all()) or _("Landelijk")),
        Column(_("Score"), 8, lambda e: e.signal.impact * e.signal.likelihood, "0"),
        Column(_("Status"), 16, lambda e: e.signal.get_status_display()),
        Column(_("Voorstel"), 60, lambda e: e.proposal),
        Column(_("Besluit"), 60, lambda e: e.decision),
        Column(_("Besloten op"), 18, lambda e: local(e.decided_at), "DD-MM-YYYY HH:MM"),
        Column(_("Vervolgacties"), 60, actions),
    ]


# --- PDF -----------------------------------------------------------------------------------------


def escalation_report_pdf(meeting, escalations: list) -> bytes:
    def para(text, style):
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    buffer = io.BytesIO()
    date_text = meeting.date.strftime("%d-%m-%Y")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Escalatierapportage LRT %(date)s") % {"date": date_text},
        author="Loket Flexibilisering Asielketen",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        invariant=1,
        pageCompression=0,
    )
    styles = getSampleStyleSheet()
    story = [
        para(_("Escalatierapportage LRT %(date)s") % {"date": date_text}, styles["Title"]),
        para(
            " · ".join(x for x in [str(meeting), meeting.location, _("%(n)s signalen") % {"n": len(escalations)}] if x),
            styles["Normal"],
        ),
        Spacer(1, 0.5 * cm),
    ]
    if not escalations:
        story.append(para(_("Er zijn geen signalen naar dit overleg geëscaleerd."), styles["Normal"]))
    for number, escalation in enumerate(escalations, start=1):
        signal = escalation.signal
        provinces = ", ".join(p.name for p in signal.provinces.all()) or _("Landelijk")
        story.append(para(f"{number}. {signal.title}", styles["Heading2"]))
        meta = Table(
            [
                [_("Soort"), signal.get_kind_display(), _("Provincie(s)"), provinces],
                [
                    _("Score"),
                    _("%(score)s (impact %(impact)s, kans %(likelihood)s)")
                    % {
                        "score": signal.impact * signal.likelihood,
                        "impact": signal.impact,
                        "likelihood": signal.likelihood,
                    },
                    _("Status"),
                    signal.get_status_display(),
                ],
            ],
            colWidths=[2.5 * cm, 5 * cm, 2.5 * cm, 7 * cm],
        )
        meta.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                    ("FONTNAME", (2, 0), (2, -1), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [
            meta,
            Spacer(1, 0.2 * cm),
            para(_("Voorstel voor besluit"), styles["Heading4"]),
            para(escalation.proposal, styles["Normal"]),
            para(_("Besluit"), styles["Heading4"]),
            para(escalation.decision or _("(nog geen besluit vastgelegd)"), styles["Normal"]),
        ]
        actions = list(escalation.actions.all())
        if actions:
            story.append(para(_("Vervolgacties"), styles["Heading4"]))
            data = [[_("Wat"), _("Wie"), _("Uiterlijk"), _("Afgerond")]] + [
                [
                    para(a.what, styles["Normal"]),
                    para(a.who, styles["Normal"]),
                    a.due_date.strftime("%d-%m-%Y") if a.due_date else "",
                    _("ja") if a.done_at else _("nee"),
                ]
                for a in actions
            ]
            table = Table(data, colWidths=[8 * cm, 4 * cm, 2.5 * cm, 2.5 * cm], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
        story.append(Spacer(1, 0.6 * cm))
    doc.build(story)
    return buffer.getvalue()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
