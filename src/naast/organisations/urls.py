from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("huisstijl.css", views.theme_css, name="theme-css"),
    path("logo", views.logo, name="logo"),
]
