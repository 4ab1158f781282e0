"""Included at /langganan/wartawan/ by humas_portal/urls.py."""

from django.urls import path

from media_forum import views

app_name = "press"

urlpatterns = [
    path("", views.journalist_register_view, name="register"),
]
