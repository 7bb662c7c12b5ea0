from dangjian.core.history import register

from .models import (
    ContactPoint,
    DeadlineRule,
    Problem,
    ProgressEntry,
    ResponsibilityLetter,
    ResponsibilityPost,
    Task,
    Visit,
)

for model in (DeadlineRule, Problem, Task, ProgressEntry, ResponsibilityPost, ResponsibilityLetter, ContactPoint,
              Visit):
    register(model)
