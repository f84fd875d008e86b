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
from django.utils import timezone

from loket.core.arrangement import forget_arrangement
from loket.core.models import Arrangement, OutboxTask, Province
from loket.portal.archive.registry import REGISTRY, project_models
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import entities, export_archive
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
    for entry in REGISTRY.values():
        assert entry.valuation in ("B", "V") and entry.category


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
                "gerelateerdInformatieobject"} <= set(mdto)  # fmt: skip
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
    assert "Anonymisation" in (out / "bag-info.txt").read_text(encoding="utf-8")
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
