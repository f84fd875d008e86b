"""Admin of subscriptions and mailings (read-mostly: sending happens on the core team's pages)."""

from django.contrib import admin

from loket.mailings.models import Mailing, MailingRecipient, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "general_news", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        "general_news",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    filter_horizontal = ["themes", "provinces"]
    readonly_fields = ["pending_choices", "requested_at", "confirmed_at", "unsubscribed_at", "created_at"]


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
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "created_at", "sent_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    readonly_fields = ["kind", "status", "prognosis_round_id", "context", "sent_at", "sent_by", "finished_at"]
    inlines = [MailingRecipientInline]

    def has_change_permission(self, request, obj=None):
        # sending happens on the core-team pages; the admin only reads
        return False if obj is not None and obj.status != "concept" else super().has_change_permission(request, obj)
