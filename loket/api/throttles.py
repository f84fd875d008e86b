"""Rate limits of the API through the portal's one mechanism (loket.core.ratelimits): per client
address (`api.ip`) and, with an API key, per user (`api.token`). Over the limit: 429 with Retry-After."""

from rest_framework.throttling import BaseThrottle

from loket.core.ratelimits import client_key, limit_reached, rate_for


class LoketRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.group = "api.token"
            return not limit_reached(group="api.token", key=f"user:{user.pk}")
        self.group = "api.ip"
        return not limit_reached(group="api.ip", key=client_key(request))

    def wait(self) -> float | None:
        rate = rate_for(getattr(self, "group", "api.ip"))
        unit = rate.split("/", 1)[1] if "/" in rate else "m"
        number = "".join(c for c in unit if c.isdigit()) or "1"
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(unit.lstrip("0123456789")[:1], 60)
        return float(int(number) * seconds)
