"""The referral form: the expert reads only the anonymised text the core team checked; a question
that cannot be referred says so before the form; declined and unconfirmed experts."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from experts.models import Referral, ReferralStatus
from experts.services import referral_create, referral_decline
from experts.tasks import referral_url

from .factories import ExpertFactory, make_question

BODY = (
    "Goedemiddag,\n\nWij overwegen opvang in het kantoor aan de Stationsstraat 12, 3511 AB Zeist. "
    "Bel mij op 06-12345678 of mail vera@zeist.example.\n\n"
    "Met vriendelijke groet,\nHans Hendriks\nTeamleider wonen"
)
SECRETS = ("Vera", "Vrager", "vera@zeist.example", "06-12345678", "Stationsstraat", "3511 AB", "Hendriks",
           "vriendelijke groet", "Goedemiddag", "Teamleider")  # fmt: skip


def _refer(client, question, expert, **data):
    url = reverse("experts:refer", kwargs={"question_pk": question.pk})
    return client.post(url, {"expert": expert.pk, "note": "", **data})


def _expert_page(expert):
    return referral_url(Referral.objects.get(expert=expert))


def test_form_is_prefilled_with_the_anonymised_text_and_the_expert_never_sees_the_asker(client_for, themes, client):
    question = make_question(themes=[themes["a"]], body=BODY)
    expert = ExpertFactory(themes=[themes["a"]])
    core = client_for("kernteam")
    page = core.get(reverse("experts:refer", kwargs={"question_pk": question.pk})).content.decode()
    textarea = re.search(r'<textarea name="question_text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea.strip().startswith("Wij overwegen opvang")
    for secret in SECRETS:
        assert secret not in textarea, secret
    text = re.sub(r"&#x27;|&quot;", "", textarea).strip()
    assert _refer(core, question, expert, question_text=text).status_code == 302
    core.logout()
    shown = client.get(_expert_page(expert)).content.decode()
    assert "Wij overwegen opvang" in shown
    for secret in SECRETS:
        assert secret not in shown, secret
    assert "[adres]" in shown and "[postcode]" in shown


def test_the_core_teams_corrected_text_is_what_the_expert_sees(client_for, themes, client):
    question = make_question(themes=[themes["a"]], body=BODY)
    expert = ExpertFactory(themes=[themes["a"]])
    core = client_for("kernteam")
    assert (
        _refer(core, question, expert, question_text="Mag een kantoor in de regio tijdelijk opvang zijn?").status_code
        == 302
    )
    assert Referral.objects.get().question_text == "Mag een kantoor in de regio tijdelijk opvang zijn?"
    core.logout()
    shown = client.get(_expert_page(expert)).content.decode()
    assert "Mag een kantoor in de regio tijdelijk opvang zijn?" in shown
    assert "Wij overwegen opvang" not in shown


def test_an_empty_text_for_the_expert_is_an_error_next_to_the_field(client_for, themes):
    question = make_question(themes=[themes["a"]], body=BODY)
    expert = ExpertFactory(themes=[themes["a"]])
    response = _refer(client_for("kernteam"), question, expert, question_text="  ")
    assert response.status_code == 400
    assert 'href="#id_question_text"' in response.content.decode()
    assert not Referral.objects.exists()


def test_an_answered_question_says_so_before_the_form_once(client_for, themes):
    question = make_question(themes=[themes["a"]], status="beantwoord")
    expert = ExpertFactory(themes=[themes["a"]])
    core = client_for("kernteam")
    page = core.get(reverse("experts:refer", kwargs={"question_pk": question.pk})).content.decode()
    assert page.count("Deze vraag is al beantwoord") == 1
    assert 'name="question_text"' not in page and 'name="expert"' not in page
    response = _refer(core, question, expert, question_text="x")
    assert response.status_code == 400
    assert response.content.decode().count("Deze vraag is al beantwoord") == 1
    assert not Referral.objects.exists()


def test_a_closed_question_cannot_be_referred_by_the_service_either(themes):
    question = make_question(themes=[themes["a"]], status="gesloten")
    try:
        referral_create(question=question, expert=ExpertFactory(themes=[themes["a"]]), by=None)
    except Exception as exc:
        assert "gesloten" in " ".join(exc.messages)
    else:
        raise AssertionError("referred a closed question")
    assert not Referral.objects.exists()


def test_an_expert_who_declined_is_not_suggested_again(client_for, themes):
    question = make_question(themes=[themes["a"]])
    declined = ExpertFactory(name="Dirk Afwijzer", themes=[themes["a"]])
    ExpertFactory(name="Olga Ander", themes=[themes["a"]])
    referral_decline(referral=referral_create(question=question, expert=declined, by=None), reason="Geen tijd")
    page = client_for("kernteam").get(reverse("experts:refer", kwargs={"question_pk": question.pk})).content.decode()
    suggestions = page.split("Deskundigen, best passend eerst", 1)[1].split("</table>", 1)[0]
    assert "Olga Ander" in suggestions
    assert "Dirk Afwijzer" not in suggestions
    assert Referral.objects.get().status == ReferralStatus.DECLINED


def test_unconfirmed_profiles_come_last_and_are_marked(client_for, themes, utrecht):
    question = make_question(themes=[themes["a"]], province=utrecht)
    old = timezone.now() - timedelta(days=400)
    ExpertFactory(
        name="Oud Profiel", themes=[themes["a"]], provinces=[utrecht], consent_given_at=old, last_confirmed_at=old
    )
    ExpertFactory(name="Vers Profiel", themes=[themes["a"]])
    page = client_for("kernteam").get(reverse("experts:refer", kwargs={"question_pk": question.pk})).content.decode()
    suggestions = page.split("Deskundigen, best passend eerst", 1)[1].split("</table>", 1)[0]
    assert suggestions.index("Vers Profiel") < suggestions.index("Oud Profiel")  # despite the higher score
    old_row = suggestions.split("Oud Profiel", 1)[1].split("</tr>", 1)[0]
    assert "profiel niet bevestigd" in old_row
    assert "profiel niet bevestigd" not in suggestions.split("Vers Profiel", 1)[1].split("</tr>", 1)[0]
