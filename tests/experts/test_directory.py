"""The directory: filters, search by relevance, who sees contact details, constant query count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from experts.models import Availability, Expert, IntroductionRequest
from experts.selectors import SEARCH_POINTS, _search_hits
from loket.core.models import Organisation, Province, Theme

from .factories import ExpertFactory

URL = "/deskundigen/"


def test_url_name():
    assert reverse("experts:directory") == URL


def names(response) -> str:
    return response.content.decode()


@pytest.fixture
def network(themes, utrecht, gelderland):
    coa = Organisation.objects.get(code="COA")
    vng = Organisation.objects.get(code="VNG")
    return {
        "anna": ExpertFactory(
            name="Anna Verdeel",
            organisation=coa,
            themes=[themes["a"]],
            provinces=[utrecht],
            email="anna@test.example",
            phone="030 111 22 33",
            expertise="Verdeelsleutels en prognoses",
        ),
        "bart": ExpertFactory(
            name="Bart Flex",
            organisation=vng,
            themes=[themes["b"]],
            provinces=[gelderland],
            availability=Availability.UNAVAILABLE,
            expertise="Flexwonen in kleine gemeenten",
        ),
        "cees": ExpertFactory(
            name="Cees Prognose",
            organisation=vng,
            themes=[themes["a2"]],
            expertise="Ook iets met verdeelsleutels",
        ),
        "weg": ExpertFactory(name="Dirk Afgemeld", themes=[themes["a"]], consent_withdrawn_at=timezone.now()),
        "nog": ExpertFactory(name="Els Zonder Toestemming", themes=[themes["a"]], consent_given_at=None),
    }


def test_partner_sees_listed_experts_without_contact_details(client_for, network):
    page = names(client_for("prt_utrecht").get(URL))
    for name in ("Anna Verdeel", "Bart Flex", "Cees Prognose"):
        assert name in page
    assert "Dirk Afgemeld" not in page and "Els Zonder Toestemming" not in page
    assert "anna@test.example" not in page and "030 111 22 33" not in page
    assert "Breng mij in contact" in page
    assert "Verdeelsleutels en prognoses" in page  # expertise
    assert "Centraal Orgaan opvang asielzoekers" in page or "COA" in page  # organisation


def test_core_team_sees_contact_details(client_for, network):
    page = names(client_for("kernteam").get(URL))
    assert "anna@test.example" in page and "030 111 22 33" in page
    assert "Dirk Afgemeld" not in page  # the directory lists listed experts; the core page shows the rest


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "KWA-VER"}, {"Anna Verdeel"}),
        ({"theme": "KWA"}, {"Anna Verdeel", "Cees Prognose"}),  # a main theme includes its sub-themes
        ({"organisation": "VNG"}, {"Bart Flex", "Cees Prognose"}),
        ({"province": "PV25"}, {"Bart Flex"}),
        ({"availability": "niet_beschikbaar"}, {"Bart Flex"}),
        ({"q": "flexwonen"}, {"Bart Flex"}),
        ({"q": "verdeel"}, {"Anna Verdeel", "Cees Prognose"}),
    ],
)
def test_filters(client_for, network, params, expected):
    lookups = {"theme": Theme, "organisation": Organisation, "province": Province}
    query = {k: (lookups[k].objects.get(code=v).pk if k in lookups else v) for k, v in params.items()}
    page = names(client_for("prt_utrecht").get(URL, query))
    shown = {n for n in ("Anna Verdeel", "Bart Flex", "Cees Prognose") if n in page}
    assert shown == expected


def test_search_orders_by_relevance(client_for, network):
    page = names(client_for("prt_utrecht").get(URL, {"q": "verdeel"}))
    # "Anna Verdeel" matches on name, theme and expertise; "Cees" only on expertise.
    assert page.index("Anna Verdeel") < page.index("Cees Prognose")
    assert "meest passend eerst" in page


def test_bad_filter_values_do_not_500(client_for, network):
    for query in ({"theme": "abc"}, {"province": "999999"}, {"availability": "nope"}, {"page": "x"}):
        assert client_for("prt_utrecht").get(URL, query).status_code == 200


def test_breng_mij_in_contact_creates_a_request_for_the_core_team(client_for, network, users):
    client = client_for("prt_utrecht")
    url = reverse("experts:request_introduction", kwargs={"pk": network["anna"].pk})
    response = client.post(url, {"message": "Wij willen meer weten over de verdeelsleutel."})
    assert response.status_code == 302
    client.post(url, {"message": "Dubbel"})  # a second click does not create a second open request
    request = IntroductionRequest.objects.get()
    assert request.requested_by == users["prt_utrecht"]
    assert "Uw verzoeken om contact" in names(client_for("prt_utrecht").get(URL))
    page = names(client_for("kernteam").get(reverse("experts:core")))
    assert "Wij willen meer weten over de verdeelsleutel." in page
    assert "Anna Verdeel" in page


def _bulk_experts(n: int) -> None:
    themes = list(Theme.objects.all()[:6])
    provinces = list(Province.objects.all()[:4])
    organisations = list(Organisation.objects.all())
    now = timezone.now()
    start = Expert.objects.count()
    Expert.objects.bulk_create(
        Expert(
            name=f"Bulk {start + i:05d}",
            email=f"bulk{start + i}@test.example",
            organisation=organisations[i % len(organisations)],
            expertise="Opvang en huisvesting",
            consent_given_at=now,
            last_confirmed_at=now,
        )
        for i in range(n)
    )
    experts = list(Expert.objects.filter(name__startswith="Bulk").values_list("pk", flat=True))
    Expert.themes.through.objects.bulk_create(
        [Expert.themes.through(expert_id=pk, theme_id=themes[pk % 6].pk) for pk in experts], ignore_conflicts=True
    )
    Expert.provinces.through.objects.bulk_create(
        [Expert.provinces.through(expert_id=pk, province_id=provinces[pk % 4].pk) for pk in experts],
        ignore_conflicts=True,
    )


@pytest.mark.parametrize("role", ["prt_utrecht", "kernteam"])
def test_directory_query_count_is_constant(client_for, django_assert_max_num_queries, role):
    client = client_for(role)
    client.get(URL)  # warm up session and roles
    _bulk_experts(20)
    with django_assert_max_num_queries(15):
        assert client.get(URL, {"q": "opvang"}).status_code == 200
    _bulk_experts(980)
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"q": "opvang"})
    assert response.status_code == 200
    assert "1000 deskundigen gevonden" in response.content.decode()
    with django_assert_max_num_queries(15):
        assert client.get(URL, {"page": "3"}).status_code == 200


def test_ranked_search_pages_show_every_match_once_in_ranked_order(client_for, network):
    """A search is ranked once and paged by key (selectors.RankedPage): the pages together hold every
    match exactly once, best first, and page numbers beyond the end show the last page."""
    _bulk_experts(60)
    bulk = Expert.objects.filter(name__startswith="Bulk")
    Expert.themes.through.objects.filter(expert__in=bulk).delete()  # all match on expertise only ...
    bulk.update(organisation=None)
    bulk.filter(name="Bulk 00017").update(function="Adviseur huisvesting")  # ... but one, also on function
    client = client_for("prt_utrecht")
    first = names(client.get(URL, {"q": "huisvesting"}))
    assert "60 deskundigen gevonden" in first
    shown = []
    for page in (1, 2, 3):
        html = names(client.get(URL, {"q": "huisvesting", "page": page}))
        shown += re.findall(r"<th scope=\"row\">\s*(Bulk \d{5})", html)
    assert shown[0] == "Bulk 00017"
    assert sorted(shown) == sorted(set(shown)) and len(shown) == 60
    assert shown[1:] == sorted(shown[1:])  # equal relevance: by name
    last = names(client.get(URL, {"q": "huisvesting", "page": 99}))
    assert re.findall(r"<th scope=\"row\">\s*(Bulk \d{5})", last) == shown[50:]


def test_core_team_sees_unconfirmed_flag(client_for, network):
    Expert.objects.filter(pk=network["anna"].pk).update(last_confirmed_at=timezone.now() - timedelta(days=400))
    assert "Niet bevestigd" in names(client_for("kernteam").get(URL))
    assert "Niet bevestigd" not in names(client_for("prt_utrecht").get(URL))


def test_search_points_add_up_per_word_and_field_in_the_database(client_for, themes):
    """The ranking in the database (selectors.RankedSearch) gives the points of the directory search:
    name 5, organisation 3, theme 3 (once per word, however many themes match), function 2, expertise 2,
    summed over the words; the words match anywhere in a field, in any case; ties go by name."""
    theme = themes["a"]
    both = Theme.objects.create(code="WOONX", name="Woonzorg extra", parent=theme)
    make = {"organisation": None, "themes": [], "provinces": []}
    ExpertFactory(name="Cor Plain", expertise="Weet veel van WOONlocaties", **make)  # 2
    ExpertFactory(name="Bea Woonstra", **make)  # 5
    ExpertFactory(name="Abe Twee", function="Adviseur wonen en woonzaken", expertise="woon", **make)  # 4
    ExpertFactory(name="Dirk Thema", organisation=None, themes=[both], provinces=[])  # 3
    ExpertFactory(name="Eva Anders", expertise="Iets heel anders", **make)  # no match
    ExpertFactory(name="Fred Woonstra", expertise="prognose", **make)  # 5, after Bea by name
    html = names(client_for("prt_utrecht").get(URL, {"q": "woon"}))
    shown = re.findall(r"<th scope=\"row\">\s*([A-Z][a-z]+ [A-Za-z]+)", html)
    assert shown == ["Bea Woonstra", "Fred Woonstra", "Abe Twee", "Dirk Thema", "Cor Plain"]
    assert "5 deskundigen gevonden" in html
    # two words: Fred gets 5 (woon) + 2 (prognose) and passes Bea
    shown = re.findall(
        r"<th scope=\"row\">\s*([A-Z][a-z]+ [A-Za-z]+)",
        names(client_for("prt_utrecht").get(URL, {"q": "woon prognose"})),
    )
    assert shown[:2] == ["Fred Woonstra", "Bea Woonstra"]


def _orm_hits(words: list[str]) -> list[tuple[int, int]]:
    """The hits as the ORM writes the lookups (name/function/expertise icontains, organisation name
    icontains or code iexact, theme name icontains once per expert): the reference for `_search_hits`."""
    through = Expert.themes.through
    parts = []
    for word in words:
        fields = {
            "name": Expert.objects.filter(name__icontains=word),
            "organisation": Expert.objects.filter(
                Q(organisation__name__icontains=word) | Q(organisation__code__iexact=word)
            ),
            "function": Expert.objects.filter(function__icontains=word),
            "expertise": Expert.objects.filter(expertise__icontains=word),
        }
        for field, rows in fields.items():
            parts += [(pk, SEARCH_POINTS[field]) for pk in rows.values_list("pk", flat=True)]
        parts += [
            (pk, SEARCH_POINTS["theme"])
            for pk in through.objects.filter(theme__name__icontains=word).values_list("expert_id", flat=True).distinct()
        ]
    return sorted(parts)


def test_written_out_search_matches_what_the_orm_lookups_match(themes):
    """`_search_hits` writes its SQL out (no querysets per word and field): it matches exactly what the
    ORM's icontains / iexact lookups match, also for LIKE's own characters, case and accents."""
    vng = Organisation.objects.get(code="VNG")
    texts = ["50% korting", "a_b c", "back\\slash", "ÉÉN plek", "één plek", "Verdeel", "procent%", "x_y"]
    for i, text in enumerate(texts):
        ExpertFactory(
            name=f"Naam {text}",
            function=texts[-1 - i],
            expertise=f"Over {text}.",
            organisation=vng if i % 2 else None,
            themes=[themes["a"] if i % 3 else themes["b"]],
        )
    for words in (["50%"], ["%"], ["_"], ["a_b"], ["\\"], ["één"], ["ÉÉN"], ["vng"], ["VNG", "verdeel"], ["woon"]):
        sql, params = _search_hits(words)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert sorted(cursor.fetchall()) == _orm_hits(words), words
