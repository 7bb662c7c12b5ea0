"""The assessment's change history: each part registers its models."""

from .positions import history as positions_history  # noqa: F401
from .scores import history as scores_history  # noqa: F401
from .summaries import history as summaries_history  # noqa: F401
