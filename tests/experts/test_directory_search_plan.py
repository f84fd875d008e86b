"""How PostgreSQL runs the directory's ranking (experts.selectors._ranking_rows, issue 21): from the
indexes, without parallel workers, and with those planner settings for the ranking query only. As a page
request runs it: outside a transaction (transaction=True)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experts.models import Expert
from experts.selectors import RankedSearch, _ranking_rows, listed_experts, planner_settings, search_words

from .factories import ExpertFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="alleen op PostgreSQL"),
]


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def _ranking() -> RankedSearch:
    return RankedSearch(listed_experts().order_by("name"), search_words("huisvesting"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ranking_reads_the_indexes_without_parallel_workers():
    for i in range(30):
        ExpertFactory(name=f"Expert {i:02d}", function="Adviseur huisvesting" if i % 3 else "Jurist")
    ranking = _ranking()
    explain = _ranking_rows(f"EXPLAIN SELECT ranked.hit {ranking._from}", ranking._params, ranking._settings)
    plan = "\n".join(row[0] for row in explain)
    # a tiny table: without the settings the planner reads every expert's row (and, at 10,000, in parallel)
    assert "Seq Scan on experts_expert " not in plan and "Gather" not in plan
    assert "experts_expert_function_trgm" in plan and "experts_expert_expertise_trgm" in plan
    assert "expert_listed_name_idx" in plan  # the listed experts' names (migration 0009)
    assert ranking.count() == 30  # every factory expert's expertise mentions "Huisvesting"


def test_inside_a_transaction_the_ranking_sets_nothing(db, django_assert_num_queries):
    ExpertFactory(name="Anna Huisvesting")
    with django_assert_num_queries(1) as queries:
        assert _ranking().count() == 1
    assert "SET LOCAL" not in queries.captured_queries[0]["sql"]
    assert _setting("enable_seqscan") == "on" and _setting("max_parallel_workers_per_gather") != "0"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_settings_end_with_the_ranking_query_outside_a_transaction():
    ExpertFactory(name="Anna Huisvesting")
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as queries:
        assert RankedSearch(Expert.objects.all(), search_words("huisvesting")).count() == 1
    assert len(queries.captured_queries) == 1 and "SET LOCAL enable_seqscan = off" in queries.captured_queries[0]["sql"]
    assert _setting("enable_seqscan") == "on" and _setting("max_parallel_workers_per_gather") != "0"


def test_words_without_a_trigram_leave_the_table_scan_to_the_planner():
    assert "enable_seqscan" in planner_settings(["huisvesting", "coa"])
    assert "enable_seqscan" not in planner_settings(["de", "huisvesting"])
    assert "max_parallel_workers_per_gather = 0" in planner_settings(["de"])
