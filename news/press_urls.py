"""Included at /langganan/wartawan/ by humas_portal/urls.py."""

from django.urls import path

from news import press

app_name = "press"

urlpatterns = [
    path("", press.journalist_register_view, name="register"),
]
