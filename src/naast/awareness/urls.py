from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "awareness"

urlpatterns = [
    path("", login_required(views.report_page), name="report"),
    path("download/<str:fmt>/", login_required(views.download), name="download"),
    path("peilingen/", views.waves, name="waves"),
    path("peilingen/<int:pk>/", views.wave_edit, name="wave_edit"),
    path("doelen/", views.targets, name="targets"),
]
