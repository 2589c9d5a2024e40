from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "selftest"

urlpatterns = [
    path("staff/zelftest/", login_required(views.overview), name="overview"),
    path("staff/zelftest/rapport/", login_required(views.report), name="report"),
    path("staff/zelftest/invullen/", login_required(views.edit), name="edit"),
    path("staff/zelftest/download/<str:fmt>/", login_required(views.download), name="download"),
    path("staff/zelftest/document/<int:pk>/", login_required(views.document), name="document"),
    path("clientondersteuning/", views.information, name="information"),
    path("clientondersteuning/folder/", views.flyer, name="flyer"),
    path("clientondersteuning/folder.pdf", views.flyer_download, name="flyer_pdf"),
]
