"""ASGI entry point. Serve over WSGI in production: sync views run faster there."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas_portal.settings")

application = get_asgi_application()
