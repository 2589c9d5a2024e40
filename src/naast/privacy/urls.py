from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("inwoner/", views.client_export, name="client_export"),
    path("inwoner/<str:reference>/gegevens.json", views.client_export_json, name="client_export_json"),
    path("inwoner/<str:reference>/gegevens.pdf", views.client_export_pdf, name="client_export_pdf"),
    path("inwoner/<str:reference>/gegevens.zip", views.client_export_zip, name="client_export_zip"),
    path("wissen/", views.erasure, name="erasure"),
    path("bewaarplicht/", views.legal_holds, name="legal_holds"),
]
