"""What every evaluation section stands on: the period (`Scope`) and the table a section builds
(`Section`), with small helpers for shares and working-day medians."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.formats import short_date
from loket.core.models import Province
from questions.models import Question


@dataclass
class Scope:
    """The period of the evaluation (both ends inclusive; None: open)."""

    start: date | None = None
    end: date | None = None
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as aware datetimes [low, high) in the portal's time zone (None: open)."""
        tz = timezone.get_current_timezone()
        low = datetime.combine(self.start, time.min, tzinfo=tz) if self.start else None
        high = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz) if self.end else None
        return low, high

    def within(self, field_name: str) -> Q:
        low, high = self.bounds()
        q = Q()
        if low:
            q &= Q(**{f"{field_name}__gte": low})
        if high:
            q &= Q(**{f"{field_name}__lt": high})
        return q

    def questions(self) -> QuerySet[Question]:
        return Question.objects.filter(self.within("received_at"))

    def provinces(self) -> list[tuple[int, str]]:
        """(pk, name) of the twelve provinces, by name: read once per evaluation, whatever section asks."""
        if "provinces" not in self._memo:
            self._memo["provinces"] = list(Province.objects.order_by("name").values_list("pk", "name"))
        return self._memo["provinces"]

    @property
    def label(self) -> str:
        if not self.start and not self.end:
            return _("de hele looptijd")
        start = short_date(self.start) if self.start else "…"
        end = short_date(self.end) if self.end else "…"
        return _("%(start)s tot en met %(end)s") % {"start": start, "end": end}


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart_column: int | None = 1  # the column the bar chart shows (None: no chart)
    formats: list[str | None] = field(default_factory=list)  # XLSX number format per column
    total_row: list | None = None  # shown under the table and in the exports; never a bar of the chart

    @property
    def all_rows(self) -> list[list]:
        """The rows as the exports write them: the table's rows and then the total."""
        return [*self.rows, self.total_row] if self.total_row else list(self.rows)


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None
