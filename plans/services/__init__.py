"""Writes of the plans app: prognosis rounds and plan versions. Each validates, locks and runs
atomically. The parts: `prognosis`, `versions` (texts, locations, states), `imports`, `review`
(review comments), `support` (practical support requests) and `realisation` (of locations)."""

from .imports import *  # noqa: F403
from .prognosis import *  # noqa: F403
from .realisation import *  # noqa: F403
from .review import *  # noqa: F403
from .support import *  # noqa: F403
from .versions import *  # noqa: F403
