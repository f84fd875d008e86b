from loket.core.models import LocationType, Organisation, OrganisationType, Province, Theme

CBS_TOTAL_2024 = 17_947_684


def test_twelve_provinces_with_cbs_population(db):
    provinces = Province.objects.all()
    assert provinces.count() == 12
    assert sorted(p.code for p in provinces) == [f"PV{n}" for n in range(20, 32)]
    assert sum(p.population for p in provinces) == CBS_TOTAL_2024
    utrecht = Province.objects.get(code="PV26")
    assert (utrecht.name, utrecht.population, str(utrecht.population_date)) == ("Utrecht", 1_400_187, "2024-01-01")
    assert Province.objects.get(code="PV21").alt_name == "Friesland"


def test_two_level_theme_vocabulary(db):
    top = Theme.objects.filter(parent__isnull=True)
    assert top.count() >= 5
    assert all(t.level == 1 for t in top)
    child = Theme.objects.get(code="KWA-VER")
    assert child.parent.code == "KWA" and child.level == 2
    assert not Theme.objects.filter(parent__parent__isnull=False).exists()  # never three levels


def test_organisations_include_each_province(db):
    assert Organisation.objects.filter(type=OrganisationType.PROVINCE).count() == 12
    assert Organisation.objects.get(code="PV25").province.name == "Gelderland"
    for code in ("COA", "VNG", "IPO", "BZK", "SZW", "JENV"):
        assert Organisation.objects.filter(code=code).exists(), code


def test_location_types(db):
    codes = set(LocationType.objects.values_list("code", flat=True))
    assert {"GVL", "SAT", "ROL", "AZC", "NOOD"} <= codes
    assert LocationType.objects.count() == 21
