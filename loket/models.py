"""The models of the loket app, gathered for Django (and for the migrations, which name
`loket.models.publication_attachment_path`). Each room defines its own models; code imports them
from the room (`loket.core.models`, `loket.publications.models`, ...), never from here."""

from loket.accounts.models import *  # noqa: F403
from loket.core.models import *  # noqa: F403
from loket.mailings.models import *  # noqa: F403
from loket.portal.models import *  # noqa: F403
from loket.publications.consultations.models import *  # noqa: F403
from loket.publications.lessons.models import *  # noqa: F403
from loket.publications.models import *  # noqa: F403
from loket.publications.models import publication_attachment_path  # noqa: F401  (named in migration 0003)
