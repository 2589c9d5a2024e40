from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "socialmap"

urlpatterns = [
    path("kaart/", views.public_search, name="search"),
    path("kaart/<uuid:pk>/", views.public_detail, name="detail"),
    path("kaart/geholpen/", views.public_feedback, name="feedback"),
    path("kaart/controleren/<str:token>/", views.provider_check, name="provider_check"),
    path("staff/kaart-correcties/", views.staff_corrections, name="corrections"),
    path("staff/kaart/", views.staff_search, name="staff_search"),
    path("staff/kaart/nieuw/", views.staff_edit, name="staff_create"),
    # Not under staff/kaart/: the menu marks an item current for every page below its address,
    # and "Map to check" is a menu item of its own next to "Social map".
    path("staff/kaart-controleren/", views.staff_todo, name="todo"),
    path("staff/kaart/controleren/", RedirectView.as_view(pattern_name="socialmap:todo", permanent=True, query_string=True),
         name="todo_old_address"),
    path("staff/kaart/zoekwoorden/", views.phrase_list, name="phrases"),
    path("staff/kaart/zoekwoorden/<int:pk>/", views.phrase_edit, name="phrase_edit"),
    path("staff/kaart/begrippen/", views.concept_list, name="concepts"),
    path("staff/kaart/begrippen/nieuw/", views.concept_edit, name="concept_create"),
    path("staff/kaart/begrippen/<int:pk>/", views.concept_edit, name="concept_edit"),
    path("staff/kaart/zoekvragen/", views.search_statistics, name="search_statistics"),
    path("staff/kaart/<uuid:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/kaart/<uuid:pk>/wijzigen/", views.staff_edit, name="staff_edit"),
    path("staff/kaart/<uuid:pk>/openingstijden/", views.staff_hours, name="staff_hours"),
    path("staff/kaart/<uuid:pk>/sluitingen/", views.staff_closures, name="staff_closures"),
    path("staff/kaart/<uuid:pk>/locatie/", views.staff_location, name="staff_location"),
    path("staff/kaart/<uuid:pk>/werkgebied/", views.staff_areas, name="staff_areas"),
    path("staff/kaart/<uuid:pk>/gecontroleerd/", views.staff_verify, name="staff_verify"),
    path("staff/kaart/<uuid:pk>/archiveren/", views.staff_archive, name="staff_archive"),
]
