from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.roles import STAFF_ROLES, has_role


class LoketAdminSite(admin.AdminSite):
    site_header = _("Beheer Loket Flexibilisering Asielketen")
    site_title = _("Beheer loket")
    index_title = _("Beheer")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and has_role(user, *STAFF_ROLES)
