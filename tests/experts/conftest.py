import pytest

from experts.models import Expert
from loket.core.models import Theme

from .factories import ExpertFactory


@pytest.fixture
def themes(db):
    """Two sub-themes under one main theme, and one sub-theme under another main theme."""
    kwa = Theme.objects.get(code="KWA")
    return {
        "main": kwa,
        "a": Theme.objects.get(code="KWA-VER"),
        "a2": Theme.objects.get(code="KWA-PRO"),
        "b": Theme.objects.get(code="FLX-WON"),
    }


@pytest.fixture
def expert_user_profile(users, themes):
    """The `expert` role user with a linked, listed expert profile."""
    expert = ExpertFactory(user=users["expert"], name="Eva Expert", email="eva@test.example", themes=[themes["a"]])
    return expert


@pytest.fixture
def listed_expert(themes, utrecht) -> Expert:
    return ExpertFactory(name="Lotte Listed", email="lotte@test.example", themes=[themes["a"]], provinces=[utrecht])
