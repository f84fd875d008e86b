"""The main navigation: each item says which roles see it (None: everyone, "auth": logged in)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket.core.links import reverse_once
from loket.core.roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...] | str | None = None  # None: everyone; "auth": any logged-in user


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "loket:home"),
    NavItem(_("Publicaties"), "loket:publications"),
    NavItem(_("Vraag stellen"), "questions:ask"),
    NavItem(_("Mijn vragen"), "questions:mine", "auth"),
    NavItem(_("Kernteam"), "loket:dashboard", (Role.KERNTEAM,)),
    NavItem(
        _("Deskundigen"),
        "experts:directory",
        (Role.KERNTEAM, Role.PRT, Role.CDK, Role.LRT, Role.EXPERT, Role.BEHEERDER),
    ),
    NavItem(_("Plannen"), "plans:index"),
    NavItem(_("Monitoring"), "monitoring:register", (Role.KERNTEAM, Role.LRT, Role.PRT, Role.CDK)),
    NavItem(_("Nieuwsbrief"), "loket:subscribe"),
    NavItem(_("Mailings"), "loket:mailings", (Role.KERNTEAM,)),
    NavItem(_("Zoeken"), "loket:search"),
    NavItem(_("Beheer"), "admin:index", (Role.KERNTEAM, Role.BEHEERDER)),
    # The core team reaches it from its dashboard; the Beheerder has no dashboard.
    NavItem(_("Einde arrangement"), "loket:closing", (Role.BEHEERDER,)),
)


def navigation_for(user, current_path: str = "") -> list[dict]:
    roles = roles_of(user)
    items = []
    for item in NAVIGATION:
        if item.roles == "auth" and not user.is_authenticated:
            continue
        if isinstance(item.roles, tuple) and not roles & set(item.roles):
            continue
        url = reverse_once(item.url_name)  # 13 per page: worked out once per process
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
