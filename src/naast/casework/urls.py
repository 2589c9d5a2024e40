"""Case work: staff pages under /staff/dossier/, the private calendar feed and the public survey."""

from django.urls import path

from . import feed_and_survey_views, signal_views, views

app_name = "casework"

urlpatterns = [
    path("staff/dossier/", views.caseload, name="caseload"),
    path("staff/dossier/casusoverleg/", views.case_meeting, name="case_meeting"),
    path("staff/dossier/agenda/", feed_and_survey_views.calendar_settings, name="calendar_settings"),
    path("staff/dossier/verwijzen/", views.refer_start, name="refer"),
    path("staff/dossier/enquete-reacties/", feed_and_survey_views.survey_comments, name="survey_comments"),
    path("staff/dossier/signalen/", signal_views.signal_review, name="signal_review"),
    path("staff/dossier/signalen/<int:signal_id>/", signal_views.signal_review_detail, name="signal_review_detail"),
    path("staff/dossier/<str:reference>/", views.case_file, name="case_file"),
    path("staff/dossier/<str:reference>/edit/", views.edit_case_file, name="edit_case_file"),
    path("staff/dossier/<str:reference>/contacts/", views.contacts, name="contacts"),
    path("staff/dossier/<str:reference>/zrm/", views.assessments, name="assessments"),
    path("staff/dossier/<str:reference>/appointments/", views.appointments, name="appointments"),
    path("staff/dossier/<str:reference>/herinneringen/", views.reminders, name="reminders"),
    path("staff/dossier/<str:reference>/support/", views.support_actions, name="support_actions"),
    path("staff/dossier/<str:reference>/referrals/", views.referrals, name="referrals"),
    path("staff/dossier/<str:reference>/signals/", views.signals, name="signals"),
    path("staff/dossier/<str:reference>/helpers/", views.other_helpers, name="other_helpers"),
    path("staff/dossier/<str:reference>/documents/", views.documents, name="documents"),
    path("staff/dossier/<str:reference>/corrigeren/<str:kind>/<int:pk>/", views.correct_record, name="correct"),
    path("staff/dossier/<str:reference>/close/", views.close, name="close"),
    path("staff/dossier/<str:reference>/reopen/", views.reopen, name="reopen"),
    path("ical/<str:token>.ics", feed_and_survey_views.ical, name="ical"),
    path("enquete/", feed_and_survey_views.survey_start, name="survey_start"),
    path("enquete/<str:token>/", feed_and_survey_views.survey, name="survey"),
]
