"""Issue #19 item 13: text is never cut silently, on every form with limited text fields (the question
forms: tests/questions/test_text_limits.py). The limit is shown with the field (help text and the
counter's `data-max-chars`), one character too many is refused with the Dutch message next to the
field and stores nothing, and text of exactly the limit is stored intact."""

import pytest
from django.contrib.auth import get_user_model

from experts.models import Introduction, Invitation
from loket.mailings.models import Mailing
from loket.publications.models import Publication
from monitoring.models import LrtMeeting, Signal, SignalAction
from plans.models import PlannedLocation, PrognosisRound
from tests.security.test_submit_once import _cases

pytestmark = pytest.mark.django_db

# case of test_submit_once -> (field, limit, the model's field to find the stored text)
LIMITED = {
    "signal_create": ("title", 200, lambda v: Signal.objects.filter(title=v)),
    "signal_report": ("title", 200, lambda v: Signal.objects.filter(title=v)),
    "action_add": ("what", 300, lambda v: SignalAction.objects.filter(what=v)),
    "meeting_create": ("title", 200, lambda v: LrtMeeting.objects.filter(title=v)),
    "invite": ("name", 150, lambda v: Invitation.objects.filter(name=v)),
    "introduction_create": ("party_a_name", 150, lambda v: Introduction.objects.filter(party_a_name=v)),
    "location_create": ("name", 200, lambda v: PlannedLocation.objects.filter(name=v)),
    "prognosis_create": ("source", 250, lambda v: PrognosisRound.objects.filter(source=v)),
    "publication_create": ("title", 250, lambda v: Publication.objects.filter(title=v)),
    "mailing_create": ("subject", 200, lambda v: Mailing.objects.filter(subject=v)),
}


def too_long_message(limit: int) -> str:
    return f"Deze tekst is te lang: hoogstens {limit} tekens, u heeft er {limit + 1}. Maak de tekst korter."


@pytest.mark.parametrize("name", list(LIMITED))
def test_too_long_is_refused_with_the_message_and_at_the_limit_is_stored_intact(
    name, client_for, users, utrecht, gelderland
):
    case = _cases(users, utrecht, gelderland)[name]
    field, limit, stored = LIMITED[name]
    client = client_for(case.role)
    page = client.get(case.form_url).content.decode()
    assert f'data-max-chars="{limit}"' in page and f"Hoogstens {limit} tekens." in page
    assert f'maxlength="{limit}"' not in page  # the browser would cut pasted text without a word

    over = "Lange tekst " + "x" * (limit - 11)
    assert len(over) == limit + 1
    response = client.post(case.post_url, {**case.data, field: over}, follow=case.refused_on_other_page)
    assert too_long_message(limit) in response.content.decode()
    assert not stored(over).exists() and not stored(over[:limit]).exists()

    exact = over[:limit]
    response = client.post(case.post_url, {**case.data, field: exact})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert stored(exact).exists()


def test_profile_name_is_not_cut(client_for, users):
    client = client_for("prt_utrecht")
    assert 'data-max-chars="150"' in client.get("/profiel/").content.decode()
    data = {"first_name": "P" * 151, "last_name": "Utrecht", "email": "prt-utrecht@test.example"}
    response = client.post("/profiel/", data)
    assert too_long_message(150) in response.content.decode()
    assert get_user_model().objects.get(pk=users["prt_utrecht"].pk).first_name == "Prt-Utrecht"
    assert client.post("/profiel/", {**data, "first_name": "P" * 150}).status_code == 302
    assert get_user_model().objects.get(pk=users["prt_utrecht"].pk).first_name == "P" * 150
