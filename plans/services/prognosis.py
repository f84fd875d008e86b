"""Prognosis rounds: create, change, delete, publish (with the mail to each PRT), and the split of a
national total over the provinces."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.formats import short_date
from loket.core.models import Province
from loket.core.outbox import enqueue_on_commit

from ..models import (
    PrognosisRound,
    ProvincePrognosis,
    SplitMethod,
)
from ..split import largest_remainder
from ..workflow import (
    RoundStatus,
)

# --- prognosis rounds ---------------------------------------------------------------------------


def split_by_population(total: int) -> dict[int, int]:
    """Province pk -> share of `total` by population (largest remainder; ties: population, then code)."""
    provinces = list(Province.objects.order_by("code").values_list("pk", "population", "code"))
    parts = largest_remainder(total, [p[1] for p in provinces], keys=[p[2] for p in provinces])
    return {pk: part for (pk, _pop, _code), part in zip(provinces, parts, strict=True)}


def _store_figures(round_: PrognosisRound, figures: dict[int, int]) -> None:
    round_.provinces.all().delete()
    ProvincePrognosis.objects.bulk_create(
        [ProvincePrognosis(round=round_, province_id=pk, figure=figure) for pk, figure in figures.items()]
    )


def _figures_for(*, method: str, national_total: int | None, table: dict[int, int] | None) -> dict[int, int]:
    if method == SplitMethod.POPULATION:
        if national_total is None or national_total <= 0:
            raise ValidationError({"national_total": _("Vul een landelijke opgave in (een positief geheel getal).")})
        return split_by_population(national_total)
    if not table:
        raise ValidationError({"table_file": _("Voeg de officiële tabel toe (CSV of XLSX).")})
    return dict(table)


def _refuse_published_date(reference_date: date, *, exclude_pk: int | None = None) -> None:
    """One published round per reference date: a second one would make "the prognosis" ambiguous."""
    taken = PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED, reference_date=reference_date)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "reference_date": _(
                    "Er is al een gepubliceerde ronde met peildatum %(date)s. Kies een andere peildatum: "
                    "er kan maar één ronde per peildatum gepubliceerd zijn."
                )
                % {"date": short_date(reference_date)}
            },
            code="duplicate_reference_date",
        )


def prognosis_round_create(
    *,
    reference_date: date,
    source: str,
    by,
    method: str = SplitMethod.POPULATION,
    national_total: int | None = None,
    notes: str = "",
    table: dict[int, int] | None = None,
    stated_total: int | None = None,
) -> PrognosisRound:
    """A draft round. By population: `national_total` is split. By table: `table` (province pk -> figure)
    is taken as is; the national total is the sum of the parts and `stated_total` is kept beside it."""
    figures = _figures_for(method=method, national_total=national_total, table=table)
    with transaction.atomic():
        _refuse_published_date(reference_date)
        round_ = PrognosisRound.objects.create(
            reference_date=reference_date,
            national_total=sum(figures.values()),
            method=method,
            source=source,
            notes=notes,
            stated_total=stated_total if method == SplitMethod.TABLE else None,
            created_by=by,
        )
        _store_figures(round_, figures)
    return round_


def prognosis_round_update(
    *,
    round_: PrognosisRound,
    by,
    reference_date: date,
    source: str,
    notes: str = "",
    method: str = SplitMethod.POPULATION,
    national_total: int | None = None,
    table: dict[int, int] | None = None,
    stated_total: int | None = None,
) -> PrognosisRound:
    """Change a draft round. A published round is never changed: a new round follows it instead."""
    with transaction.atomic():
        locked = PrognosisRound.objects.select_for_update().get(pk=round_.pk)
        if locked.status != RoundStatus.DRAFT:
            raise ValidationError(_("Een gepubliceerde ronde kan niet meer worden gewijzigd. Maak een nieuwe ronde."))
        _refuse_published_date(reference_date, exclude_pk=locked.pk)
        if method == SplitMethod.TABLE and not table and locked.method == SplitMethod.TABLE:
            figures = dict(locked.provinces.values_list("province_id", "figure"))
            stated_total = stated_total if stated_total is not None else locked.stated_total
        else:
            figures = _figures_for(method=method, national_total=national_total, table=table)
        locked.reference_date = reference_date
        locked.source = source
        locked.notes = notes
        locked.method = method
        locked.national_total = sum(figures.values())
        locked.stated_total = stated_total if method == SplitMethod.TABLE else None
        locked.save()
        _store_figures(locked, figures)
    return locked


def prognosis_round_delete(*, round_: PrognosisRound, by) -> None:
    with transaction.atomic():
        locked = PrognosisRound.objects.select_for_update().get(pk=round_.pk)
        if locked.status != RoundStatus.DRAFT:
            raise ValidationError(_("Een gepubliceerde ronde kan niet worden verwijderd."))
        locked.delete()


def prognosis_round_publish(*, round_: PrognosisRound, by) -> PrognosisRound:
    """Publish a draft: it becomes the current prognosis, links to the previously published round, and the
    half-yearly prognosis mailing becomes due (the loket app sends it and sets `mailed_at`)."""
    with transaction.atomic():
        locked = PrognosisRound.objects.select_for_update().get(pk=round_.pk)
        if locked.status != RoundStatus.DRAFT:
            raise ValidationError(_("Deze ronde is al gepubliceerd."))
        if locked.provinces.count() != Province.objects.count():
            raise ValidationError(_("De ronde heeft niet voor elke provincie een opgave."))
        _refuse_published_date(locked.reference_date, exclude_pk=locked.pk)
        locked.previous_round = (
            PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-published_at", "-pk").first()
        )
        locked.status = RoundStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.mailing_due = True
        locked.save()
        # The half-yearly prognosis mailing (loket app) starts after commit; the beat task
        # loket.send_due_prognosis_updates is the safety net for rounds still marked as due.
        enqueue_on_commit("loket.send_prognosis_update", locked.pk)
    return locked


def prognosis_round_mark_mailed(*, round_: PrognosisRound) -> PrognosisRound:
    """Record that the prognosis mailing for this round went out (called by the loket app's mailing task).
    Idempotent: a second call keeps the first time."""
    with transaction.atomic():
        locked = PrognosisRound.objects.select_for_update().get(pk=round_.pk)
        if locked.mailed_at is None:
            locked.mailed_at = timezone.now()
            locked.mailing_due = False
            locked.save(update_fields=["mailed_at", "mailing_due"])
    return locked
