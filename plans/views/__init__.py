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
    "VersionCompareView",
    "VersionDetailView",
    "VersionEditView",
    "VersionExportView",
    "VersionTransitionView",
]
