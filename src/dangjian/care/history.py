from dangjian.core.history import register

from .models import CATEGORY_LABELS, HelpGroup, HelpVisit, ResidentFile

# Categories are kept as a JSON list of codes: the history reads them as the form does (孤寡老人、低保户).
register(ResidentFile, choices={"categories": CATEGORY_LABELS})
register(HelpGroup, labels={"file": "民情档案"})
register(HelpVisit, labels={"file": "民情档案"})
