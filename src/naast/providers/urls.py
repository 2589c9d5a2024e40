from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("clientondersteuning-in-de-regio/", views.public_page, name="public"),
    path("staff/aanbieders/", views.overview_page, name="overview"),
    path("staff/aanbieders/export.csv", views.export_csv, name="export"),
    path("staff/aanbieders/geschiedenis/", views.history_page, name="history"),
    path("staff/aanbieders/nieuw/", views.edit, name="add"),
    path("staff/aanbieders/<int:pk>/", views.edit, name="edit"),
]
