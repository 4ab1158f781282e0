from django.urls import path

from humas_portal.notifications import views

app_name = "subscriptions"

urlpatterns = [
    path("langganan/", views.subscribe, name="subscribe"),
    path("langganan/konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("langganan/atur/<str:token>/", views.preferences, name="preferences"),
    path("langganan/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
