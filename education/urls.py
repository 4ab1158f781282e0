from django.urls import path

from education import guide_views

app_name = "education"

urlpatterns = [
    path("tanya-jawab/", guide_views.faq, name="faq"),
    path("glosarium/", guide_views.glossary, name="glossary"),
    path("kuis/", guide_views.quiz_list, name="quiz_list"),
    path("kuis/<slug:slug>/", guide_views.quiz, name="quiz"),
    path("kuis/<slug:slug>/hasil/", guide_views.quiz_result, name="quiz_result"),
]
