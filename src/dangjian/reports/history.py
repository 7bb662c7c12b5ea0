from dangjian.core.history import register

from .models import AnnualReport

register(AnnualReport)
