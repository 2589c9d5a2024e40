from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", login_required(views.report_page), name="monitor"),
    path("download/<str:fmt>/", login_required(views.download), name="download"),
]
