"""The question form groups its themes under their main theme: a fieldset with a legend each."""

import re
from html import unescape as html_unescape

import pytest

from loket.core.models import Theme
from tests.conftest import login

ASK = "/vragen/stellen/"


def groups(html: str) -> dict[str, list[str]]:
    """legend -> the checkbox labels inside that fieldset."""
    found = {}
    for legend, body in re.findall(
        r'<fieldset class="choice-group[^"]*"><legend class="choice-group__legend[^"]*">'
        r"([^<]+)</legend>(.*?)</fieldset>",
        html,
        re.S,
    ):
        found[html_unescape(legend.strip())] = [
            label.strip()
            for label in re.findall(r'class="utrecht-form-label utrecht-form-label--checkbox">([^<]+)</label>', body)
        ]
    return found


@pytest.mark.parametrize("logged_in", [False, True])  # anonymous: the cached form; logged in: built each time
def test_themes_are_grouped_under_their_main_theme(client, users, logged_in):
    if logged_in:
        login(client, users["prt_utrecht"])
    for _attempt in range(2):  # the second anonymous request comes from the form cache
        html = client.get(ASK).content.decode()
        found = groups(html)
        mains = Theme.objects.filter(parent=None, is_active=True, children__isnull=False).distinct()
        assert set(found) == {m.name for m in mains} | {"Overige thema's"}
        kwa = found["Kwantitatieve opgave opvangcapaciteit"]
        assert kwa[0] == "Kwantitatieve opgave opvangcapaciteit in het algemeen"
        assert "Prognose en capaciteitsraming (MPP)" in kwa and "Spreidingswet" not in kwa
        assert "Spreidingswet" in found["Beleidsmatige kaders"]
        assert {"Projecten en pilots", "Draagvlak en omgevingscommunicatie"} <= set(found["Overige thema's"])
        # every active theme is offered exactly once
        offered = [label for labels in found.values() for label in labels]
        assert len(offered) == Theme.objects.filter(is_active=True).count()
