"""The register page: filters, sorting, pagination, matrix, constant query counts, bad input."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.models import Signal, SignalKind
from monitoring.services import signal_create, signal_report
from monitoring.workflow import Status

from .factories import SignalActionFactory, SignalFactory, bulk_signals, make_question


def ids_on_page(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/monitoring/signalen/(\d+)/"', response.content.decode())]


@pytest.fixture
def register(db, users, utrecht, gelderland, theme):
    today = timezone.localdate()
    return {
        "risk_gld": SignalFactory(
            kind=SignalKind.RISK, provinces=[gelderland], impact=5, likelihood=4, title="Tekort aan locaties Gelderland"
        ),
        "chance_utr": SignalFactory(
            kind=SignalKind.OPPORTUNITY,
            provinces=[utrecht],
            impact=2,
            likelihood=2,
            theme=theme,
            title="Leegstaand kantoor",
        ),
        "issue_nat": SignalFactory(
            kind=SignalKind.ISSUE, impact=3, likelihood=1, owner=users["kernteam"], title="Landelijke wetgeving"
        ),
        "late": SignalFactory(
            provinces=[utrecht], deadline=today - timedelta(days=3), status=Status.IN_PROGRESS, title="Te laat"
        ),
        "closed": SignalFactory(provinces=[utrecht], status=Status.CLOSED, deadline=today - timedelta(days=3)),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=risico", {"risk_gld", "late", "closed"}),
        ("kind=kans", {"chance_utr"}),
        ("status=afgesloten", {"closed"}),
        ("province=PV25", {"risk_gld"}),
        ("province=landelijk", {"issue_nat"}),
        ("province=PV26&kind=kans", {"chance_utr"}),
        ("score_min=10", {"risk_gld"}),
        ("score_min=3&score_max=4", {"chance_utr", "issue_nat"}),
        ("overdue=on", {"late"}),
        ("q=kantoor", {"chance_utr"}),
        ("q=LOCATIES gelderland", {"risk_gld"}),
    ],
)
def test_filters(client_for, register, query, expected):
    response = client_for("kernteam").get(f"/monitoring/?{query}")
    assert response.status_code == 200
    assert set(ids_on_page(response)) == {register[name].pk for name in expected}


def test_filter_on_theme_and_owner(client_for, register, users, theme):
    client = client_for("lrt")
    assert ids_on_page(client.get(f"/monitoring/?theme={theme.pk}")) == [register["chance_utr"].pk]
    assert ids_on_page(client.get(f"/monitoring/?owner={users['kernteam'].pk}")) == [register["issue_nat"].pk]


def test_overdue_by_open_action(client_for, register):
    signal = register["chance_utr"]
    SignalActionFactory(signal=signal, due_date=timezone.localdate() - timedelta(days=1))
    response = client_for("kernteam").get("/monitoring/?overdue=on")
    assert set(ids_on_page(response)) == {register["late"].pk, signal.pk}
    assert "over tijd" in response.content.decode()


def test_sorting_by_score(client_for, register):
    ids = ids_on_page(client_for("kernteam").get("/monitoring/?sort=-score"))
    assert ids[0] == register["risk_gld"].pk
    ids = ids_on_page(client_for("kernteam").get("/monitoring/?sort=score"))
    assert ids[-1] == register["risk_gld"].pk


def test_pagination_keeps_filter(client_for, db, utrecht):
    bulk_signals(30, province=utrecht, kind=SignalKind.RISK)
    bulk_signals(5, kind=SignalKind.ISSUE)
    client = client_for("kernteam")
    page1 = client.get("/monitoring/?kind=risico")
    body = page1.content.decode()
    assert "30 signalen gevonden" in body
    assert "kind=risico&amp;page=2" in body
    page2 = client.get("/monitoring/?kind=risico&page=2")
    assert len(ids_on_page(page1)) == 25 and len(ids_on_page(page2)) == 5
    assert not set(ids_on_page(page1)) & set(ids_on_page(page2))
    assert client.get("/monitoring/?page=abc").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("score_min=30", "De score is hoogstens 25."),
        ("score_min=0", "De score is minimaal 1."),
        ("score_max=abc", "Vul een geheel getal in."),
        ("score_min=20&score_max=5", "De ondergrens van de score is hoger dan de bovengrens."),
        ("province=XX", "Selecteer een geldige keuze"),
        ("sort=password", "Selecteer een geldige keuze"),
    ],
)
def test_bad_filter_input_gets_dutch_message(client_for, register, query, message):
    response = client_for("kernteam").get(f"/monitoring/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_matrix_counts_per_cell(client_for, db, utrecht):
    bulk_signals(3, province=utrecht, impact=5, likelihood=4, kind=SignalKind.RISK)
    bulk_signals(2, province=utrecht, impact=1, likelihood=1, kind=SignalKind.RISK)
    bulk_signals(1, impact=5, likelihood=4, kind=SignalKind.ISSUE)
    response = client_for("kernteam").get("/monitoring/matrix/")
    body = response.content.decode()
    assert "<caption" in body and 'scope="row"' in body
    assert 'aria-label="4 signalen met impact 5 en kans 4">4</a>' in body
    assert "score 20 · hoog" in body and "score 1 · laag" in body
    # The filter applies to the matrix as well; a partner only counts their own province.
    body = client_for("kernteam").get("/monitoring/matrix/?kind=issue").content.decode()
    assert 'aria-label="1 signalen met impact 5 en kans 4">1</a>' in body
    body = client_for("prt_utrecht").get("/monitoring/matrix/").content.decode()
    assert 'aria-label="3 signalen met impact 5 en kans 4">3</a>' in body


def test_matrix_cell_link_filters_register(client_for, db, utrecht):
    target = bulk_signals(2, province=utrecht, impact=2, likelihood=3)
    bulk_signals(2, province=utrecht, impact=4, likelihood=3)
    response = client_for("kernteam").get("/monitoring/?impact=2&likelihood=3")
    assert set(ids_on_page(response)) == {s.pk for s in target}


@pytest.mark.parametrize("role", ["kernteam", "prt_utrecht"])
@pytest.mark.parametrize("url", ["/monitoring/", "/monitoring/matrix/", "/monitoring/?sort=-score&overdue=on"])
def test_query_count_constant(client_for, django_assert_max_num_queries, db, utrecht, users, theme, role, url):
    client = client_for(role)
    client.get(url)  # warm caches (session, content types)
    bulk_signals(10, province=utrecht, theme=theme, owner=users["kernteam"])
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    bulk_signals(490, province=utrecht, theme=theme, owner=users["kernteam"])
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200


def test_core_team_creates_signal_with_scores(client_for, db, gelderland, users):
    client = client_for("kernteam")
    response = client.post(
        "/monitoring/signalen/nieuw/",
        {
            "kind": "risico",
            "title": "Vertraging bouw",
            "description": "De bouw loopt vertraging op.",
            "impact": "4",
            "likelihood": "3",
            "provinces": [gelderland.pk],
            "owner": users["kernteam2"].pk,
            "internal_notes": "Gevoelig",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Vertraging bouw" in detail and "Gelderland" in detail and "score 12" in detail


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("impact", "6", "Kies een waarde van 1 tot en met 5"),
        ("likelihood", "0", "Kies een waarde van 1 tot en met 5"),
        ("impact", "", "Kies een waarde van 1 tot en met 5."),
        ("deadline", "31-02-2026", "Vul een geldige datum in"),
        ("deadline", "2020-01-01", "De deadline ligt in het verleden."),
    ],
)
def test_bad_signal_input_stores_nothing(client_for, db, field, value, message):
    data = {"kind": "kans", "title": "T", "description": "D", "impact": "3", "likelihood": "3", field: value}
    response = client_for("kernteam").post("/monitoring/signalen/nieuw/", data)
    assert response.status_code == 200
    assert message in response.content.decode()

    assert not Signal.objects.exists()


def test_service_refuses_bad_scores(db, users):
    with pytest.raises(ValidationError) as exc:
        signal_create(by=users["kernteam"], kind="kans", title="T", description="D", impact=7, likelihood=0)
    assert "Impact moet een geheel getal van 1 tot en met 5 zijn." in exc.value.message_dict["impact"]
    assert "likelihood" in exc.value.message_dict


def test_prt_reports_signal_for_own_province(client_for, db, utrecht, users):
    client = client_for("prt_utrecht")
    assert "Utrecht" in client.get("/monitoring/signalen/melden/").content.decode()
    response = client.post(
        "/monitoring/signalen/melden/",
        {
            "kind": "issue",
            "title": "Geen vervoer",
            "description": "Busvervoer ontbreekt.",
            "impact": "3",
            "likelihood": "5",
        },
    )
    assert response.status_code == 302

    signal = Signal.objects.get(title="Geen vervoer")
    assert signal.status == Status.OPEN
    assert list(signal.provinces.all()) == [utrecht]
    assert signal.reported_by == users["prt_utrecht"]
    assert client.get(response["Location"]).status_code == 200
    # It shows up for the core team as open.
    assert signal.pk in ids_on_page(client_for("kernteam").get("/monitoring/?status=open"))


def test_report_service_refuses_non_partners(db, users):
    # Issue 16: the CdK-medewerker reports signals too; a national role without a province does not.
    with pytest.raises(ValidationError):
        signal_report(by=users["kernteam"], kind="kans", title="T", description="D", impact=1, likelihood=1)
    assert signal_report(by=users["cdk_utrecht"], kind="kans", title="T", description="D", impact=1, likelihood=1)


def test_edit_signal_and_audit_trail_shows_diff(client_for, db, users, utrecht):
    signal = signal_create(
        by=users["kernteam"], kind="risico", title="Oud", description="D", impact=2, likelihood=2, provinces=[utrecht]
    )
    client = client_for("kernteam2")
    form = client.get(f"/monitoring/signalen/{signal.pk}/bewerken/")
    assert 'value="Oud"' in form.content.decode()
    response = client.post(
        f"/monitoring/signalen/{signal.pk}/bewerken/",
        {
            "kind": "risico",
            "title": "Nieuw",
            "description": "D",
            "impact": "5",
            "likelihood": "2",
            "provinces": [utrecht.pk],
            "internal_notes": "geheime notitie",
        },
    )
    assert response.status_code == 302
    body = client.get(f"/monitoring/signalen/{signal.pk}/").content.decode()
    assert "Wijzigingslog" in body
    assert "<del>Oud</del> → <ins>Nieuw</ins>" in body
    assert "<del>2</del> → <ins>5</ins>" in body
    assert "Kernteam2" in body  # who made the change
    # The partner sees the trail without the internal notes diff.
    partner = client_for("prt_utrecht").get(f"/monitoring/signalen/{signal.pk}/").content.decode()
    assert "<del>Oud</del> → <ins>Nieuw</ins>" in partner
    assert "geheime notitie" not in partner


def test_actions_add_and_done(client_for, db, utrecht):
    signal = SignalFactory(provinces=[utrecht])
    client = client_for("kernteam")
    client.post(
        f"/monitoring/signalen/{signal.pk}/acties/",
        {"what": "Bel gemeente", "who": "Kernteam", "due_date": "2099-01-01"},
    )
    action = signal.actions.get()
    assert action.what == "Bel gemeente"
    response = client.post(
        f"/monitoring/signalen/{signal.pk}/acties/", {"what": "", "who": "", "due_date": "morgen"}, follow=True
    )
    assert "Vul een geldige datum in" in response.content.decode()
    assert signal.actions.count() == 1
    client.post(f"/monitoring/signalen/{signal.pk}/acties/{action.pk}/afgerond/", {"done": "1"})
    action.refresh_from_db()
    assert action.done_at is not None


def test_link_questions_by_reference(client_for, db, utrecht):
    q1, q2 = make_question(province=utrecht), make_question(province=utrecht)
    signal = SignalFactory(provinces=[utrecht])
    client = client_for("kernteam")
    data = {"kind": "risico", "title": "T", "description": "D", "impact": "2", "likelihood": "2"}
    response = client.post(
        f"/monitoring/signalen/{signal.pk}/bewerken/", {**data, "questions": f"{q1.reference}, V-1999-99999"}
    )
    assert "Onbekend kenmerk: V-1999-99999" in response.content.decode()
    assert not signal.questions.exists()
    response = client.post(
        f"/monitoring/signalen/{signal.pk}/bewerken/", {**data, "questions": f"{q1.reference.lower()} {q2.reference}"}
    )
    assert response.status_code == 302
    assert set(signal.questions.all()) == {q1, q2}
    form = client.get(f"/monitoring/signalen/{signal.pk}/bewerken/").content.decode()
    assert f"{q1.reference}, {q2.reference}" in form


def test_a_register_row_shows_each_column_escaped(client_for, register, users, theme, utrecht, gelderland):
    """The rows are rendered in Python (monitoring/templatetags/signal_tables.py): every column as the
    template showed it, in Dutch, with the text escaped."""
    today = timezone.localdate()
    signal = SignalFactory(
        kind=SignalKind.RISK,
        provinces=[utrecht, gelderland],
        impact=4,
        likelihood=4,
        theme=theme,
        owner=users["kernteam"],
        deadline=today - timedelta(days=1),
        status=Status.ESCALATED,
        title="<b>Vet</b> & ander",
    )
    SignalActionFactory(signal=signal)
    SignalActionFactory(signal=signal)
    html = client_for("kernteam").get("/monitoring/?q=ander").content.decode()
    row = re.search(rf'<tr><th scope="row"><a href="/monitoring/signalen/{signal.pk}/">(.*?)</tr>', html, re.S).group(0)
    assert "&lt;b&gt;Vet&lt;/b&gt; &amp; ander" in row and "<b>" not in row
    assert "Risico" in row
    assert '<span class="marker marker--danger">Geëscaleerd</span>' in row
    assert "Gelderland, Utrecht" in row
    assert str(theme) in row
    assert '<span class="marker marker--danger">16 · hoog</span>' in row
    owner = users["kernteam"]
    assert (owner.get_full_name() or owner.username) in row
    assert '<span class="marker marker--danger">over tijd</span>' in row
    assert row.endswith("<td>2</td></tr>")
    national = client_for("kernteam").get("/monitoring/?province=landelijk").content.decode()
    assert "<td>Landelijk</td>" in national and "<td>—</td>" in national
