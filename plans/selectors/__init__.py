"""Reads of plans, in named parts. `plan_versions_visible_to` (versions) is the one scoping function for plan
versions. Every name is importable from `plans.selectors` as before."""

from .prognosis import (
    latest_published_round,
    previous_round_for,
    prognosis_rounds_due_for_mailing,
    prognosis_rounds_visible_to,
    round_figures,
)
from .realisation import (
    implementation_progress,
    realisation_annotations,
    realisation_history,
    realisations_of,
    realised_in,
)
from .regions import (
    location_types,
    regions_of,
    version_by_region,
)
from .review import (
    open_comment_counts,
    open_comments_by_province,
    review_comments_of,
)
from .support import (
    open_support_by_province,
    open_support_requests,
    support_figures,
    support_requests_visible_to,
)
from .versions import (
    capacity_by_quarter,
    compare_versions,
    conditional_sum,
    draft_version_of_province,
    horizon,
    latest_visible_versions,
    pending_import_for,
    placeholders,
    plan_progress,
    plan_versions_visible_to,
    planned_locations_visible_to,
    plans_overview,
    version_edit_log,
    versions_of_province,
    visibility_key,
)

__all__ = [
    "capacity_by_quarter",
    "compare_versions",
    "conditional_sum",
    "draft_version_of_province",
    "horizon",
    "implementation_progress",
    "latest_published_round",
    "latest_visible_versions",
    "location_types",
    "open_comment_counts",
    "open_comments_by_province",
    "open_support_by_province",
    "open_support_requests",
    "pending_import_for",
    "placeholders",
    "plan_progress",
    "plan_versions_visible_to",
    "planned_locations_visible_to",
    "plans_overview",
    "previous_round_for",
    "prognosis_rounds_due_for_mailing",
    "prognosis_rounds_visible_to",
    "realisation_annotations",
    "realisation_history",
    "realisations_of",
    "realised_in",
    "regions_of",
    "review_comments_of",
    "round_figures",
    "support_figures",
    "support_requests_visible_to",
    "version_by_region",
    "version_edit_log",
    "versions_of_province",
    "visibility_key",
]
