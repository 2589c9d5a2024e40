"""The service's public face (name, phone, e-mail, website) on every page, e.g. in the footer."""

from .models import ServiceProfile


def service(request):
    return {"service": ServiceProfile.get()}
