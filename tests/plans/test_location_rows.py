# ruff: noqa: E501 - the template loop below is kept verbatim, with its long lines
"""The rows of a plan version's table of locations, rendered in Python (plans/templatetags/location_tables.py,
issue 21): exactly what the template loop wrote, for the PRT-lid who edits (links, delete form) and for the
core team, with every realisation state, a region, an open end and text that must be escaped."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from loket.core.models import Province
from plans import quarters
from plans.models import LocationRealisation, Region
from plans.workflow import RealisationState, Status

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db

# The loop of templates/plans/version_detail.html before issue 21 (with its include inlined as it was).
TEMPLATE_LOOP = """{% load i18n plans_tags formats %}{% for loc in page_obj %}
        <tr>
          <th scope="row">{{ loc.name }}</th><td>{{ loc.municipality }}</td>
          <td><abbr title="{{ loc.location_type.name }}">{{ loc.location_type.code }}</abbr></td>
          <td class="num">{{ loc.capacity|getal }}</td><td class="num">{{ loc.minors_places|getal }}</td>
          <td class="loket-nowrap">{{ loc.first_quarter_label }}</td><td class="loket-nowrap">{{ loc.last_quarter_label|default:_("open einde") }}</td>
          <td>{{ loc.get_status_display }}</td><td>{{ loc.flexible|yesno:_("ja,nee") }}</td>
          <td>{{ loc.region.name|default:"-" }}</td>
          <td class="loket-nowrap">{% with r=realisations|get_item:loc.key %}{% include "plans/_realisation_state.html" with realisation=r %}{% endwith %}
            {% if can_update_realisation %}<br><a href="{% url 'plans:location_realisation' province_code=province.code number=version.number pk=loc.pk %}">{% translate "Bijwerken" %}<span class="rhc-visually-hidden"> {% blocktranslate with name=loc.name %}realisatie van {{ name }}{% endblocktranslate %}</span></a>{% endif %}</td>
          {% if can_edit %}<td class="loket-nowrap">
            <a href="{% url 'plans:location_update' province_code=province.code number=version.number pk=loc.pk %}">{% translate "Wijzigen" %}<span class="rhc-visually-hidden"> {{ loc.name }}</span></a>
            <form method="post" action="{% url 'plans:location_delete' province_code=province.code number=version.number pk=loc.pk %}" class="loket-inline">{% csrf_token %}<input type="hidden" name="row_version" value="{{ loc.row_version }}">
              <button type="submit" class="utrecht-link-button utrecht-link-button--html-button loket-p-0 loket-ms-s" data-confirm="{% translate 'Locatie verwijderen?' %}">{% translate "Verwijderen" %}<span class="rhc-visually-hidden"> {{ loc.name }}</span></button>
            </form></td>{% endif %}
        </tr>
      {% empty %}
        <tr><td colspan="12">{% translate "Geen locaties." %}</td></tr>
      {% endfor %}"""

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')


def _tbody(html: str) -> str:
    body = html.split('">Locaties in deze versie (', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return CSRF.sub(r"\1X", body)


@pytest.mark.parametrize("role", ["prt_utrecht", "kernteam"])
def test_rows_are_what_the_template_wrote(client_for, users, role):
    version = version_for("PV26", Status.CONCEPT, number=1)
    add_locations(version, 4, minors_places=12)
    first, second, third, _fourth = version.locations.order_by("pk")
    first.name, first.municipality = "Kamp <b>'t Hof</b> & zo", 'De "Bilt"'
    first.capacity, first.last_quarter, first.flexible = 12500, quarters.encode(2027, 4), True
    first.region = Region.objects.create(province=Province.objects.get(code="PV26"), code="T-1", name="Regio <Oost>")
    first.save()
    day = dt.date(2026, 3, 5)
    LocationRealisation.objects.create(
        plan=version.plan, key=first.key, state=RealisationState.IN_USE, in_use_since=day
    )
    LocationRealisation.objects.create(
        plan=version.plan, key=second.key, state=RealisationState.CLOSED, in_use_since=day, closed_since=day
    )
    LocationRealisation.objects.create(plan=version.plan, key=third.key, state=RealisationState.PREPARING)
    response = client_for(role).get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}))
    assert response.status_code == 200
    context = response.context
    assert bool(context["can_edit"]) == (role == "prt_utrecht")
    names = ("page_obj", "realisations", "can_update_realisation", "can_edit", "province", "version", "csrf_token")
    expected = Template(TEMPLATE_LOOP).render(Context({name: context[name] for name in names}))
    body = _tbody(response.content.decode())
    assert body == "\n      " + CSRF.sub(r"\1X", expected) + "\n      "
    assert "Kamp &lt;b&gt;&#x27;t Hof&lt;/b&gt; &amp; zo" in body and "12.500" in body and "Regio &lt;Oost&gt;" in body


def test_no_locations(client_for, users):
    version_for("PV26", Status.CONCEPT, number=1)
    page = client_for("kernteam").get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}))
    assert '<tr><td colspan="12">Geen locaties.</td></tr>' in page.content.decode()
