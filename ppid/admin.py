"""The register of public information in the admin (Daftar Informasi Publik).

Saving goes through ppid.register_services.entry_save (permission, audit, page cache). The
form says where the exempt rules apply: an exempt entry (dikecualikan) names its ground in
Pasal 17 and the date of its consequence test and never holds a document or a link; the
others the reverse. The model refuses any mix with a message on the field.
"""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from humas_portal.admin_site import CachedPagesAdminMixin

# The requests' and objections' admin lives beside this one.
from ppid import admin_requests  # noqa: F401
from ppid.models import InformationEntry
from ppid.register_forms import InformationEntryAdminForm
from ppid.register_services import entry_save


@admin.register(InformationEntry)
class InformationEntryAdmin(CachedPagesAdminMixin, admin.ModelAdmin):
    form = InformationEntryAdminForm
    list_display = ["title", "category", "year", "status", "exempt_ground", "content"]
    list_filter = ["status", "category", "year", "exempt_ground"]
    search_fields = ["title", "summary", "responsible_unit"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["document_size_shown", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": ["title", "slug", "category", "summary", "status"],
                "description": _(
                    "Judul dan ringkasan tampil di halaman publik untuk setiap kategori, juga "
                    "untuk informasi yang dikecualikan: tulis apa informasinya, bukan isinya "
                    "(tanpa nama pelapor, saksi atau data pribadi)."
                ),
            },
        ),
        (
            _("Keterangan daftar"),
            {"fields": ["responsible_unit", "format", "period", "year"]},
        ),
        (
            _("Isi: dokumen PDF atau tautan (informasi berkala, serta-merta, setiap saat)"),
            {
                "fields": ["document", "document_size_shown", "link"],
                "description": _(
                    "Unggah PDF atau tautkan halaman yang memuatnya; boleh keduanya, boleh tidak "
                    "sama sekali (warga lalu diarahkan ke permohonan informasi). PDF diperiksa "
                    "dan dibersihkan dari metadata; PDF berisi skrip, formulir, lampiran "
                    "tersembunyi atau kata sandi ditolak. Informasi yang dikecualikan tidak "
                    "boleh memiliki dokumen maupun tautan."
                ),
            },
        ),
        (
            _("Informasi yang dikecualikan (UU 14/2008 Pasal 17)"),
            {
                "fields": ["exempt_ground", "consequence_test_on"],
                "description": _(
                    "Hanya untuk kategori «Informasi yang dikecualikan», dan untuk kategori itu "
                    "keduanya wajib: dasar pengecualian menurut Pasal 17 dan tanggal uji "
                    "konsekuensi yang menetapkannya. Halaman publik hanya menyebut keduanya, "
                    "tidak pernah isinya. Untuk kategori lain kosongkan keduanya."
                ),
            },
        ),
        (_("Catatan"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("ukuran dokumen"))
    def document_size_shown(self, entry: InformationEntry) -> str:
        return filesizeformat(entry.document_size) if entry.document_size else "-"

    @admin.display(description=_("isi"))
    def content(self, entry: InformationEntry) -> str:
        if entry.is_exempt:
            return _("dikecualikan")
        if entry.document:
            return "PDF, %s" % filesizeformat(entry.document_size or 0)
        if entry.link:
            return _("tautan")
        return "-"

    def save_model(self, request, obj, form, change) -> None:
        entry_save(entry=obj, actor=request.user)
