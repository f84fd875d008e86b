"""Admin for the beheerder: read and correct experts and referrals. Day-to-day work happens on the
core-team pages (/kernteam/deskundigen/), which go through the services. A status changes only
through the workflow services: the forms show it read-only, the actions call the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.admin import KeepStateAdminMixin, transition_each

from .models import (
    Expert,
    Introduction,
    IntroductionRequest,
    IntroductionRequestStatusChange,
    IntroductionStatusChange,
    Invitation,
    Referral,
    ReferralStatusChange,
)
from .services import introduction_request_close, referral_withdraw


class StatusChangeInline(admin.TabularInline):
    fields = ["created_at", "from_status", "to_status", "by_name", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReferralStatusChangeInline(StatusChangeInline):
    model = ReferralStatusChange


class IntroductionRequestStatusChangeInline(StatusChangeInline):
    model = IntroductionRequestStatusChange


class IntroductionStatusChangeInline(StatusChangeInline):
    model = IntroductionStatusChange


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
class ReferralAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    list_display = ["question", "expert", "status", "referred_at", "responded_at", "answer_sent_at"]
    list_filter = ["status"]
    search_fields = ["question__reference", "expert__name"]
    list_select_related = ["question", "expert"]
    raw_id_fields = ["question", "expert", "referred_by", "answer_sent_by"]
    state_fields = ("status", "token_nonce")
    inlines = [ReferralStatusChangeInline]
    actions = ["withdraw"]

    @admin.action(description=_("Geselecteerde doorverwijzingen intrekken"))
    def withdraw(self, request, queryset):
        transition_each(
            self,
            request,
            queryset.select_related("question", "expert"),
            lambda referral: referral_withdraw(
                referral=referral, by=request.user, reason=_("Ingetrokken via het beheer.")
            ),
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "name"]
    raw_id_fields = ["invited_by", "expert"]


@admin.register(IntroductionRequest)
class IntroductionRequestAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    list_display = ["expert", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["expert", "requested_by", "handled_by"]
    inlines = [IntroductionRequestStatusChangeInline]
    actions = ["close_without_introduction"]

    @admin.action(description=_("Geselecteerde verzoeken afsluiten zonder introductie"))
    def close_without_introduction(self, request, queryset):
        transition_each(
            self,
            request,
            queryset,
            lambda intro_request: introduction_request_close(request=intro_request, by=request.user, rejected=True),
        )


@admin.register(Introduction)
class IntroductionAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    list_display = ["party_a_name", "party_b_name", "status", "created_at", "introduced_at"]
    list_filter = ["status"]
    raw_id_fields = ["expert", "party_b_user", "request", "created_by"]
    state_fields = ("status", "nonce")
    inlines = [IntroductionStatusChangeInline]
