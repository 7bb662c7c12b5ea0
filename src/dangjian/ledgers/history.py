from dangjian.core.history import register

from .models import ContactPoint, Problem, ProgressEntry, ResponsibilityLetter, ResponsibilityPost, Task, Visit

for model in (Problem, Task, ProgressEntry, ResponsibilityPost, ResponsibilityLetter, ContactPoint, Visit):
    register(model)
