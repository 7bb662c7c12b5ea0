from .contact import ContactPoint, Visit, VisitRequirement
from .problems import Problem
from .responsibility import ResponsibilityLetter, ResponsibilityPost
from .supervision import SupervisionNotice
from .tasks import ProgressEntry, Task

__all__ = ["ContactPoint", "Problem", "ProgressEntry", "ResponsibilityLetter", "ResponsibilityPost",
           "SupervisionNotice", "Task", "Visit", "VisitRequirement"]
