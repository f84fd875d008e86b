from .capacity import CapacityExportView, CapacityView
from .locations import LocationDeleteView, LocationFormView, LocationImportPreviewView, LocationImportView
from .plans import (
    ImportTemplateView,
    PlanDetailView,
    PlanIndexView,
    PlanVersionStartView,
    VersionCompareView,
    VersionDetailView,
    VersionEditView,
    VersionExportView,
    VersionTransitionView,
)
from .prognosis import (
    PrognosisCreateView,
    PrognosisDeleteView,
    PrognosisDetailView,
    PrognosisExportView,
    PrognosisListView,
    PrognosisPublishView,
    PrognosisUpdateView,
)
from .realisation import RealisationView
from .review import ReviewAnswerView, ReviewCommentsView
from .support import SupportCreateView, SupportDetailView, SupportListView

__all__ = [
    "CapacityExportView",
    "CapacityView",
    "ImportTemplateView",
    "LocationDeleteView",
    "LocationFormView",
    "LocationImportPreviewView",
    "LocationImportView",
    "PlanDetailView",
    "PlanIndexView",
    "PlanVersionStartView",
    "PrognosisCreateView",
    "PrognosisDeleteView",
    "PrognosisDetailView",
    "PrognosisExportView",
    "PrognosisListView",
    "PrognosisPublishView",
    "PrognosisUpdateView",
    "RealisationView",
    "ReviewAnswerView",
    "ReviewCommentsView",
    "SupportCreateView",
    "SupportDetailView",
    "SupportListView",
    "VersionCompareView",
    "VersionDetailView",
    "VersionEditView",
    "VersionExportView",
    "VersionTransitionView",
]
