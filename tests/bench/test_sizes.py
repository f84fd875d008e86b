"""`python -m bench run_bench --sizes 1,10` (issue 21): one child run per size, each on its own database,
one combined report."""

import pytest

from bench import sizes


def test_each_size_has_its_own_database():
    assert sizes.database_for("loket_bench", 1) == "loket_bench"
    assert sizes.database_for("loket_bench", 10) == "loket_bench_x10"
    assert sizes.database_for("loket_bench", 0.1) == "loket_bench_x0_1"


def test_options_are_read_and_removed():
    args = ["--sizes", "1,10", "--database=loket_bench", "--duration", "5", "--output", "docs/x.md"]
    assert sizes.option(args, "--sizes") == "1,10"
    assert sizes.option(args, "--database") == "loket_bench"
    assert sizes.without(args, "--sizes", "--database", "--output") == ["--duration", "5"]
    assert sizes.parse_sizes("1,10") == [1.0, 10.0]
    with pytest.raises(SystemExit):
        sizes.parse_sizes("0,20")


def test_the_combined_report_keeps_every_size_under_its_own_heading():
    one = "# Benchmark\n\nGemeten op ...\n\n## Pagina's\n\n| a |\n"
    ten = "# Benchmark\n\n## Pagina's\n\n| b |\n"
    text = sizes.combined([(1.0, one), (10.0, ten)], 600)
    assert text.startswith("# Benchmark\n")
    assert "## Omvang x1: 10.000 vragen" in text and "## Omvang x10: 100.000 vragen" in text
    assert text.count("### Pagina's") == 2 and "| a |" in text and "| b |" in text
    assert text.index("| a |") < text.index("## Omvang x10")
