from django.conf import settings

from loket.accounts.security import needs_second_factor
from loket.core.roles import roles_of
from loket.portal.navigation import navigation_for


def portal(request) -> dict:
    user = request.user
    # Between the password and the second factor the user has not logged in yet: no menu and no
    # profile, only "Uitloggen" (the pages behind them would send the user back here anyway).
    pending = user.is_authenticated and needs_second_factor(request)
    return {
        "loket_name": settings.LOKET_NAME,
        "navigation": [] if pending else navigation_for(user, request.path),
        "second_factor_pending": pending,
        "user_roles": [] if pending else sorted(role.value for role in roles_of(user)),
    }
