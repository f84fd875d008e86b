"""`{% signal_table signals %}`: the rows of the signals register.

Rendered in Python, as the core team's question table is (questions/templatetags/question_tables.py):
a Django template spends most of the register's time resolving the variables, filters, includes and
URL tags of its 25 rows (issue 21). Everything is escaped by `format_html`; the texts are the model's
display labels and the same gettext strings as before. The markup is the same as the template's.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from loket.core.formats import short_date

from ..selectors import risk_band
from ..workflow import Status

register = template.Library()

STATUS_CSS = {Status.ESCALATED.value: "danger", Status.OPEN.value: "warning", Status.IN_PROGRESS.value: "warning"}

ROW = (
    '<tr><th scope="row"><a href="{url}">{title}</a></th><td>{kind}</td>'
    '<td><span class="marker marker--{status_css}">{status}</span></td>'
    "<td>{provinces}</td><td>{theme}</td>"
    '<td><span class="marker marker--{band_css}">{score} · {band}</span></td>'
    "<td>{owner}</td><td>{deadline}{late}</td><td>{open_actions}</td></tr>"
)


def _detail_url_maker():
    """pk -> URL of the signal page: `reverse` once per table instead of once per row."""
    marker = 987654321
    before, after = reverse("monitoring:signal_detail", args=[marker]).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _row(signal, *, texts: dict, detail_url, dates: dict) -> SafeString:
    names = [p.name for p in signal.provinces.all()]
    owner = signal.owner
    band, band_css = risk_band(int(signal.score_value or 0))
    deadline = signal.deadline
    if deadline is not None and deadline not in dates:
        dates[deadline] = short_date(deadline)
    return format_html(
        ROW,
        url=detail_url(signal.pk),
        title=signal.title,
        kind=signal.get_kind_display(),
        status_css=STATUS_CSS.get(signal.status, "ok"),
        status=signal.get_status_display(),
        provinces=", ".join(names) if names else texts["national"],
        theme=str(signal.theme) if signal.theme_id else "—",
        band_css=band_css,
        score=signal.score_value,
        band=band,
        owner=(owner.get_full_name() or owner.username) if owner else "—",
        deadline=dates[deadline] if deadline is not None else "—",
        late=texts["late"] if signal.is_overdue else "",
        open_actions=signal.open_actions,
    )


@register.simple_tag
def signal_rows(signals) -> SafeString:
    """The `<tr>` rows of `signals` (rows of `monitoring.selectors.register_queryset`)."""
    texts = {
        "national": gettext("Landelijk"),
        "late": format_html(' <span class="marker marker--danger">{}</span>', gettext("over tijd")),
    }
    detail_url, dates = _detail_url_maker(), {}
    return format_html_join("\n", "{}", ((_row(s, texts=texts, detail_url=detail_url, dates=dates),) for s in signals))
