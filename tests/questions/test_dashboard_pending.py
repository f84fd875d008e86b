"""The core-team dashboard also shows what awaits action in the other apps."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts.models import Referral, ReferralStatus
from experts.selectors import referrals_awaiting_review
from loket.core import data_versions
from loket.portal.dashboard import DATA_VERSION_TABLES, core_team_pending, count_each, pending_list
from loket.publications.consultations.models import Consultation, ConsultationComment
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.models import Publication, PublicationKind
from monitoring.models import Signal, SignalKind
from monitoring.workflow import Status
from plans.models import SupportRequest
from plans.workflow import SupportKind, SupportStatus
from tests.experts.factories import ExpertFactory, make_question


def pending_count(html: str, label: str) -> int:
    match = re.search(re.escape(label) + r"</a>: <strong>(\d+)</strong>", html)
    assert match, label
    return int(match.group(1))


def test_dashboard_counts_new_signals(client_for):
    client = client_for("kernteam")
    label = "Nieuwe signalen om op te pakken"
    before = pending_count(client.get(reverse("loket:dashboard")).content.decode(), label)
    Signal.objects.create(kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2)
    html = client.get(reverse("loket:dashboard")).content.decode()
    assert pending_count(html, label) == before + 1
    for other in ("Antwoorden van deskundigen om te beoordelen", "Ingediende planversies om vast te stellen"):
        assert pending_count(html, other) == 0


def test_pending_counts_in_one_statement_equal_each_count(users, django_assert_num_queries):
    """The seven querysets of the other apps are counted in one SQL statement; each count is what
    `.count()` says, an empty queryset 0."""
    Signal.objects.create(kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2)
    querysets = [Signal.objects.all(), Signal.objects.none(), referrals_awaiting_review(), Signal.objects.filter(pk=0)]
    expected = [1, 0, 0, 0]
    assert [qs.count() for qs in querysets] == expected
    with django_assert_num_queries(1):
        assert count_each(querysets) == expected
    core_team_pending(users["kernteam"])  # the user's roles are read once and kept on the user
    with django_assert_num_queries(1):
        items = core_team_pending(users["kernteam"])
    assert [item.count for item in items if item.label == "Nieuwe signalen om op te pakken"] == [1]
    assert len(items) == 7


def test_count_each_sums_a_column_for_a_pair(db):
    """A pair (queryset, column) counts the sum of that column of its rows: 0 for no rows."""
    Signal.objects.create(kind=SignalKind.RISK, title="a", description="x", impact=3, likelihood=2)
    Signal.objects.create(kind=SignalKind.ISSUE, title="b", description="x", impact=1, likelihood=1)
    signals = Signal.objects.all()
    assert count_each([(signals, "impact"), (signals.filter(pk=0), "impact"), signals, (signals.none(), "impact")]) == [
        4,
        0,
        2,
        0,
    ]


def test_new_signal_count_comes_from_the_tally_and_follows_every_change(users):
    """For the core team the number of open signals is the sum of the tally's rows (kept by triggers),
    not a count over the signals: the one statement never reads the signals table, and the number is
    a recount after creating, closing, re-opening and deleting signals."""
    kernteam = users["kernteam"]
    core_team_pending(kernteam)  # the user's roles, read once

    def shown() -> int:
        with CaptureQueriesContext(connection) as queries:
            (n,) = [i.count for i in core_team_pending(kernteam) if i.label == "Nieuwe signalen om op te pakken"]
        counted = [q["sql"] for q in queries.captured_queries if "monitoring_signaltally" in q["sql"]]
        assert len(counted) == 1 and not re.search(r'"monitoring_signal"\s', counted[0]), counted
        return n

    def recount() -> int:
        return Signal.objects.filter(status=Status.OPEN).count()

    first, second = (
        Signal.objects.create(kind=kind, title=kind, description="x", impact=3, likelihood=2)
        for kind in (SignalKind.RISK, SignalKind.OPPORTUNITY)
    )
    assert shown() == recount() == 2
    Signal.objects.filter(pk=first.pk).update(status=Status.CLOSED)
    assert shown() == recount() == 1
    Signal.objects.filter(pk=first.pk).update(status=Status.OPEN, kind=SignalKind.ISSUE)
    assert shown() == recount() == 2
    second.delete()
    assert shown() == recount() == 1


def _dashboard(client) -> str:
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_pending_list_is_built_once_per_data_version(client_for, users, utrecht):
    """The list is cached per data version "pending" (loket.core.data_versions): the next dashboard runs
    no count statement, and a write to a table the counts read, by any path (a model save, a queryset
    update, a delete; a signal through the tally the database keeps), shows at the next request."""
    client = client_for("kernteam")
    _dashboard(client)
    with CaptureQueriesContext(connection) as queries:
        html = _dashboard(client)
    assert not [q["sql"] for q in queries.captured_queries if "experts_referral" in q["sql"]]
    support, signals = "Open vragen om praktische ondersteuning", "Nieuwe signalen om op te pakken"
    reviews, comments = "Antwoorden van deskundigen om te beoordelen", "Consultatiereacties zonder antwoord"
    before = {label: pending_count(html, label) for label in (support, signals, reviews, comments)}

    request = SupportRequest.objects.create(
        province=utrecht, kind=SupportKind.CALCULATION, description="Hulp", status=SupportStatus.REQUESTED
    )
    assert pending_count(_dashboard(client), support) == before[support] + 1
    SupportRequest.objects.filter(pk=request.pk).update(status=SupportStatus.DONE)
    assert pending_count(_dashboard(client), support) == before[support]

    signal = Signal.objects.create(
        kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2
    )
    assert pending_count(_dashboard(client), signals) == before[signals] + 1
    signal.delete()
    assert pending_count(_dashboard(client), signals) == before[signals]

    Referral.objects.create(question=make_question(), expert=ExpertFactory(), status=ReferralStatus.ANSWERED)
    assert pending_count(_dashboard(client), reviews) == before[reviews] + 1

    publication = Publication.objects.create(kind=PublicationKind.FRAMEWORK, title="Kader", slug="kader")
    round_ = Consultation.objects.create(publication=publication, version=1, title="Kader", closes_on="2031-01-01")
    ConsultationComment.objects.create(consultation=round_, author=users["prt_utrecht"], author_name="P", text="Ja")
    assert pending_count(_dashboard(client), comments) == before[comments] + 1
    Consultation.objects.filter(pk=round_.pk).update(status=ConsultationStatus.CLOSED)  # the round, not the comment
    assert pending_count(_dashboard(client), comments) == before[comments]


def test_the_counts_read_only_tables_that_raise_the_data_version(users):
    """Every table the statement of `core_team_pending` reads for the core team is in DATA_VERSION_TABLES,
    whose triggers (migration loket 0023) raise the data version the list is cached on."""
    core_team_pending(users["kernteam"])  # the user's roles, read once
    with CaptureQueriesContext(connection) as queries:
        core_team_pending(users["kernteam"])
    (statement,) = [q["sql"] for q in queries.captured_queries]
    read = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', statement))
    assert read and read <= set(DATA_VERSION_TABLES), read - set(DATA_VERSION_TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
                ["loket_dv_pending_%"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["loket_dv_pending_%"],
            )
        assert {row[0] for row in cursor.fetchall()} == set(DATA_VERSION_TABLES)


def test_the_signal_tally_raises_the_pending_version(users):
    """The signals are counted from their tally, which the database's own triggers write: those writes
    raise the data version too, whatever changed the signals."""
    before = data_versions.current("pending")
    Signal.objects.create(kind=SignalKind.RISK, title="Nieuw", description="x", impact=1, likelihood=1)
    assert data_versions.current("pending") > before


def test_a_user_who_does_not_see_everything_gets_the_list_built_each_time(users):
    """Someone who sees one province's signals and plans has counts from other tables than the cached
    ones: their list is never cached (the dashboard itself is the core team's)."""
    partner = users["prt_utrecht"]
    pending_list(partner)
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            pending_list(partner)
        assert [q for q in queries.captured_queries if "experts_referral" in q["sql"]]
