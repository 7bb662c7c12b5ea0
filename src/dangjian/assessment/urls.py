from django.urls import path  # noqa: F401

from .urls_positions import urlpatterns as position_patterns
from .urls_scores import urlpatterns as score_patterns
from .urls_summaries import urlpatterns as summary_patterns

app_name = "assessment"

urlpatterns = [
    *score_patterns,
    *position_patterns,
    *summary_patterns,
]
