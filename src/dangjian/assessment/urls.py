"""The assessment app's pages: each part (scores, positions, summaries) keeps its own patterns."""

from .positions.urls import urlpatterns as positions
from .scores.urls import urlpatterns as scores
from .summaries.urls import urlpatterns as summaries

app_name = "assessment"

urlpatterns = [*scores, *positions, *summaries]
