from dangjian.core.history import register

from .models import WeeklySummary

register(WeeklySummary, exclude=("figures",))  # the snapshot is shown on the summary itself
