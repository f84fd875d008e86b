from django.conf import settings

from .navigation import navigation_for
from .roles import roles_of


def portal(request) -> dict:
    user = request.user
    return {
        "loket_name": settings.LOKET_NAME,
        "navigation": navigation_for(user, request.path),
        "user_roles": sorted(role.value for role in roles_of(user)),
    }
