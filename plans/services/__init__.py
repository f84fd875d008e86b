"""Writes of the plans app: prognosis rounds and plan versions. Each validates, locks and runs
atomically. The parts: `prognosis`, `versions` (texts, locations, states) and `imports`."""

from .imports import *  # noqa: F403
from .prognosis import *  # noqa: F403
from .versions import *  # noqa: F403
