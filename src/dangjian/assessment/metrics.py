"""The assessment app's metrics (positions, standing services, room use), found by core.metrics here."""

from .positions import metrics as positions_metrics  # noqa: F401
