"""Admin of subscriptions and mailings (read-mostly: sending happens on the core team's pages). A
state changes only through the workflow services (see loket/mailings/workflow.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.admin import KeepStateAdminMixin, transition_each
from loket.mailings.models import Mailing, MailingRecipient, MailingStatusChange, Subscription, SubscriptionStatusChange
from loket.mailings.subscriptions import subscription_transition
from loket.mailings.workflow import MailingStatus, SubscriptionStatus


class StatusChangeInline(admin.TabularInline):
    fields = ["created_at", "from_status", "to_status", "by_name", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubscriptionStatusChangeInline(StatusChangeInline):
    model = SubscriptionStatusChange


class MailingStatusChangeInline(StatusChangeInline):
    model = MailingStatusChange


@admin.register(Subscription)
class SubscriptionAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    list_display = ["email", "status_label", "general_news", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        "general_news",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    filter_horizontal = ["themes", "provinces"]
    readonly_fields = ["pending_choices", "requested_at", "confirmed_at", "unsubscribed_at", "created_at"]
    # The state lives in these dates; the form keeps them as they are in the database.
    state_fields = ("confirmed_at", "unsubscribed_at", "pending_choices", "confirm_nonce", "requested_at")
    inlines = [SubscriptionStatusChangeInline]
    actions = ["unsubscribe"]

    @admin.display(description=_("status"))
    def status_label(self, obj: Subscription) -> str:
        return obj.status.label

    @admin.action(description=_("Geselecteerde abonnementen afmelden"))
    def unsubscribe(self, request, queryset):
        to, by, note = SubscriptionStatus.UNSUBSCRIBED, request.user, _("Afgemeld via het beheer.")
        transition_each(
            self, request, queryset, lambda sub: subscription_transition(subscription=sub, to=to, by=by, note=note)
        )


class MailingRecipientInline(admin.TabularInline):
    model = MailingRecipient
    fields = ["email", "status", "attempts", "reason", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mailing)
class MailingAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "created_at", "sent_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    readonly_fields = ["kind", "status", "prognosis_round_id", "context", "sent_at", "sent_by", "finished_at"]
    state_fields = ("status", "sent_at", "sent_by_id", "finished_at")
    inlines = [MailingRecipientInline, MailingStatusChangeInline]

    def has_change_permission(self, request, obj=None):
        # sending happens on the core-team pages; the admin only reads
        if obj is not None and obj.status != MailingStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)
