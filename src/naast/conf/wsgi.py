"""WSGI entry point for production servers (gunicorn naast.conf.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")

application = get_wsgi_application()
