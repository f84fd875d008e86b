"""Writes of the plans app: prognosis rounds and plan versions. Each validates, locks and runs atomically."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loket.core.concurrency import bump_row_version, check_row_version
from loket.core.models import LocationType, Province
from loket.core.outbox import enqueue_on_commit
from loket.core.workflow import check_transition

from . import changes, permissions, selectors
from .importing import parse_locations
from .models import (
    PendingImport,
    Plan,
    PlannedLocation,
    PlanStatusChange,
    PlanVersion,
    PrognosisRound,
    ProvincePrognosis,
    SplitMethod,
)
from .split import largest_remainder
from .workflow import (
    EDITABLE,
    SUPERSEDED_BY_ADOPTION,
    TRANSITIONS,
    WITHDRAWN_BY_REVISION,
    RoundStatus,
    Status,
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
                % {"date": f"{reference_date:%d-%m-%Y}"}
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


# --- plans and versions -------------------------------------------------------------------------

NARRATIVE_FIELDS = ("scaling", "regional", "roles", "risks")
LOCATION_FIELDS = (
    "name",
    "municipality",
    "location_type_id",
    "capacity",
    "minors_places",
    "first_quarter",
    "last_quarter",
    "status",
    "flexible",
)


def _lock_editable(version: PlanVersion, by) -> PlanVersion:
    locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("Deze versie is ingediend en kan niet meer worden gewijzigd. Start een nieuwe versie."))
    if by is not None and not permissions.can_edit_version(by, locked):
        raise ValidationError(_("U mag deze versie niet wijzigen."))
    return locked


def plan_version_start(*, province: Province, by) -> PlanVersion:
    """A new concept version, copied from the latest version (narrative and locations), if any.
    Refused while the province still has a version in concept or in PRT."""
    with transaction.atomic():
        plan, _created = Plan.objects.get_or_create(province=province)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        latest = plan.versions.order_by("-number").first()
        if latest and latest.status in EDITABLE:
            raise ValidationError(
                _("Versie %(n)s is nog niet ingediend; werk die versie bij in plaats van een nieuwe te starten.")
                % {"n": latest.number}
            )
        number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        # A revision withdraws what is still submitted: it no longer awaits adoption.
        for stale in plan.versions.select_for_update().filter(status=Status.SUBMITTED):
            _apply_transition(stale, Status.WITHDRAWN, by=by, note=WITHDRAWN_BY_REVISION % {"n": number})
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            status=Status.CONCEPT,
            created_by=by,
            based_on=latest,
            **{name: getattr(latest, name) for name in NARRATIVE_FIELDS} if latest else {},
        )
        if latest:
            # The copy keeps each location's key: the same location in every version of the plan.
            copies = [
                PlannedLocation(version=version, key=loc.key, **{f: getattr(loc, f) for f in LOCATION_FIELDS})
                for loc in latest.locations.all()
            ]
            bulk_create_with_history(copies, PlannedLocation, default_user=by)
        PlanStatusChange.objects.create(
            version=version,
            from_status="",
            to_status=Status.CONCEPT,
            by=by,
            note=_("Nieuwe versie op basis van versie %(n)s.") % {"n": latest.number}
            if latest
            else _("Eerste versie."),
        )
    return version


STALE_TEXTS = gettext_lazy(
    "Een collega heeft de teksten van deze versie zojuist gewijzigd. Uw wijziging is niet opgeslagen."
)
STALE_LOCATION = gettext_lazy("Een collega heeft deze locatie zojuist gewijzigd. Uw wijziging is niet opgeslagen.")
GONE_LOCATION = gettext_lazy("Een collega heeft deze locatie intussen verwijderd. Uw wijziging is niet opgeslagen.")


def plan_version_update(
    *, version: PlanVersion, by, expected_row_version: int | None = None, **narrative: str
) -> PlanVersion:
    """Change the narrative sections of an editable version. With `expected_row_version` (the counter
    the form was loaded with) a save after a colleague's is refused with StaleEdit; nothing is written."""
    with transaction.atomic():
        locked = _lock_editable(version, by)
        check_row_version(locked, expected_row_version, STALE_TEXTS)
        for name, value in narrative.items():
            if name not in NARRATIVE_FIELDS:
                raise ValueError(name)
            setattr(locked, name, value)
        bump_row_version(locked)
        locked.save()
    return locked


def _lock_location(locked_version: PlanVersion, location: PlannedLocation) -> PlannedLocation:
    current = PlannedLocation.objects.select_for_update().filter(pk=location.pk).first()
    if current is None:
        raise ValidationError(GONE_LOCATION, code="gone")
    if current.version_id != locked_version.pk:
        raise ValidationError(_("Deze locatie hoort niet bij deze versie."))
    return current


def location_save(
    *,
    version: PlanVersion,
    by,
    location: PlannedLocation | None = None,
    expected_row_version: int | None = None,
    **values,
) -> PlannedLocation:
    """Add a location to an editable version, or change one of its locations. A change with
    `expected_row_version` (the counter the form was loaded with) is refused with StaleEdit when a
    colleague changed the location meanwhile; nothing is written."""
    with transaction.atomic():
        locked = _lock_editable(version, by)
        if location is None:
            location = PlannedLocation(version=locked)
        else:
            location = _lock_location(locked, location)
            check_row_version(location, expected_row_version, STALE_LOCATION)
            bump_row_version(location)
        for name, value in values.items():
            if name not in LOCATION_FIELDS and name != "location_type":
                raise ValueError(name)
            setattr(location, name, value)
        location.full_clean(exclude=["version"])
        location.save()
        locked.save(update_fields=["updated_at"])
    return location


def location_delete(*, location: PlannedLocation, by, expected_row_version: int | None = None) -> None:
    """Remove a location; refused with StaleEdit when a colleague changed it after the page was loaded."""
    with transaction.atomic():
        locked = _lock_editable(location.version, by)
        current = _lock_location(locked, location)
        check_row_version(current, expected_row_version, STALE_LOCATION)
        current.delete()
        locked.save(update_fields=["updated_at"])


PENDING_IMPORT_LIFETIME = timedelta(hours=1)


def _fingerprint(version: PlanVersion) -> str:
    return changes.fingerprint(version.locations.order_by("pk").values_list(*changes.FINGERPRINT_FIELDS))


def locations_import_preview(
    *, version: PlanVersion, rows: list[list[str]], by, replace: bool = False, file_name: str = ""
) -> PendingImport:
    """Check the rows of a location sheet and compare them with the version: per row new, changed,
    unchanged or an error. Nothing changes in the version; the result waits (bound to `by` and the
    version, for an hour) until `locations_import_confirm`. A file without usable rows or columns raises
    a ValidationError."""
    result = parse_locations(rows)
    if result.file_errors:
        raise ValidationError(
            [ValidationError(changes.row_error(e), code="import_file") for e in result.file_errors], code="import_file"
        )
    with transaction.atomic():
        locked = _lock_editable(version, by)
        existing = list(locked.locations.order_by("pk"))
        plan_keys = {
            str(key)
            for key in PlannedLocation.objects.filter(version__plan_id=locked.plan_id)
            .exclude(version=locked)
            .values_list("key", flat=True)
        }
        plan = changes.import_plan(
            parsed=result,
            existing=existing,
            plan_keys=plan_keys,
            replace=replace,
            horizon=selectors.horizon(),
            type_codes=dict(LocationType.objects.values_list("pk", "code")),
        )
        now = timezone.now()
        PendingImport.objects.filter(Q(expires_at__lte=now) | Q(version=locked, created_by=by)).delete()
        return PendingImport.objects.create(
            version=locked,
            created_by=by,
            expires_at=now + PENDING_IMPORT_LIFETIME,
            file_name=file_name[:255],
            replace=replace,
            fingerprint=changes.fingerprint(
                tuple(getattr(loc, f) for f in changes.FINGERPRINT_FIELDS) for loc in existing
            ),
            plan=plan,
        )


def locations_import_confirm(*, pending: PendingImport, by) -> dict[str, int]:
    """Apply exactly the previewed changes of `pending`, in one transaction, and remove it. Refused (and
    removed) when it expired or when the version's locations changed since the preview; refused when the
    preview has errors or someone else made it. Returns the counts of the preview."""
    refusal = None
    with transaction.atomic():
        locked = _lock_editable(pending.version, by)
        current = PendingImport.objects.select_for_update().filter(pk=pending.pk, version=locked).first()
        if current is None or by is None or current.created_by_id != by.pk:
            raise ValidationError(_("Deze import bestaat niet meer of is al uitgevoerd."), code="gone")
        plan = current.plan
        if current.expires_at <= timezone.now():
            refusal = ValidationError(changes.EXPIRED_IMPORT, code="expired")
        elif _fingerprint(locked) != current.fingerprint:
            refusal = ValidationError(changes.STALE_IMPORT, code="stale")
        elif plan["counts"]["error"]:
            raise ValidationError(_("Het bestand bevat fouten. Verbeter ze en upload het opnieuw."), code="errors")
        else:
            updates = {item["id"]: item["values"] for item in plan["updates"]}
            changed = list(locked.locations.filter(pk__in=updates))
            fields = set()
            for location in changed:
                for name, value in updates[location.pk].items():
                    setattr(location, name, value)
                    fields.add(name)
                bump_row_version(location)  # an open location form of a colleague is now stale
                fields.add("row_version")
            if changed:
                bulk_update_with_history(changed, PlannedLocation, sorted(fields), default_user=by)
            if plan["deletes"]:
                locked.locations.filter(pk__in=plan["deletes"]).delete()
            new = [
                PlannedLocation(version=locked, key=item["key"] or uuid.uuid4(), **item["values"])
                for item in plan["creates"]
            ]
            bulk_create_with_history(new, PlannedLocation, default_user=by)
            locked.save(update_fields=["updated_at"])
            current.delete()
            return plan["counts"]
    PendingImport.objects.filter(pk=pending.pk).delete()
    raise refusal


def pending_import_cancel(*, pending: PendingImport, by) -> None:
    PendingImport.objects.filter(pk=pending.pk, created_by=by).delete()


def plan_version_transition(*, version: PlanVersion, to: Status | str, by, note: str = "") -> PlanVersion:
    """Move a version through concept -> in PRT -> ingediend -> vastgesteld (see workflow.py).
    Locks the row, refuses illegal moves and moves the user may not make, writes the history row."""
    to = Status(to)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
        current = Status(locked.status)
        check_transition(TRANSITIONS, current, to, noun=_("Een versie"))
        if by is not None and not permissions.can_transition(by, locked, to):
            raise ValidationError(_("U mag deze stap niet zetten."), code="not_allowed")
        if to == Status.SUBMITTED and not locked.locations.exists():
            raise ValidationError(_("Een versie zonder locaties kan niet worden ingediend."), code="empty")
        _apply_transition(locked, to, by=by, note=note)
        if to == Status.ADOPTED:
            # Older versions still submitted are settled by this adoption.
            stale = (
                PlanVersion.objects.select_for_update()
                .filter(plan_id=locked.plan_id, status=Status.SUBMITTED, number__lt=locked.number)
                .order_by("number")
            )
            for older in stale:
                _apply_transition(older, Status.SUPERSEDED, by=by, note=SUPERSEDED_BY_ADOPTION % {"n": locked.number})
    return locked


def _apply_transition(locked: PlanVersion, to: Status, *, by, note: str) -> None:
    """The one place a version changes status: checks the edge, sets the dates, writes the history row.
    Callers hold the row lock inside a transaction."""
    current = Status(locked.status)
    check_transition(TRANSITIONS, current, to, noun=_("Een versie"))
    now = timezone.now()
    locked.status = to
    if to == Status.SUBMITTED:
        locked.submitted_at = now
    if to == Status.ADOPTED:
        locked.adopted_at = now
    locked.save()
    PlanStatusChange.objects.create(version=locked, from_status=current, to_status=to, by=by, note=note)


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
