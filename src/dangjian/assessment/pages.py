"""Every page of the assessment app is registered by its part (see each part's pages.py)."""

from .positions import pages as positions_pages  # noqa: F401
from .scores import pages as scores_pages  # noqa: F401
from .summaries import pages as summaries_pages  # noqa: F401
