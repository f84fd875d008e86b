from django.conf import settings
from django.utils import timezone

from loket.accounts.security import needs_second_factor
from loket.core.arrangement import current_arrangement, ending_soon
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
        "arrangement_notice": arrangement_notice(),
    }


def arrangement_notice() -> dict | None:
    """From a month before the end date, and in read-only mode: a notice on every page (cached, no query)."""
    arrangement = current_arrangement()
    today = timezone.localdate()
    if not arrangement.read_only and not ending_soon(today, arrangement):
        return None
    return {
        "read_only": arrangement.read_only,
        "ended": arrangement.end_date is not None and today > arrangement.end_date,
        "end_date": arrangement.end_date,
        "successor_text": arrangement.successor_text,
    }
