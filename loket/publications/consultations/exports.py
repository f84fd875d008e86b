"""The reactienota: every comment of a round with its handling, as XLSX and PDF through the one
export writer (loket.core.exports). Names of people appear only in the core team's copy."""

from django.utils.translation import gettext as _

from loket.core.exports import Column, PdfReport, local, pdf_response, xlsx_response
from loket.core.formats import short_date
from loket.publications.consultations.models import Consultation


def reactienota_columns(*, with_names: bool) -> list[Column]:
    columns = [
        Column(_("Nr."), 7, lambda c: c.number),
        Column(_("Onderdeel"), 28, lambda c: c.section_label),
        Column(_("Organisatie"), 24, lambda c: c.organisation_name or "-"),
    ]
    if with_names:
        columns.append(Column(_("Indiener"), 20, lambda c: c.author_name))
    columns += [
        Column(_("Reactie"), 60, lambda c: c.text),
        Column(_("Verwerking"), 18, lambda c: c.get_handling_display() or _("nog niet beantwoord")),
        Column(_("Toelichting kernteam"), 50, lambda c: c.reason),
        Column(_("Zelfde strekking als"), 12, lambda c: c.duplicate_of.number if c.duplicate_of_id else ""),
    ]
    if with_names:
        columns.append(Column(_("Ingediend op"), 16, lambda c: local(c.created_at), "DD-MM-YYYY HH:MM"))
    return columns


def reactienota_filename(consultation: Consultation, ext: str) -> str:
    return f"reactienota-{consultation.publication.slug[:60]}-{consultation.pk}.{ext}"


def reactienota_response(consultation: Consultation, fmt: str, *, with_names: bool):
    comments = list(consultation.comments.select_related("duplicate_of").order_by("created_at", "pk"))
    columns = reactienota_columns(with_names=with_names)
    title = _("Reactienota: %(title)s") % {"title": consultation.title}
    if fmt == "xlsx":
        return xlsx_response([(_("Reactienota"), columns, comments)], reactienota_filename(consultation, "xlsx"))
    intro = [
        _("Consultatie op versie %(version)s, gesloten op %(date)s. %(n)s reacties.")
        % {"version": consultation.version, "date": short_date(consultation.closes_on), "n": len(comments)},
    ]
    if consultation.published_version:
        intro.append(_("Verwerkt in gepubliceerde versie %(v)s.") % {"v": consultation.published_version})
    report = PdfReport(title, landscape_page=True, margin_cm=1.5)
    for line in intro:
        report.paragraph(line)
    content = report.space(0.4).column_table(columns, comments).build()
    return pdf_response(content, reactienota_filename(consultation, "pdf"))
