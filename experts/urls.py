from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("deskundigen/", views.DirectoryView.as_view(), name="directory"),
    path("deskundigen/<int:pk>/contact/", views.IntroductionRequestView.as_view(), name="request_introduction"),
    path("deskundigen/mijn-profiel/", views.MyProfileView.as_view(), name="my_profile"),
    path("deskundigen/profiel/", views.ManageLinkRequestView.as_view(), name="manage_request"),
    path("deskundigen/profiel/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("deskundigen/aanmelden/<str:token>/", views.JoinView.as_view(), name="join"),
    path("deskundigen/verwijzing/<str:token>/", views.RespondView.as_view(), name="respond"),
    path("deskundigen/kennismaking/<str:token>/", views.IntroductionConsentView.as_view(), name="introduction_consent"),
    path("kernteam/deskundigen/", views.ExpertsCoreView.as_view(), name="core"),
    path("kernteam/deskundigen/uitnodigen/", views.InviteView.as_view(), name="invite"),
    path("kernteam/deskundigen/<int:pk>/", views.ExpertDetailView.as_view(), name="detail"),
    path("kernteam/deskundigen/introductie/", views.IntroductionCreateView.as_view(), name="introduction_create"),
    path(
        "kernteam/deskundigen/verzoeken/<int:pk>/afsluiten/",
        views.IntroductionRequestCloseView.as_view(),
        name="introduction_request_close",
    ),
    path("kernteam/vragen/<int:question_pk>/doorverwijzen/", views.ReferView.as_view(), name="refer"),
    path("kernteam/doorverwijzingen/<int:pk>/", views.ReferralReviewView.as_view(), name="referral_review"),
    path(
        "kernteam/doorverwijzingen/<int:pk>/intrekken/", views.ReferralWithdrawView.as_view(), name="referral_withdraw"
    ),
]
