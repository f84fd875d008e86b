"""The tally of signals per kind and status (`SignalTally`), kept by database triggers
(loket.core.tallies: why triggers, and how). The register reads its size here when it is shown
unfiltered (or filtered on kind and status) to someone who sees every signal, instead of counting the
table per request (issue 21)."""

from loket.core.tallies import Key, Tally

TALLY = Tally(
    name="monitoring",
    source_table="monitoring_signal",
    tally_table="monitoring_signaltally",
    keys=(Key("kind", "kind", "varchar"), Key("status", "status", "varchar")),
)
install_triggers = TALLY.install_triggers
drop_triggers = TALLY.drop_triggers
counted = TALLY.counted  # (kind, status) -> number of the signals of a queryset
recount = TALLY.recount
