"""The tally of questions per status and assignee (`QuestionTally`), kept by database triggers
(loket.core.tallies: why triggers, and how). The core team's counts (per status, mine, the queue,
the whole list) read it instead of counting the questions; a question without an assignee counts
under assignee 0. The stored search document of loket.core.fulltext is kept by triggers the same way."""

from loket.core.tallies import Key, Tally

TALLY = Tally(
    name="questions",
    source_table="questions_question",
    tally_table="questions_questiontally",
    keys=(Key("status", "status", "varchar"), Key("assignee_key", "assignee_id", "integer", null_as=0)),
)
install_triggers = TALLY.install_triggers
drop_triggers = TALLY.drop_triggers
counted = TALLY.counted  # (status, assignee_key) -> number of the questions of a queryset
recount = TALLY.recount
