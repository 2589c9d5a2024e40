from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
]
