from django.urls import path

from .views import feedback, imports, ledger, notices, problems, responsibility, rules, tasks, visits

app_name = "ledgers"

urlpatterns = [
    path("", ledger.ledger_view, name="ledger"),
    path("problems/", problems.ProblemListView.as_view(), name="problem_list"),
    path("problems/add/", problems.ProblemEditView.as_view(), name="problem_add"),
    path("problems/<int:pk>/", problems.ProblemView.as_view(), name="problem"),
    path("problems/<int:pk>/edit/", problems.ProblemEditView.as_view(), name="problem_edit"),
    path("problems/<int:pk>/<str:action>/", problems.problem_action, name="problem_action"),
    path("problems/<int:pk>/files/<int:evidence_pk>/", problems.problem_file, name="problem_file"),
    path("deadline-rules/", rules.DeadlineRuleListView.as_view(), name="deadline_rules"),
    path("deadline-rules/add/", rules.DeadlineRuleEditView.as_view(), name="deadline_rule_add"),
    path("deadline-rules/<int:pk>/edit/", rules.DeadlineRuleEditView.as_view(), name="deadline_rule_edit"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/add/", tasks.TaskEditView.as_view(), name="task_add"),
    path("tasks/import/", imports.task_import, name="task_import"),
    path("tasks/template.xlsx", imports.task_template, name="task_template"),
    path("tasks/<int:pk>/", tasks.TaskView.as_view(), name="task"),
    path("tasks/<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/split/", tasks.task_split, name="task_split"),
    path("tasks/<int:pk>/progress/", tasks.task_progress, name="task_progress"),
    path("tasks/<int:pk>/files/<int:evidence_pk>/", tasks.task_file, name="task_file"),
    path("tasks/<int:pk>/<str:action>/", tasks.task_action, name="task_action"),
    path("responsibilities/", responsibility.ResponsibilityListView.as_view(), name="responsibility_list"),
    path("responsibilities/add/", responsibility.ResponsibilityEditView.as_view(), name="responsibility_add"),
    path("responsibilities/<int:pk>/edit/", responsibility.ResponsibilityEditView.as_view(),
         name="responsibility_edit"),
    path("letters/", responsibility.LetterListView.as_view(), name="letter_list"),
    path("letters/add/", responsibility.LetterEditView.as_view(), name="letter_add"),
    path("letters/<int:pk>/", responsibility.LetterView.as_view(), name="letter"),
    path("letters/<int:pk>/edit/", responsibility.LetterEditView.as_view(), name="letter_edit"),
    path("letters/<int:pk>/scan/", responsibility.letter_scan, name="letter_scan"),
    path("contact-points/", responsibility.ContactPointListView.as_view(), name="contact_list"),
    path("contact-points/add/", responsibility.ContactPointEditView.as_view(), name="contact_add"),
    path("contact-points/<int:pk>/edit/", responsibility.ContactPointEditView.as_view(), name="contact_edit"),
    path("visits/", visits.VisitListView.as_view(), name="visit_list"),
    path("visits/add/", visits.VisitEditView.as_view(), name="visit_add"),
    path("visits/cadres/", visits.cadre_table, name="cadre_table"),
    path("visits/two-new/", visits.two_new_table, name="two_new_table"),
    path("visits/<int:pk>/", visits.VisitView.as_view(), name="visit"),
    path("visits/<int:pk>/edit/", visits.VisitEditView.as_view(), name="visit_edit"),
    path("visits/<int:pk>/photos/<int:evidence_pk>/", visits.visit_photo, name="visit_photo"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/<int:pk>/reply/", notices.notice_reply, name="notice_reply"),
]

# Phone pages (/p/, namespace "civic"): the resident's "已解决吗？" (see governance.urls.phone_urlpatterns).
phone_urlpatterns = [
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/", feedback.feedback, name="feedback"),
]
