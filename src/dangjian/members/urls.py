from django.urls import path

from .views import analysis, bulletins, care, excel, me, meetings, phone, points, reportins, roster, training

app_name = "members"

urlpatterns = [
    path("", roster.MemberListView.as_view(), name="member_list"),
    path("add/", roster.MemberEditView.as_view(), name="member_add"),
    path("<int:pk>/", roster.MemberView.as_view(), name="member"),
    path("<int:pk>/edit/", roster.MemberEditView.as_view(), name="member_edit"),
    path("export.xlsx", excel.member_export, name="member_export"),
    path("export-full/", excel.member_export_full, name="member_export_full"),
    path("template.xlsx", excel.member_template, name="member_template"),
    path("import/", excel.member_import, name="member_import"),
    path("committees/", roster.CommitteeView.as_view(), name="committee_list"),
    path("committees/add/", roster.CommitteePostEditView.as_view(), name="committeepost_add"),
    path("committees/<int:pk>/edit/", roster.CommitteePostEditView.as_view(), name="committeepost_edit"),
    path("committees/profile/", analysis.committee_profile, name="committee_profile"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", meetings.MeetingEditView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", meetings.MeetingView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/qr/", meetings.meeting_qr, name="meeting_qr"),
    path("meetings/<int:pk>/files/<int:evidence_pk>/", meetings.meeting_file, name="meeting_file"),
    path("checkin/<str:token>/", meetings.checkin, name="checkin"),
    path("compliance/", analysis.compliance_view, name="compliance"),
    path("trainings/", training.TrainingListView.as_view(), name="training_list"),
    path("trainings/add/", training.TrainingEditView.as_view(), name="training_add"),
    path("trainings/stats/", analysis.training_stats, name="training_stats"),
    path("trainings/<int:pk>/", training.TrainingView.as_view(), name="training"),
    path("trainings/<int:pk>/edit/", training.TrainingEditView.as_view(), name="training_edit"),
    path("trainings/<int:pk>/attendees/", training.training_attendees, name="training_attendees"),
    path("points/", points.points_ranking, name="points"),
    path("points/rules/", points.point_rules, name="point_rules"),
    path("points/add/", points.points_add, name="points_add"),
    path("points/pending/", points.points_pending, name="points_pending"),
    path("points/<int:pk>/decide/", points.points_decide, name="points_decide"),
    path("points/disputes/", points.point_disputes, name="point_disputes"),
    path("points/<int:pk>/answer/", points.point_answer, name="point_answer"),
    path("report-ins/", reportins.reportin_list, name="reportins"),
    path("report-ins/<int:pk>/qr/", reportins.reportin_qr, name="reportin_qr"),
    path("report-ins/<int:pk>/qr.<str:kind>", reportins.reportin_qr_file, name="reportin_qr_file"),
    path("care/", care.CareListView.as_view(), name="care_list"),
    path("care/add/", care.CareEditView.as_view(), name="care_add"),
    path("care/<int:pk>/edit/", care.CareEditView.as_view(), name="care_edit"),
    path("awards/", care.AwardListView.as_view(), name="award_list"),
    path("awards/nominate/", care.award_nominate, name="award_nominate"),
    path("awards/<int:pk>/decide/", care.award_decide, name="award_decide"),
    path("home/", bulletins.BulletinListView.as_view(), name="bulletin_list"),
    path("home/add/", bulletins.BulletinEditView.as_view(), name="bulletin_add"),
    path("home/<int:pk>/", bulletins.BulletinView.as_view(), name="bulletin"),
    path("home/<int:pk>/edit/", bulletins.BulletinEditView.as_view(), name="bulletin_edit"),
    path("home/<int:pk>/files/<int:evidence_pk>/", bulletins.bulletin_file, name="bulletin_file"),
]

# A member's own pages, mounted at /me/ under the "me" namespace:
# path("me/", include((me_patterns, "me"))) in the project's urls.py.
me_patterns = [
    path("", me.me_home, name="home"),
    path("points/", me.me_points, name="points"),
    path("meetings/", me.me_meetings, name="meetings"),
]

# A member's phone pages, mounted at /p/ under the "phone" namespace beside the residents' ones:
# path("p/", include((phone_patterns, "phone"))) in the project's urls.py.
phone_patterns = [
    path("member/", phone.phone_home, name="home"),
    path("report/<str:token>/", phone.report_in, name="report_in"),
    path("member/points/", phone.points, name="points"),
    path("member/points/<int:pk>/confirm/", phone.point_confirm, name="point_confirm"),
    path("member/points/<int:pk>/dispute/", phone.point_dispute, name="point_dispute"),
    path("large-type/", phone.large_type, name="large_type"),
]
