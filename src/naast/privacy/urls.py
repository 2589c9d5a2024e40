from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("wissen/", views.erasure, name="erasure"),
    path("bewaarplicht/", views.legal_holds, name="legal_holds"),
]
