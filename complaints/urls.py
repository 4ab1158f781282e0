from django.urls import path

from complaints import staff_views, statistics_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_index, name="index"),
    path("buat/", views.complaint_create, name="create"),
    path("tanda-terima/", views.complaint_receipt, name="receipt"),
    path("bukti/", views.evidence_add, name="evidence_add"),
    path("lacak/", views.complaint_track, name="track"),
    path("lacak/tambah/", views.info_add, name="info_add"),
    path("kode-baru/", views.secret_reset, name="secret_reset"),
    path("statistik/", statistics_views.statistics_page, name="statistics"),
    path("statistik.csv", statistics_views.statistics_csv, name="statistics_csv"),
    # Staff only: anyone else gets a 404, as if the file did not exist.
    path("berkas/<uuid:public_id>/", staff_views.evidence_download, name="evidence_download"),
    path(
        "berkas/<uuid:public_id>/kecil/",
        staff_views.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
    path("ekspor/<str:file_format>/", staff_views.complaints_export, name="export"),
]
