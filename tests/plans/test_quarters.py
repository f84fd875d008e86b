from datetime import date

import pytest
from django.core.exceptions import ValidationError

from plans import quarters
from plans.selectors import horizon


def test_encode_decode_label_roundtrip():
    assert quarters.encode(2026, 3) == 2026 * 4 + 2
    for value in range(quarters.encode(2024, 1), quarters.encode(2031, 4) + 1):
        year, q = quarters.decode(value)
        assert quarters.encode(year, q) == value
        assert quarters.parse(quarters.label(value)) == value
    assert quarters.label(quarters.encode(2026, 4) + 1) == "2027-K1"
    assert quarters.label(None) == ""


@pytest.mark.parametrize("text", ["2026-K3", "2026K3", " 2026 - k3 ", "2026-Q3"])
def test_parse_accepts_common_spellings(text):
    assert quarters.parse(text) == quarters.encode(2026, 3)


@pytest.mark.parametrize("text", ["", "2026", "2026-K5", "2026-K0", "K3-2026", "1999-K1", "2026-03", None])
def test_parse_refuses_with_dutch_message(text):
    with pytest.raises(ValidationError) as exc:
        quarters.parse(text)
    assert "kwartaal" in exc.value.messages[0]


def test_of_date_and_start_date():
    assert quarters.label(quarters.of_date(date(2026, 11, 29))) == "2026-K4"
    assert quarters.label(quarters.of_date(date(2027, 1, 1))) == "2027-K1"
    assert quarters.start_date(quarters.encode(2026, 3)) == date(2026, 7, 1)


def test_horizon_is_next_quarters_from_settings(settings):
    settings.PLANS_HORIZON_QUARTERS = 12
    span = horizon(today=date(2026, 11, 29))
    assert len(span) == 12
    assert quarters.label(span[0]) == "2026-K4"
    assert quarters.label(span[-1]) == "2029-K3"
