"""URL map. Public pages at the root, staff pages under /staff/, the admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from naast.core import views as core_views
from naast.socialmap.api import api as socialmap_api

admin.site.site_header = "Naast"
admin.site.site_title = "Naast"


def _admin_site_permission(request) -> bool:
    """The Django admin is for functional administrators only (role admin, or a superuser); the
    role alone is enough, "staff status" (is_staff) plays no part. One rule for the site and for
    every model admin: naast.core.admin.is_functional_admin."""
    from naast.core.admin import is_functional_admin

    return is_functional_admin(request.user)


admin.site.has_permission = _admin_site_permission

urlpatterns = [
    path("", include("naast.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("naast.organisations.urls")),
    path("staff/", include("naast.accounts.urls")),
    path("staff/privacy/", include("naast.privacy.urls")),
    path("", include("naast.intake.urls")),
    path("", include("naast.casework.urls")),
    path("staff/rapportages/", include("naast.reports.urls")),
    path("", include("naast.socialmap.urls")),
    path("", include("naast.providers.urls")),
    path("staff/bekendheid/", include("naast.awareness.urls")),
    path("", include("naast.selftest.urls")),
    path("api/hsds/", socialmap_api.urls),
    path("admin/", admin.site.urls),
]
