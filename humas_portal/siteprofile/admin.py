from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from humas_portal.admin_site import ReadOnlyAdminMixin
from humas_portal.siteprofile.models import OfficeProfile, Region
from humas_portal.siteprofile.services import office_profile_update
from humas_portal.uploads import image_reencode
from humas_portal.validators import EmailAddressField, phone_normalise

LOGO_MAX_SIDE = 512


class OfficeProfileForm(forms.ModelForm):
    email = EmailAddressField(label=_("e-mail"), required=False)
    press_contact_email = EmailAddressField(label=_("e-mail kontak media"), required=False)

    class Meta:
        model = OfficeProfile
        fields = [
            "name", "region", "tagline", "logo", "address", "hotline", "whatsapp", "email",
            "website", "facebook_url", "instagram_url", "x_url", "youtube_url", "tiktok_url",
            "press_contact_name", "press_contact_role", "press_contact_phone",
            "press_contact_email",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Both must read as an Indonesian number (validators.phone_normalise), but they are
        # stored as written: the hotline is printed on every page in the form people dial
        # ("0331 487 000"), and the WhatsApp number in the digits a wa.me link takes (62…).
        # The press contact's number is printed in the press room as written, like the hotline.
        for name in ("hotline", "whatsapp", "press_contact_phone"):
            self.fields[name].validators.append(phone_normalise)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo is not self.initial.get("logo") and hasattr(logo, "content_type"):
            return image_reencode(logo, max_side=LOGO_MAX_SIDE)
        return logo


@admin.register(OfficeProfile)
class OfficeProfileAdmin(admin.ModelAdmin):
    form = OfficeProfileForm
    autocomplete_fields = ["region"]
    fieldsets = [
        (None, {"fields": ["name", "region", "tagline", "logo"]}),
        (_("Kontak"), {"fields": ["address", "hotline", "whatsapp", "email", "website"]}),
        (
            _("Media sosial"),
            {"fields": ["facebook_url", "instagram_url", "x_url", "youtube_url", "tiktok_url"]},
        ),
        (
            _("Kontak media (ruang media)"),
            {
                "fields": [
                    "press_contact_name",
                    "press_contact_role",
                    "press_contact_phone",
                    "press_contact_email",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not OfficeProfile.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        # Through the service, so the change is validated and audited like any other write.
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if changed.get("logo") is False:  # "clear" ticked
            changed["logo"] = ""
        saved = office_profile_update(actor=request.user, **changed)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: regions come from the official codes through ``manage.py load_region``."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "name", "level", "parent"]
