from django.urls import path

from education import stage_views

app_name = "education"

urlpatterns = [
    path("tahapan/", stage_views.stage_timeline, name="stages"),
]
