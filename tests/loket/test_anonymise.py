"""The one anonymisation mechanism (loket.core.anonymise): greetings, closings with the signature,
street names with house numbers and postcodes go; the FAQ draft of a question uses it."""

import pytest
from django.urls import reverse

from loket.core.anonymise import anonymise_text
from tests.loket.factories import make_question


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Goedemiddag,\n\nWij overwegen een locatie.", "Wij overwegen een locatie."),
        ("Goedemorgen! wij overwegen een locatie.", "Wij overwegen een locatie."),
        ("Beste kernteam,\nWij overwegen een locatie.", "Wij overwegen een locatie."),
        ("Hallo\nWij overwegen een locatie.", "Wij overwegen een locatie."),
        ("Geachte heer, mevrouw,\nWij overwegen een locatie.", "Wij overwegen een locatie."),
        (
            "Wij overwegen een locatie.\n\nMet vriendelijke groet,\nHans Hendriks\nTeamleider",
            "Wij overwegen een locatie.",
        ),
        ("Wij overwegen een locatie. Groeten, Hans", "Wij overwegen een locatie."),
        ("Wij overwegen een locatie.\nMvg Anna de Wit, gemeente Zeist", "Wij overwegen een locatie."),
        ("Wij overwegen een locatie.\nHoogachtend,\nK. Klaassen", "Wij overwegen een locatie."),
        ("Het pand aan de Stationsstraat 12 staat leeg.", "Het pand aan de [adres] staat leeg."),
        ("Het pand aan de Dorpsweg 3-5 staat leeg.", "Het pand aan de [adres] staat leeg."),
        ("Het pand aan de Korte Gracht 4a staat leeg.", "Het pand aan de [adres] staat leeg."),
        ("Adres: Utrechtseweg 48, 3704 HE Zeist.", "Adres: [adres], [postcode] Zeist."),
        ("Lindelaan 7, Beatrixplein 2, Oudegracht 100, Wilhelminakade 9 en Maliesingel 3.", None),
    ],
)
def test_anonymise_text_greetings_signatures_streets(text, expected):
    result = anonymise_text(text)
    if expected is None:
        assert result == "[adres], [adres], [adres], [adres] en [adres]."
    else:
        assert result == expected


@pytest.mark.parametrize(
    "text",
    [
        "Beste praktijken voor opvang zoeken wij. Wie helpt?",
        "Dagbesteding in de woningmarkt 2025 is krap.",
        "In 2026 zijn 1200 plaatsen nodig langs de weg.",
        "Wij groeten de nieuwe PRT-leden.",
    ],
)
def test_anonymise_text_leaves_ordinary_text(text):
    assert anonymise_text(text) == text


@pytest.mark.django_db
def test_faq_draft_has_no_greeting_signature_or_street(client_for, users):
    question = make_question(
        by=users["kernteam"],
        body=(
            "Goedemiddag,\n\nWij overwegen opvang in het kantoor aan de Stationsstraat 12 in 3511 AB Zeist. "
            "Mag dat tijdelijk?\n\nMet vriendelijke groet,\nHans Hendriks\nAdviseur wonen"
        ),
    )
    client_for("kernteam").post(reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}))
    question.refresh_from_db()
    faq = question.faq_publication
    assert faq.summary.startswith("Wij overwegen opvang")
    text = f"{faq.summary}\n{faq.body}"
    for secret in ("Goedemiddag", "Stationsstraat", "3511 AB", "Hans", "Hendriks", "vriendelijke groet", "Adviseur"):
        assert secret not in text, secret
