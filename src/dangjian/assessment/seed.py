"""Demo data of the assessment app, seeded by its parts (found by core.seeding through this module)."""

from .positions import seed as positions_seed  # noqa: F401
from .scores import seed as scores_seed  # noqa: F401
from .summaries import seed as summaries_seed  # noqa: F401
