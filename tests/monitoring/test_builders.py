"""monitoring.builders: bench and test signals carry valid scores and their provinces."""

import pytest

from loket.core.models import Province
from monitoring.builders import NewSignal, build_signal, build_signals
from monitoring.models import Signal

pytestmark = pytest.mark.django_db


def test_signals_are_linked_to_their_provinces_and_none_means_national():
    utrecht, gelderland = Province.objects.get(code="PV26"), Province.objects.get(code="PV25")
    fields = {"kind": "risico", "description": "D", "impact": 2, "likelihood": 4}
    two, national = build_signals(
        [
            NewSignal(Signal(title="Twee", **fields), provinces=[utrecht, gelderland]),
            NewSignal(Signal(title="Landelijk", **fields)),
        ]
    )
    assert set(two.provinces.all()) == {utrecht, gelderland} and two.score == 8
    assert not national.provinces.exists()


@pytest.mark.parametrize(("impact", "likelihood"), [(0, 3), (3, 6), (None, 3)])
def test_a_score_outside_1_to_5_is_refused_before_anything_is_written(impact, likelihood):
    with pytest.raises(ValueError, match="score from 1 to 5"):
        build_signal(kind="kans", title="T", description="D", impact=impact, likelihood=likelihood)
    assert not Signal.objects.exists()
