"""The front door's URLs: public form and follow-up link, staff desk and queue, partner API.

Included once at the root; the screens live in the `intake` namespace and the API in its own
`partner-api` namespace (django-ninja reverses its OpenAPI document by that name).
"""

from django.urls import include, path

from . import resident_views, views
from .api import api

screens = [
    path("hulp-vragen/", views.request_help, name="request_help"),
    path("hulp-vragen/bedankt/", views.thanks, name="thanks"),
    path("hulp-vragen/volg/", views.follow_up_start, name="follow_up_start"),
    path("hulp-vragen/volg/<str:token>/", views.follow_up, name="follow_up"),
    path("staff/intake/", views.desk, name="desk"),
    path("staff/intake/quick-log/", views.quick_log, name="quick_log"),
    path("staff/queue/", views.queue, name="queue"),
    path("staff/queue/<str:reference>/", views.triage, name="triage"),
    path("staff/requests/", views.request_list, name="requests"),
    path("staff/requests/<str:reference>/", views.request_detail, name="request"),
    path("staff/inwoner/<int:number>/", resident_views.resident_card, name="resident"),
    path("staff/inwoner/dubbel/", resident_views.duplicates, name="duplicates"),
    path("staff/inwoner/samenvoegen/", resident_views.merge, name="merge"),
    path("staff/requests/<str:reference>/corrigeren/", views.correct_request, name="correct_request"),
    path("staff/requests/<str:reference>/brief/", views.confirmation_letter, name="letter"),
]

urlpatterns = [
    path("", include((screens, "intake"))),
    path("api/partner/", api.urls),
]
