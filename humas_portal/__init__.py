"""Portal Humas: the public-information portal of a Bawaslu regency or city office."""

# Load the Celery app with Django so that @shared_task binds to it.
from humas_portal.celery import app as celery_app

__all__ = ("celery_app",)
