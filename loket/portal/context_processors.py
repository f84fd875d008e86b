from django.conf import settings

from loket.core.roles import roles_of
from loket.portal.navigation import navigation_for


def portal(request) -> dict:
    user = request.user
    return {
        "loket_name": settings.LOKET_NAME,
        "navigation": navigation_for(user, request.path),
        "user_roles": sorted(role.value for role in roles_of(user)),
    }
