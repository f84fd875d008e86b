"""Who may do what with plans and prognoses. Views and services ask these; reads go through selectors.

- Prognosis rounds: the core team creates, edits (while draft) and publishes; everyone reads published rounds.
- Plan versions: a PRT-lid edits the editable (concept / in PRT) version of their own province only, starts
  a revision there, and moves it concept -> in PRT -> ingediend (or back to concept). The core team and the
  LRT secretary read everything and may make every move of the workflow, including adopting (vastgesteld).
- The CdK-medewerker coordinates the drafting in their province: reads its versions, comments on its
  drafts and moves a version from "in PRT" to "ingediend"; never edits. COA landelijk reads every
  province's versions (the national real-estate picture) and changes nothing.
- Review comments: the core team (on concept, in PRT and ingediend) and the CdK-medewerker of the province
  (on concept and in PRT) place them; the PRT-lid of the province answers them and marks them resolved.
- Practical support: a PRT-lid or CdK-medewerker asks for their own province; the core team handles it.
- Realisation of a location: the PRT-lid of the province records it, without a new version.
"""

from loket.core.roles import Role, has_role, is_core_team, province_id_of, sees_everything

from . import workflow
from .workflow import EDITABLE, TRANSITIONS, Status

# Versions a remark may still be placed on, per commenting role.
CORE_COMMENTS_ON = frozenset({Status.CONCEPT, Status.IN_PRT, Status.SUBMITTED})
CDK_COMMENTS_ON = EDITABLE

PRT_MOVES = frozenset(
    {
        (Status.CONCEPT, Status.IN_PRT),
        (Status.IN_PRT, Status.CONCEPT),
        (Status.IN_PRT, Status.SUBMITTED),
    }
)


CDK_MOVES = frozenset({(Status.IN_PRT, Status.SUBMITTED)})


def can_manage_prognosis(user) -> bool:
    return is_core_team(user)


def is_own_province_prt(user, province_id: int) -> bool:
    return has_role(user, Role.PRT) and province_id_of(user) == province_id


def is_own_province_cdk(user, province_id: int) -> bool:
    return has_role(user, Role.CDK) and province_id_of(user) == province_id


def reads_all_versions(user) -> bool:
    """Core team, LRT secretary and COA landelijk read every version of every province."""
    return sees_everything(user) or has_role(user, Role.COA)


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
    province_id = version.plan.province_id
    if (current, to) in CDK_MOVES and is_own_province_cdk(user, province_id):
        return True
    return (current, to) in PRT_MOVES and is_own_province_prt(user, province_id)


def allowed_transitions(user, version) -> list[Status]:
    return [to for to in TRANSITIONS[Status(version.status)] if can_transition(user, version, to)]


def can_comment(user, version) -> bool:
    if is_core_team(user):
        return version.status in CORE_COMMENTS_ON
    return version.status in CDK_COMMENTS_ON and is_own_province_cdk(user, version.plan.province_id)


def can_answer_comment(user, version) -> bool:
    return is_own_province_prt(user, version.plan.province_id)


def can_request_support(user, province_id: int | None) -> bool:
    return bool(province_id) and (is_own_province_prt(user, province_id) or is_own_province_cdk(user, province_id))


def can_handle_support(user) -> bool:
    return is_core_team(user)


def can_update_realisation(user, province_id: int) -> bool:
    return is_own_province_prt(user, province_id)
