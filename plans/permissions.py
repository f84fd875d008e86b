"""Who may do what with plans and prognoses. Views and services ask these; reads go through selectors.

- Prognosis rounds: the core team creates, edits (while draft) and publishes; everyone reads published rounds.
- Plan versions: a PRT-lid edits the editable (concept / in PRT) version of their own province only, starts
  a revision there, and moves it concept -> in PRT -> ingediend (or back to concept). The core team and the
  LRT secretary read everything and may make every move of the workflow, including adopting (vastgesteld).
"""

from loket.core.roles import Role, has_role, is_core_team, province_id_of, sees_everything

from . import workflow
from .workflow import EDITABLE, TRANSITIONS, Status

PRT_MOVES = frozenset(
    {
        (Status.CONCEPT, Status.IN_PRT),
        (Status.IN_PRT, Status.CONCEPT),
        (Status.IN_PRT, Status.SUBMITTED),
    }
)


def can_manage_prognosis(user) -> bool:
    return is_core_team(user)


def is_own_province_prt(user, province_id: int) -> bool:
    return has_role(user, Role.PRT) and province_id_of(user) == province_id


def can_edit_version(user, version) -> bool:
    return version.status in EDITABLE and is_own_province_prt(user, version.plan.province_id)


def can_start_version(user, province_id: int) -> bool:
    return is_own_province_prt(user, province_id)


def can_transition(user, version, to: Status) -> bool:
    current = Status(version.status)
    if not workflow.can_transition(current, to):
        return False
    if sees_everything(user):
        return True
    return (current, to) in PRT_MOVES and is_own_province_prt(user, version.plan.province_id)


def allowed_transitions(user, version) -> list[Status]:
    return [to for to in TRANSITIONS[Status(version.status)] if can_transition(user, version, to)]
