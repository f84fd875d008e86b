"""`{% signal_table signals %}`: the rows of the signals register.

Rendered in Python, as the core team's question table is (questions/templatetags/question_tables.py):
a Django template spends most of the register's time resolving the variables, filters, includes and
URL tags of its 25 rows (issue 21). Everything is escaped by `format_html`; the texts are the model's
display labels and the same gettext strings as before. The markup is the same as the template's.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.core.formats import short_date

from ..models import SignalKind
from ..selectors import risk_band
from ..workflow import Status

register = template.Library()

STATUS_CSS = {Status.ESCALATED.value: "danger", Status.OPEN.value: "warning", Status.IN_PROGRESS.value: "warning"}

# Every value put in here is escaped: the texts of the row by `conditional_escape`, the cells shared by
# many rows (labels, markers, dates) once per table by `format_html`; the rest are numbers.
ROW = (
    '<tr><th scope="row"><a href="{url}">{title}</a></th><td>{kind}</td>'
    "<td>{status}</td><td>{provinces}</td><td>{theme}</td><td>{score}</td>"
    "<td>{owner}</td><td>{deadline}{late}</td><td>{open_actions}</td></tr>"
)


class _Cells:
    """The cells many rows share, each escaped once per table: kind and status labels (with their
    marker), score markers (25 possible scores) and the months of the deadlines."""

    def __init__(self):
        self.kinds = {value: conditional_escape(str(label)) for value, label in SignalKind.choices}
        self.statuses = {
            value: format_html('<span class="marker marker--{}">{}</span>', STATUS_CSS.get(value, "ok"), str(label))
            for value, label in Status.choices
        }
        self.national = conditional_escape(gettext("Landelijk"))
        self.late = format_html(' <span class="marker marker--danger">{}</span>', gettext("over tijd"))
        self._scores: dict = {}
        self._months: dict = {}

    def status(self, value: str) -> str:
        cell = self.statuses.get(value)
        if cell is None:  # a value outside the choices: shown as stored, as get_status_display does
            cell = self.statuses[value] = format_html('<span class="marker marker--ok">{}</span>', value)
        return cell

    def score(self, value) -> str:
        cell = self._scores.get(value)
        if cell is None:
            band, band_css = risk_band(int(value or 0))
            cell = self._scores[value] = format_html(
                '<span class="marker marker--{}">{} · {}</span>', band_css, value, band
            )
        return cell

    def date(self, value) -> str:
        """`short_date`: Django formats each month of the page once ("1 okt. 2026") and the day goes in
        front of the month ("2 okt. 2026", SHORT_DATE_FORMAT "j N Y"); the deadlines of a page differ,
        their months less. A format that does not start with the day is formatted per date."""
        if value is None:
            return "—"
        month = self._months.get((value.year, value.month))
        if month is None:
            first = short_date(value.replace(day=1))
            month = self._months[(value.year, value.month)] = conditional_escape(first[2:]) if first[:2] == "1 " else ""
        if not month:
            return conditional_escape(short_date(value))
        return f"{value.day} {month}"


def _detail_url_maker():
    """pk -> URL of the signal page: `reverse` once per table instead of once per row."""
    marker = 987654321
    before, after = reverse("monitoring:signal_detail", args=[marker]).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _row(signal: dict, *, cells: _Cells, detail_url) -> str:
    names = signal["province_names"]
    if signal["owner__username"] is not None:  # as User.get_full_name() or username
        full_name = f"{signal['owner__first_name']} {signal['owner__last_name']}".strip()
        owner = conditional_escape(full_name or signal["owner__username"])
    else:
        owner = "—"
    kind = signal["kind"]
    return ROW.format(
        url=detail_url(int(signal["pk"])),
        title=conditional_escape(signal["title"]),
        kind=cells.kinds[kind] if kind in cells.kinds else conditional_escape(kind),
        status=cells.status(signal["status"]),
        provinces=conditional_escape(", ".join(names)) if names else cells.national,
        theme=conditional_escape(signal["theme__name"]) if signal["theme__name"] is not None else "—",
        score=cells.score(signal["score_value"]),
        owner=owner,
        deadline=cells.date(signal["deadline"]),
        late=cells.late if signal["is_overdue"] else "",
        open_actions=int(signal["open_actions"]),
    )


@register.simple_tag
def signal_rows(signals) -> SafeString:
    """The `<tr>` rows of `signals`: dicts of `monitoring.selectors.register_page.register_rows` with their
    details (`with_row_details`)."""
    cells, detail_url = _Cells(), _detail_url_maker()
    return mark_safe("\n".join(_row(s, cells=cells, detail_url=detail_url) for s in signals))  # noqa: S308 - escaped above
