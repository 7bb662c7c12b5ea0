from dangjian.core.history import register

from .models import HelpGroup, HelpVisit, ResidentFile

for model in (ResidentFile, HelpGroup, HelpVisit):
    register(model)
