"""Forum Media's registration pages, part of /forum-media/ (media_forum/event_urls.py).

The links in e-mails sit under "pendaftaran/", a reserved word no event slug may take; the
confirmation's comes first, as "konfirmasi" would otherwise be read as a token.
"""

from django.urls import path

from media_forum import registration_views

urlpatterns = [
    path("<slug:slug>/daftar/", registration_views.register, name="register"),
    path("<slug:slug>/daftar/terkirim/", registration_views.register_sent, name="register_sent"),
    path(
        "pendaftaran/konfirmasi/<str:token>/",
        registration_views.confirm,
        name="registration_confirm",
    ),
    path("pendaftaran/<str:token>/", registration_views.manage, name="registration_manage"),
    path(
        "pendaftaran/<str:token>/batal/",
        registration_views.cancel,
        name="registration_cancel",
    ),
    path(
        "pendaftaran/<str:token>/tiket.png",
        registration_views.ticket_image,
        name="registration_ticket_png",
    ),
    path(
        "pendaftaran/<str:token>/acara.ics",
        registration_views.calendar_file,
        name="registration_ics",
    ),
]
