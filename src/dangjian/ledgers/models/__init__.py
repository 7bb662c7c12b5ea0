from .contact import ContactPoint, Visit, VisitRequirement
from .problems import DeadlineRule, Problem
from .responsibility import ResponsibilityLetter, ResponsibilityPost
from .supervision import SupervisionNotice
from .tasks import ProgressEntry, Task

__all__ = ["ContactPoint", "DeadlineRule", "Problem", "ProgressEntry", "ResponsibilityLetter", "ResponsibilityPost",
           "SupervisionNotice", "Task", "Visit", "VisitRequirement"]
