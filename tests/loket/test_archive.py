"""The archive at the end of the arrangement (issue 17): a BagIt package of every record of every
app, with files, PDF renditions and MDTO metadata; complete (counts and ids against the database),
valid (bagit), checked again by verify_archive; and the Beheerder's button with its progress page."""

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import bagit
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from loket.core.arrangement import forget_arrangement
from loket.core.models import Arrangement, OutboxTask, Province
from loket.portal.archive.purge import NEVER_PURGED, purge_after_archive
from loket.portal.archive.registry import REGISTRY, SELECTION_LIST, project_models
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import date_fields, entities, export_archive
from loket.portal.models import ArchiveRun, ArchiveRunStatus
from loket.publications.models import PublicationRevision
from monitoring.models import Escalation
from questions.models import Question
from tests.monitoring.factories import LrtMeetingFactory, SignalFactory
from tests.security.test_permission_matrix import build_loket_objects, build_matrix_objects

pytestmark = pytest.mark.django_db


def test_every_model_of_our_apps_has_archival_metadata():
    missing = sorted(m._meta.label for m in project_models() if m._meta.label not in REGISTRY)
    assert not missing, f"Modellen zonder regel in loket/portal/archive/registry.py: {missing}"
    for label, entry in REGISTRY.items():
        assert entry.valuation in ("B", "V") and entry.category and entry.code.startswith("LFA-"), label
        # every entity has a period and a reason: B is permanent, V names its years
        assert (entry.valuation == "B") == (entry.retention_years is None), label
        assert len(entry.reason) > 40, label
    # one code, one category, one valuation
    by_code = {}
    for entry in REGISTRY.values():
        by_code.setdefault(entry.code, set()).add((entry.category, entry.valuation))
    assert all(len(kinds) == 1 for kinds in by_code.values()), by_code
    # the source is named honestly: a proposal, not a list that was adopted
    assert SELECTION_LIST.status == "voorstel"
    assert "geen vastgestelde selectielijst" in SELECTION_LIST.explanation
    assert "Selectielijst gemeenten en intergemeentelijke organen" in SELECTION_LIST.explanation  # not ours


@pytest.fixture
def portal(users):
    objects = {**build_matrix_objects(users), **build_loket_objects(users)}
    signal = SignalFactory(provinces=[Province.objects.get(code="PV26")])
    Escalation.objects.create(
        signal=signal, meeting=LrtMeetingFactory(date=date(2027, 1, 20)), proposal="Voorstel", decision="Besluit"
    )
    return objects


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_archive_is_complete_valid_and_verifiable(portal, tmp_path):
    out = tmp_path / "archief"
    call_command("export_archive", "--output", str(out), "--no-anonymise")
    bagit.Bag(str(out)).validate(processes=1)  # raises when anything is off
    data = out / "data"
    summary = json.loads((data / "archief.json").read_text(encoding="utf-8"))
    for name, model, _entry, _owner in entities():
        rows = read_jsonl(data / "records" / f"{name}.jsonl")
        ids = sorted(model._default_manager.values_list("pk", flat=True))
        assert sorted(r[model._meta.pk.attname] for r in rows) == ids, name
        assert summary["entiteiten"][name]["count"] == len(ids)
        with (data / "records" / f"{name}.csv").open(encoding="utf-8") as handle:
            assert sum(1 for _ in csv.reader(handle, delimiter=";")) == len(ids) + 1
        mdto = json.loads((data / "metadata" / f"{name}.mdto.json").read_text(encoding="utf-8"))
        assert {"identificatie", "naam", "informatiecategorie", "waardering", "bewaartermijn", "dekkingInTijd",
                "gerelateerdInformatieobject", "waarderingBron"} <= set(mdto)  # fmt: skip
        entry = REGISTRY[_owner]
        assert mdto["informatiecategorie"]["begripCode"] == entry.code
        assert mdto["informatiecategorie"]["begripBegrippenlijst"]["status"] == "voorstel"
        assert mdto["waardering"] == {"B": "bewaren", "V": "vernietigen"}[entry.valuation]
        assert mdto["bewaartermijn"] == (None if entry.retention_years is None else f"P{entry.retention_years}Y")
        assert entry.reason in mdto["bewaartermijnToelichting"]
    # secrets never leave the portal
    question = read_jsonl(data / "records" / "questions.Question.jsonl")[0]
    assert "token" not in question
    assert "password" not in read_jsonl(data / "records" / "auth.User.jsonl")[0]
    # many-to-many links, files and renditions
    assert read_jsonl(data / "records" / "questions.Question.themes.jsonl")
    attachment = read_jsonl(data / "records" / "questions.QuestionAttachment.jsonl")[0]
    assert (out / attachment["file"]["path"]).read_bytes().startswith(b"%PDF")
    kaders = list((data / "renditions" / "kaders").glob("*.pdf"))
    assert kaders and all(b"versie" in path.read_bytes() for path in kaders)  # the title, as searchable text
    assert list((data / "renditions" / "escalaties").glob("*.pdf"))
    assert (data / "renditions" / "evaluatierapport.pdf").read_bytes().startswith(b"%PDF")
    assert "geanonimiseerd" in summary["anonimisering"]
    bag_info = (out / "bag-info.txt").read_text(encoding="utf-8")
    assert "Anonymisation" in bag_info and "Selection-List: Voorstel selectielijst" in bag_info
    # checked again later; a changed file is found
    call_command("verify_archive", str(out))
    assert verify_archive(out) == []
    (data / "records" / "questions.Question.jsonl").write_text("{}\n", encoding="utf-8")
    assert verify_archive(out)
    with pytest.raises(CommandError):
        call_command("verify_archive", str(out))


def test_archive_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "iets.txt").write_text("x")
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("export_archive", "--output", str(tmp_path))


def test_export_anonymises_first_and_says_so(portal, tmp_path):
    result = export_archive(tmp_path / "a")
    summary = json.loads((tmp_path / "a" / "data" / "archief.json").read_text(encoding="utf-8"))
    assert set(summary["geanonimiseerd_voor_export"]) == {"questions", "experts", "subscriptions", "account_requests"}
    assert result["entities"]["questions.Question"]["count"] >= 1


def test_beheerder_starts_the_export_and_follows_its_progress(
    client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_ROOT = tmp_path
    client = client_for("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kernteam/afsluiten/archief/")
    run = ArchiveRun.objects.get()
    assert response.status_code == 302 and response.url == f"/kernteam/afsluiten/archief/{run.pk}/"
    assert run.status == ArchiveRunStatus.DONE and run.done == run.total > 0
    assert verify_archive(Path(run.output)) == []
    page = client.get(response.url).content.decode()
    assert "Klaar en gecontroleerd" in page and "100%" in page
    assert "Maak het archief" in client.get("/kernteam/afsluiten/").content.decode()
    # the core team sees the progress, but cannot start one
    core = client_for("kernteam")
    assert core.get(response.url).status_code == 200
    assert core.post("/kernteam/afsluiten/archief/").status_code == 403


def test_after_the_archive_the_selection_list_purges_and_keeps_what_must_be_kept(portal, tmp_path):
    out = tmp_path / "archief"
    call_command("export_archive", "--output", str(out), "--no-anonymise")
    with pytest.raises(CommandError, match="alleen-lezen"):
        call_command("purge_after_archive", "--archive", str(out))
    Arrangement.objects.update_or_create(pk=1, defaults={"read_only": True})
    forget_arrangement()
    long_ago = timezone.now() - timedelta(days=6 * 366)
    old = Question.objects.order_by("pk").first()
    Question.objects.filter(pk=old.pk).update(updated_at=long_ago)
    OutboxTask.objects.create(task_name="x.y")
    revisions = PublicationRevision.objects.count()
    call_command("purge_after_archive", "--archive", str(out))  # a dry run: nothing goes
    assert Question.objects.filter(pk=old.pk).exists()
    call_command("purge_after_archive", "--archive", str(out), "--apply")
    assert not Question.objects.filter(pk=old.pk).exists()  # past its 5 years (V)
    assert not OutboxTask.objects.exists()  # technical, no retention
    assert PublicationRevision.objects.count() == revisions  # kept (B)
    (out / "data" / "archief.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="niet in orde"):
        call_command("purge_after_archive", "--archive", str(out), "--apply")


def test_the_purge_follows_each_retention_period_of_the_registry(portal, tmp_path):
    """Per period of the registry: a day before it has passed since a record's last change, the purge
    leaves it; a day after, it takes every record of that entity. What is to be kept (B) stays."""
    out = tmp_path / "archief"
    export_archive(out, anonymise=False)
    Arrangement.objects.update_or_create(pk=1, defaults={"read_only": True})
    forget_arrangement()
    dated: dict[int, dict[str, tuple]] = {}  # years -> label -> (rows, first change, last change)
    for model in project_models():
        label, entry = model._meta.label, REGISTRY[model._meta.label]
        _created, changed = date_fields(model)
        if entry.valuation != "V" or label in NEVER_PURGED or changed is None:
            continue
        span = model._default_manager.filter(**{f"{changed}__isnull": False}).aggregate(
            first=Min(changed), last=Max(changed), n=Count("pk")
        )
        if span["n"]:
            dated.setdefault(entry.retention_years, {})[label] = (span["n"], span["first"], span["last"])
    assert {0, 2, 5} <= set(dated), dated  # technical, the expert network and questions all have records
    for years, labels in sorted(dated.items()):
        period = timedelta(days=round(365.25 * years))
        first = min(first for _n, first, _last in labels.values())
        last = max(last for _n, _first, last in labels.values())
        if years:
            before = purge_after_archive(archive=out, now=first + period - timedelta(days=1))
            assert all(before["deleted"][label] == 0 for label in labels), (years, before["deleted"])
        after = purge_after_archive(archive=out, now=last + period + timedelta(days=1))
        assert {label: after["deleted"][label] for label in labels} == {
            label: n for label, (n, _first, _last) in labels.items()
        }, years
    counts = {m._meta.label: m._default_manager.count() for m in project_models()}
    kept = {label: n for label, n in counts.items() if REGISTRY[label].valuation == "B"}
    far = timezone.now() + timedelta(days=round(365.25 * 6))
    report = purge_after_archive(archive=out, now=far, dry_run=False)
    assert sum(report["deleted"].values()) > 0
    assert {REGISTRY[label].valuation for label, n in report["deleted"].items() if n} == {"V"}
    after = {m._meta.label: m._default_manager.count() for m in project_models()}
    assert {label: after[label] for label in kept} == kept  # nothing to be kept went
    for labels in dated.values():
        for label in labels:  # every dated V record went, but for what would take a B record with it
            assert after[label] <= report["skipped"].get(label, 0), (label, after[label], report["skipped"])


def test_closing_and_progress_pages_query_count(client_for, users, django_assert_max_num_queries):
    client = client_for("beheerder")
    for n in (1, 12):
        while ArchiveRun.objects.count() < n:
            ArchiveRun.objects.create(started_by=users["beheerder"], status=ArchiveRunStatus.DONE, output="/tmp/a")
        run = ArchiveRun.objects.first()
        with django_assert_max_num_queries(8):
            assert client.get("/kernteam/afsluiten/").status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get(f"/kernteam/afsluiten/archief/{run.pk}/").status_code == 200
