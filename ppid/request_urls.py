"""The request pages of /informasi-publik/ (ppid/urls.py)."""

from django.urls import path

from ppid import request_views

urlpatterns = [
    path("permohonan/", request_views.request_create, name="request"),
    path("lacak/", request_views.request_track, name="track"),
    path("lacak/dokumen/", request_views.answer_document, name="answer_document"),
    path("lacak/cabut/", request_views.request_withdraw, name="withdraw"),
    path("lacak/keberatan/", request_views.objection_create, name="objection"),
]
