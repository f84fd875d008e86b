"""What the monitoring exports hold: the columns of the register and of a meeting's escalation
report, and the report's layout as PDF.

The files themselves are written by the portal's one export writer, `loket.core.exports`
(streamed CSV, write-only XLSX with every cell neutralised, the `PdfReport` builder and
`pdf_response`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.exports import Column, PdfReport, local

from .models import SignalKind
from .workflow import Status

CHUNK = 1000  # rows per database round trip; bounds the memory of an export (not the row count)


def signal_columns(*, include_internal: bool) -> list[Column]:
    """The register's columns, over the rows of monitoring.selectors.export_rows (dicts). Labels are
    translated once per export, not per row (get_FOO_display on lazy choices and gettext per cell cost
    more than the query), and times converted with one time zone object."""
    kinds = {value: str(label) for value, label in SignalKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    national, yes, no = _("Landelijk"), _("ja"), _("nee")
    tz = timezone.get_current_timezone()

    def owner(s):
        if not s["owner__username"]:
            return ""
        return f"{s['owner__first_name']} {s['owner__last_name']}".strip() or s["owner__username"]

    columns = [
        Column(_("Nummer"), 9, lambda s: s["pk"], "0"),
        Column(_("Soort"), 10, lambda s: kinds.get(s["kind"], s["kind"])),
        Column(_("Titel"), 45, lambda s: s["title"]),
        Column(_("Status"), 16, lambda s: statuses.get(s["status"], s["status"])),
        Column(_("Provincie(s)"), 28, lambda s: ", ".join(s["province_names"]) or national),
        Column(_("Thema"), 28, lambda s: s["theme__name"] or ""),
        Column(_("Impact"), 8, lambda s: s["impact"], "0"),
        Column(_("Kans"), 8, lambda s: s["likelihood"], "0"),
        Column(_("Score"), 8, lambda s: s["impact"] * s["likelihood"], "0"),
        Column(_("Eigenaar"), 22, owner),
        Column(_("Deadline"), 12, lambda s: s["deadline"], "DD-MM-YYYY"),
        Column(_("Over tijd"), 10, lambda s: yes if s["is_overdue"] else no),
        Column(_("Open acties"), 11, lambda s: s["open_actions"] or 0, "0"),
        Column(
            _("Aangemaakt op"),
            18,
            lambda s: s["created_at"].astimezone(tz).replace(tzinfo=None) if s["created_at"] else None,
            "DD-MM-YYYY HH:MM",
        ),
        Column(_("Omschrijving"), 60, lambda s: s["description"]),
    ]
    if include_internal:
        columns.append(Column(_("Interne notities"), 50, lambda s: s["internal_notes"]))
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
    """The escalation report of one LRT meeting, through the portal's one PDF builder."""
    date_text = meeting.date.strftime("%d-%m-%Y")
    report = PdfReport(_("Escalatierapportage LRT %(date)s") % {"date": date_text})
    report.paragraph(
        " · ".join(x for x in [str(meeting), meeting.location, _("%(n)s signalen") % {"n": len(escalations)}] if x)
    ).space(0.5)
    if not escalations:
        report.paragraph(_("Er zijn geen signalen naar dit overleg geëscaleerd."))
    for number, escalation in enumerate(escalations, start=1):
        signal = escalation.signal
        provinces = ", ".join(p.name for p in signal.provinces.all()) or _("Landelijk")
        report.heading(f"{number}. {signal.title}", 2)
        report.facts(
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
            widths_cm=[2.5, 5, 2.5, 7],
        )
        report.heading(_("Voorstel voor besluit"), 4).paragraph(escalation.proposal)
        report.heading(_("Besluit"), 4).paragraph(escalation.decision or _("(nog geen besluit vastgelegd)"))
        actions = list(escalation.actions.all())
        if actions:
            report.heading(_("Vervolgacties"), 4)
            report.table(
                [[_("Wat"), _("Wie"), _("Uiterlijk"), _("Afgerond")]]
                + [
                    [
                        a.what,
                        a.who,
                        a.due_date.strftime("%d-%m-%Y") if a.due_date else "",
                        _("ja") if a.done_at else _("nee"),
                    ]
                    for a in actions
                ],
                widths_cm=[8, 4, 2.5, 2.5],
            )
        report.space(0.6)
    return report.build()
