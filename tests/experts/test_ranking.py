"""The ranking of experts for a question, as a table."""

from datetime import date

import pytest

from experts.ranking import Candidate, rank_experts

TODAY = date(2026, 3, 2)
# Question: theme 11 (main 1), province 26.
Q = {"theme_ids": [11], "theme_main_ids": [1], "province_id": 26, "today": TODAY}


def cand(pk, themes=(), mains=(), provinces=(), availability="beschikbaar", until=None, load=0, listed=True):
    return Candidate(
        expert_id=pk,
        name=f"Expert {pk}",
        theme_ids=frozenset(themes),
        theme_main_ids=frozenset(mains),
        province_ids=frozenset(provinces),
        availability=availability,
        available_until=until,
        open_referrals=load,
        listed=listed,
    )


# (description, candidate, expected score or None when not suggested)
CASES = [
    ("exact theme, province, available", cand(1, [11], [1], [26]), 3 + 2 + 2),
    ("exact theme, other province", cand(2, [11], [1], [25]), 3 + 2),
    ("related theme only", cand(3, [12], [1]), 1 + 2),
    ("province only", cand(4, [99], [9], [26]), 2 + 2),
    ("no match at all", cand(5, [99], [9], [25]), None),
    ("limited availability", cand(6, [11], [1], [26], availability="beperkt"), 3 + 2 + 1),
    ("unavailable", cand(7, [11], [1], [26], availability="niet_beschikbaar"), None),
    (
        "unavailable until a past date counts as available",
        cand(8, [11], [1], availability="niet_beschikbaar", until=date(2026, 3, 1)),
        3 + 2,
    ),
    (
        "unavailable until a future date",
        cand(9, [11], [1], availability="niet_beschikbaar", until=date(2026, 4, 1)),
        None,
    ),
    ("two open referrals", cand(10, [11], [1], [26], load=2), 3 + 2 + 2 - 2),
    ("load penalty capped at 3", cand(11, [11], [1], [26], load=7), 3 + 2 + 2 - 3),
    ("withdrawn (not listed)", cand(12, [11], [1], [26], listed=False), None),
]


@pytest.mark.parametrize(("description", "candidate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_score_per_case(description, candidate, expected):
    result = rank_experts([candidate], **Q)
    if expected is None:
        assert result == []
    else:
        assert [s.score for s in result] == [expected]
        assert sum(points for points, _reason in result[0].reasons) == expected
        assert all(reason for _points, reason in result[0].reasons)


def test_order_best_first_then_least_load_then_name():
    candidates = [
        cand(1, [11], [1], [25]),  # 5
        cand(2, [11], [1], [26], load=1),  # 6
        cand(3, [11], [1], [26]),  # 7
        cand(4, [12], [1], [26]),  # 5 (related 1 + province 2 + available 2)
        cand(5, [11], [1], [26], load=2),  # 5, but more load
    ]
    ranked = rank_experts(candidates, **Q)
    assert [s.candidate.expert_id for s in ranked] == [3, 2, 1, 4, 5]


def test_national_question_gives_no_province_points():
    ranked = rank_experts([cand(1, [11], [1], [26])], theme_ids=[11], theme_main_ids=[1], province_id=None, today=TODAY)
    assert ranked[0].score == 5


def test_several_exact_themes_count_each():
    ranked = rank_experts(
        [cand(1, [11, 12], [1])], theme_ids=[11, 12], theme_main_ids=[1], province_id=None, today=TODAY
    )
    assert ranked[0].score == 3 * 2 + 2


def test_limit():
    ranked = rank_experts([cand(i, [11], [1]) for i in range(1, 30)], **Q, limit=10)
    assert len(ranked) == 10


def _reasons(candidate, theme_ids, theme_main_ids=(1,)):
    q = {"theme_ids": theme_ids, "theme_main_ids": theme_main_ids, "province_id": None, "today": TODAY}
    ranked = rank_experts([candidate], **q)
    return [reason for _points, reason in ranked[0].reasons]


def test_reasons_use_proper_singular_and_plural():
    """Issue #19 item 15: "1 thema", "2 thema's", never "thema('s)" or "doorverwijzing(en)"."""
    assert "1 thema gelijk aan de vraag" in _reasons(cand(1, [11], [1]), [11])
    assert "2 thema's gelijk aan de vraag" in _reasons(cand(1, [11, 12], [1]), [11, 12])
    assert "1 verwant thema (zelfde hoofdthema)" in _reasons(cand(1, [13], [1]), [11], [1])
    assert "2 verwante thema's (zelfde hoofdthema)" in _reasons(cand(1, [13, 14], [1, 2]), [11], [1, 2])
    assert "1 open doorverwijzing" in _reasons(cand(1, [11], [1], load=1), [11])
    assert "2 open doorverwijzingen" in _reasons(cand(1, [11], [1], load=2), [11])
    everything = " ".join(_reasons(cand(1, [11, 12], [1], load=3), [11, 12]))
    assert "(s)" not in everything and "('s)" not in everything and "(en)" not in everything
