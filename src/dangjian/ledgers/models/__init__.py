from .contact import ContactPoint, Visit, VisitRequirement
from .feedback import ProblemFeedback
from .problems import DeadlineRule, Problem
from .responsibility import ResponsibilityLetter, ResponsibilityPost
from .supervision import SupervisionNotice
from .tasks import ProgressEntry, Task

__all__ = ["ContactPoint", "DeadlineRule", "Problem", "ProblemFeedback", "ProgressEntry", "ResponsibilityLetter",
           "ResponsibilityPost", "SupervisionNotice", "Task", "Visit", "VisitRequirement"]
