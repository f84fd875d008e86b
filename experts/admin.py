"""Admin for the beheerder: read and correct experts and referrals. Day-to-day work happens on the
core-team pages (/kernteam/deskundigen/), which go through the services."""

from django.contrib import admin

from .models import Expert, Introduction, IntroductionRequest, Invitation, Referral


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "availability",
        "consent_given_at",
        "consent_withdrawn_at",
        "last_confirmed_at",
    ]
    list_filter = ["availability", "organisation", "themes"]
    search_fields = ["name", "email", "expertise"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]
    filter_horizontal = ["themes", "provinces"]
    readonly_fields = ["consent_given_at", "consent_version", "consent_withdrawn_at", "anonymised_at", "created_at"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["question", "expert", "status", "referred_at", "responded_at", "answer_sent_at"]
    list_filter = ["status"]
    search_fields = ["question__reference", "expert__name"]
    list_select_related = ["question", "expert"]
    raw_id_fields = ["question", "expert", "referred_by", "answer_sent_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "name"]
    raw_id_fields = ["invited_by", "expert"]


@admin.register(IntroductionRequest)
class IntroductionRequestAdmin(admin.ModelAdmin):
    list_display = ["expert", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["expert", "requested_by", "handled_by"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["party_a_name", "party_b_name", "status", "created_at", "introduced_at"]
    list_filter = ["status"]
    raw_id_fields = ["expert", "party_b_user", "request", "created_by"]
