"""The admin pages of the loket app, gathered for Django's admin autodiscovery. Each room keeps its
own admin module."""

from loket.accounts import admin as accounts_admin  # noqa: F401
from loket.core import admin as core_admin  # noqa: F401
from loket.mailings import admin as mailings_admin  # noqa: F401
from loket.portal import admin as portal_admin  # noqa: F401
from loket.publications import admin as publications_admin  # noqa: F401
