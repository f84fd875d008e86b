from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from two_factor.admin import AdminSiteOTPRequiredMixin

from loket.core.roles import STAFF_ROLES, has_role


class RoleAdminSite(admin.AdminSite):
    """The admin for the roles in STAFF_ROLES (not for a stray is_staff)."""

    site_header = _("Beheer Loket Flexibilisering Asielketen")
    site_title = _("Beheer loket")
    index_title = _("Beheer")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and has_role(user, *STAFF_ROLES)


class LoketAdminSite(AdminSiteOTPRequiredMixin, RoleAdminSite):
    """...and only after the second step (django-two-factor-auth); its login is the site's login."""
