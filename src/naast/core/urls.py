from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy_statement, name="privacy"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("staff/", views.dashboard, name="dashboard"),
]
