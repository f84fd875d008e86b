"""seed_bench on a small scale: the expected counts, idempotent, refusing foreign data, deterministic."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from bench import seed
from bench.commands import seed_bench
from experts.models import Expert
from loket.core.models import Province
from loket.core.roles import Role, has_role, is_core_team
from loket.management.commands import load_demo
from loket.publications.models import Publication
from monitoring.models import Signal
from plans.models import Plan, PlannedLocation, PlanVersion
from questions.models import Question, QuestionMessage

SCALE = 0.01


def run(**kwargs):
    call_command(seed_bench.Command(), scale=SCALE, **kwargs)


def test_seeds_the_volume_of_issue_9_scaled(db):
    run()
    assert Question.objects.count() == 100
    assert QuestionMessage.objects.count() == 300
    assert Expert.objects.count() == 10
    assert Signal.objects.count() == 50
    assert Publication.objects.count() == 20
    assert Plan.objects.count() == Province.objects.count() == 12
    assert PlanVersion.objects.count() == 12  # at least one version per plan
    assert PlannedLocation.objects.count() == 12
    assert set(get_user_model().objects.values_list("username", flat=True)) == {u[0] for u in seed.BENCH_USERS}
    # Realistic Dutch text from the reference data, and every question on at least one theme.
    question = Question.objects.order_by("pk").first()
    assert question.reference.startswith(f"V-{question.year}-")
    assert question.themes.exists()
    assert "?" in question.subject or question.subject
    assert not Question.objects.filter(themes__isnull=True).exists()


def test_full_scale_counts_follow_the_issue():
    assert seed.VOLUME["questions"] == 10_000
    assert seed.VOLUME["messages_per_question"] == 3
    assert seed.VOLUME["experts"] == 1_000
    assert (seed.VOLUME["plan_versions"], seed.VOLUME["locations_per_version"]) == (5, 40)
    assert seed.VOLUME["signals"] == 5_000
    assert seed.VOLUME["publications"] == 2_000
    assert seed.VOLUME["subscribers"] == 5_000


def test_bench_users_have_the_bench_password_and_roles(db):
    run()
    kernteam = get_user_model().objects.get(username=seed.MARKER_USERNAME)
    assert kernteam.check_password(seed.BENCH_PASSWORD)
    assert is_core_team(kernteam)
    assert has_role(get_user_model().objects.get(username="bench-prt-utrecht"), Role.PRT)


def test_second_run_changes_nothing(db, capsys):
    run()
    counts = (Question.objects.count(), Signal.objects.count(), PlanVersion.objects.count())
    run()
    assert (Question.objects.count(), Signal.objects.count(), PlanVersion.objects.count()) == counts
    assert "er verandert niets" in capsys.readouterr().out


def test_refuses_a_database_with_other_data_unless_forced(db, users):
    with pytest.raises(CommandError, match="niet van seed_bench"):
        run()
    assert not Question.objects.exists()
    run(force=True)
    assert Question.objects.count() == 100


def test_forced_seeding_continues_after_existing_question_numbers(db):
    now = timezone.now()
    for year in range(now.year - 2, now.year + 1):
        Question.objects.create(
            reference=f"V-{year}-00001",
            year=year,
            sequence=1,
            asker_name="Bestaande Vrager",
            asker_email="bestaand@example.nl",
            subject="Bestaande vraag",
            body="Bestaande vraag",
            consent_at=now,
            received_at=now,
            due_date=now.date(),
        )
    run(force=True)  # would raise IntegrityError on a reused reference
    assert Question.objects.count() == 103


def test_is_deterministic(db):
    def snapshot():
        return list(Question.objects.order_by("reference").values_list("reference", "subject", "asker_email"))

    with transaction.atomic():
        run()
        first = snapshot()
        transaction.set_rollback(True)
    assert not Question.objects.exists()
    run()
    assert snapshot() == first


def test_scale_must_be_positive(db):
    with pytest.raises(CommandError):
        call_command(seed_bench.Command(), "--scale", "0")


def _production(settings) -> None:
    """A production configuration: DEBUG off, not the test suite, DATABASE_URL set."""
    settings.DEBUG = settings.TESTING = settings.LOCAL_DEVELOPMENT = False


@pytest.mark.parametrize(("command", "name"), [(seed_bench.Command, "seed_bench"), (load_demo.Command, "load_demo")])
def test_refused_on_a_production_configuration_like_load_demo(db, settings, command, name):
    _production(settings)
    with pytest.raises(CommandError, match=f"^{name} draait niet op een productieconfiguratie"):
        call_command(command(), scale=SCALE) if name == "seed_bench" else call_command(command())
    assert not get_user_model().objects.exists()
    assert not Question.objects.exists() and not Publication.objects.exists()


@pytest.mark.parametrize("allowed", ["DEBUG", "TESTING", "LOCAL_DEVELOPMENT"])
def test_runs_in_debug_mode_the_test_suite_or_local_development(db, settings, allowed):
    _production(settings)
    setattr(settings, allowed, True)
    run()
    assert Question.objects.count() == 100


def test_make_bench_seeds_its_own_database_on_its_production_like_settings(db, settings):
    """The bench server runs with DEBUG off on the separate database it made (bench.server): the
    bench's own preparation (bench.runner) seeds it without the command's production check."""
    _production(settings)
    seed.seed_database(scale=SCALE, log=lambda _message: None)
    assert Question.objects.count() == 100
