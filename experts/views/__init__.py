from .core import (
    ExpertDetailView,
    ExpertsCoreView,
    IntroductionCreateView,
    IntroductionRequestCloseView,
    InviteView,
    ReferralReviewView,
    ReferralWithdrawView,
    ReferView,
)
from .directory import DirectoryView, IntroductionRequestView, MyProfileView
from .links import IntroductionConsentView, JoinView, ManageLinkRequestView, ManageView, RespondView

__all__ = [
    "DirectoryView",
    "ExpertDetailView",
    "ExpertsCoreView",
    "IntroductionConsentView",
    "IntroductionCreateView",
    "IntroductionRequestCloseView",
    "IntroductionRequestView",
    "InviteView",
    "JoinView",
    "ManageLinkRequestView",
    "ManageView",
    "MyProfileView",
    "ReferView",
    "ReferralReviewView",
    "ReferralWithdrawView",
    "RespondView",
]
