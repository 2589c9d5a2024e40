"""The project's URLs plus one page that fails, to see the 500 page over HTTP."""

from django.urls import path

from naast.conf.urls import urlpatterns as project_urls


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kapot/", fails), *project_urls]
