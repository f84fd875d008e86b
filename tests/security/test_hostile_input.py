"""Hostile input: generated values (hypothesis) posted to every public and partner form.

Whatever comes in (unicode, control characters, very long strings, numbers out of range, invalid
dates and quarters, wrong choice values, missing fields, lists where one value is expected), the
answer is never a 500; an invalid form (re-rendered, not redirected) stores nothing.
"""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experts.forms import AnswerForm, ExpertProfileForm, IntroductionRequestForm, JoinForm, ManageLinkForm, ReasonForm
from loket.accounts.forms import ProfileForm
from loket.core.forms import ModelMultipleChoiceField
from loket.core.models import Theme
from monitoring.forms import SignalForm
from plans.forms import LocationForm, NarrativeForm, PrognosisRoundForm
from plans.importing import TEMPLATE_HEADER
from plans.models import PendingImport
from questions.forms import AskForm, ReplyForm
from tests.conftest import login
from tests.security.test_permission_matrix import build_matrix_objects, state_snapshot

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "\x00\x01\x1b[31m",
    "\u202eevil\u202c",
    "\ufeff",
    "\uff53\uff43\uff52\uff49\uff50\uff54",  # fullwidth "script"
    "2026-K9",
    "2026-K0",
    "K3",
    "2026-13-45",
    "31-02-2026",
    "0000-00-00",
    "9999-12-31",
    "-1",
    "0",
    "1e308",
    "NaN",
    "inf",
    "99999999999999999999999",
    "-99999999999999999999999",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%00",
    "{{ 7*7 }}",
    "' OR 1=1 --",
    "on",
    "true",
    "concept",
    "vastgesteld",
]

hostile_scalar = st.one_of(
    st.sampled_from(NASTY),
    # Any unicode a browser can send (UTF-8: no lone surrogates), control characters included.
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(min_value=500, max_value=60_000)),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
)
hostile_value = st.one_of(hostile_scalar, st.lists(hostile_scalar, min_size=2, max_size=3))


def form_data(fields) -> st.SearchStrategy:
    """Some, all or none of the fields (missing fields), plus an unexpected one now and then."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys([*fields, "onbekend_veld"], hostile_value))


def post_and_check(client, url, data):
    before = state_snapshot()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code != 302:  # re-rendered or refused: the form was invalid, nothing stored
        assert state_snapshot() == before, (url, data)
    return response


@pytest.fixture
def objs(db, users):
    return build_matrix_objects(users)


def fields_of(form_class) -> list[str]:
    return list(form_class.base_fields)


# --- questions ---


def test_ask_form(client, objs):
    @FUZZ
    @given(data=form_data(fields_of(AskForm)))
    def run(data):
        post_and_check(client, "/vragen/stellen/", data)

    run()


def test_suggestions_and_reply_by_token(client, objs):
    url = f"/vragen/volgen/{objs['question'].token}/"

    @FUZZ
    @given(data=form_data(fields_of(ReplyForm)), q=hostile_scalar)
    def run(data, q):
        assert client.get("/vragen/suggesties/", {"q": q, "subject": q}).status_code < 500
        before = state_snapshot()
        response = client.post(url, data)
        assert response.status_code < 500
        body = data.get("body")
        if response.status_code != 302 and not (isinstance(body, str) and body.strip()):
            assert state_snapshot() == before

    run()


# --- experts (signed links and the partner pages) ---


@pytest.mark.parametrize("which", ["join", "manage", "respond", "manage_request"])
def test_expert_link_forms(client, objs, which):
    url, fields = {
        "join": (f"/deskundigen/aanmelden/{objs['invitation_token']}/", fields_of(JoinForm)),
        "manage": (f"/deskundigen/profiel/{objs['manage_token']}/", [*fields_of(ExpertProfileForm), "action"]),
        "respond": (
            f"/deskundigen/verwijzing/{objs['referral_token']}/",
            ["action", *fields_of(AnswerForm), *fields_of(ReasonForm)],
        ),
        "manage_request": ("/deskundigen/profiel/", fields_of(ManageLinkForm)),
    }[which]

    @FUZZ
    @given(data=form_data(fields))
    def run(data):
        response = client.post(url, data)
        assert response.status_code < 500, data

    run()


def test_expert_partner_forms(client, objs):
    login(client, objs["users"]["expert"])
    pk = objs["other_expert"].pk

    @FUZZ
    @given(profile=form_data(fields_of(ExpertProfileForm)), intro=form_data(fields_of(IntroductionRequestForm)))
    def run(profile, intro):
        profile.pop("action", None)  # not the withdraw button
        post_and_check(client, "/deskundigen/mijn-profiel/", profile)
        assert client.post(f"/deskundigen/{pk}/contact/", intro).status_code < 500

    run()


# --- plans (PRT-lid Gelderland on its own concept) ---


def test_plan_version_forms(client, objs):
    login(client, objs["users"]["prt_gelderland"])
    location = objs["gelderland_location"]

    @FUZZ
    @given(narrative=form_data(fields_of(NarrativeForm)), loc=form_data(fields_of(LocationForm)))
    def run(narrative, loc):
        assert client.post("/plannen/PV25/v1/teksten/", narrative).status_code < 500
        post_and_check(client, "/plannen/PV25/v1/locaties/nieuw/", loc)
        post_and_check(client, f"/plannen/PV25/v1/locaties/{location.pk}/", loc)
        post_and_check(client, "/plannen/PV25/v1/status/", {"to": loc.get("status", "")})
        query = {k: v for k, v in loc.items() if isinstance(v, str)}
        assert client.get("/plannen/PV25/v1/", query).status_code < 500
        assert client.get("/plannen/capaciteit/", query).status_code < 500

    run()


def test_prognosis_form(client, objs):
    login(client, objs["users"]["kernteam"])

    @FUZZ
    @given(data=form_data(fields_of(PrognosisRoundForm)))
    def run(data):
        post_and_check(client, "/plannen/prognose/nieuw/", data)

    run()


# --- monitoring ---


@pytest.mark.parametrize(
    "role,url", [("prt_utrecht", "/monitoring/signalen/melden/"), ("kernteam", "/monitoring/signalen/nieuw/")]
)
def test_signal_forms(client, objs, role, url):
    login(client, objs["users"][role])

    @FUZZ
    @given(data=form_data(fields_of(SignalForm)))
    def run(data):
        post_and_check(client, url, data)
        query = {k: v for k, v in data.items() if isinstance(v, str)}
        assert client.get("/monitoring/", query).status_code < 500

    run()


# --- accounts ---


def test_login_and_password_reset_forms(client, objs):
    @FUZZ
    @given(login=form_data(["username", "password"]), reset=form_data(["email"]))
    def run(login, reset):
        assert client.post("/inloggen/", login).status_code < 500
        assert client.post("/inloggen/wachtwoord-vergeten/", reset).status_code < 500

    run()


def test_profile_form(client, objs):
    login(client, objs["users"]["prt_utrecht"])

    @FUZZ
    @given(data=form_data(fields_of(ProfileForm)))
    def run(data):
        assert client.post("/profiel/", data).status_code < 500

    run()


def test_huge_ids_in_multiple_choice_fields_are_a_form_error(client, objs):
    """Was a 500 on SQLite (OverflowError in the `__in` query): now 'kies een geldige optie'."""

    class F(forms.Form):
        many = ModelMultipleChoiceField(Theme.objects.all())

    form = F({"many": ["99999999999999999999999"]})
    assert not form.is_valid() and "many" in form.errors
    response = client.post(f"/deskundigen/profiel/{objs['manage_token']}/", {"themes": "-99999999999999999999999"})
    assert response.status_code == 200
    for url, data in (
        ("/nieuwsbrief/", {"email": "a@example.nl", "themes": ["99999999999999999999999"]}),
        ("/vragen/stellen/", {"themes": ["99999999999999999999999"], "subject": "x"}),
    ):
        assert client.post(url, data).status_code < 500, url


def test_spreadsheet_import_with_generated_rows(client, objs):
    """Generated CSV files (hostile cells, wrong column counts, separators in odd places): never a
    500, and either the whole file is imported or nothing."""
    login(client, objs["users"]["prt_gelderland"])
    version = objs["gelderland_concept"]
    cell = st.one_of(hostile_scalar.filter(lambda s: len(s) < 300), st.sampled_from(["AZC", "2026-K3", "100"]))
    rows = st.lists(st.lists(cell, min_size=0, max_size=len(TEMPLATE_HEADER) + 2), min_size=0, max_size=4)

    @FUZZ
    @given(rows=rows, header=st.booleans(), separator=st.sampled_from([";", ",", "\t"]))
    def run(rows, header, separator):
        lines = ([TEMPLATE_HEADER] if header else []) + rows
        text = "\n".join(separator.join(str(c).replace("\n", " ") for c in line) for line in lines)
        upload = SimpleUploadedFile("locaties.csv", text.encode("utf-8", "surrogatepass"), content_type="text/csv")
        before = version.locations.count()
        response = client.post("/plannen/PV25/v1/importeren/", {"file": upload})
        assert response.status_code < 500
        assert version.locations.count() == before  # nothing is written before the confirmation
        if response.status_code == 302:
            assert client.get(response.url).status_code == 200  # the preview
            plan = PendingImport.objects.get(version=version).plan
            assert client.post(response.url, {"bevestigen": ""}).status_code < 500
            applies = plan["has_changes"] and not plan["counts"]["error"]
            assert version.locations.count() == before + (plan["counts"]["new"] - plan["counts"]["removed"]) * applies

    run()
