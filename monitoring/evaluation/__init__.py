"""The evaluation of the arrangement (journey 10): figures per period, as a list of sections.

Each section is built by one small function in `report.SECTIONS` (`(scope) -> Section`): a title, a
short explanation of the measure, a table (with an optional total row), and which column its bar
chart shows. The page, the XLSX export (one sheet per section) and the PDF report all walk the same
list, so a new section is one function added to SECTIONS.

- `base`: the period (`Scope`) and the table (`Section`);
- `questions`: response times in working days, satisfaction, channel, themes, province,
  organisation type, asker role, month, referrals;
- `support`: practical support requests per kind and state, per province, days to acceptance;
- `consultations`: consultation rounds, invitees, comments and their handling, per organisation type;
- `governance`: signals and escalations with decisions;
- `report`: SECTIONS and the XLSX sheets and PDF report.
"""

from .base import Scope, Section
from .report import SECTIONS, evaluation_report_pdf, evaluation_sections, evaluation_sheets

__all__ = [
    "SECTIONS",
    "Scope",
    "Section",
    "evaluation_report_pdf",
    "evaluation_sections",
    "evaluation_sheets",
]
