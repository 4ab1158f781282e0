"""One way to read a phone number and an e-mail address (humas_portal.validators), and every
form that takes one uses it."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from complaints.forms import ComplaintForm, SecretResetForm
from humas_portal.notifications.forms import SubscribeForm
from humas_portal.siteprofile.admin import OfficeProfileForm
from humas_portal.validators import (
    EmailAddressField,
    PhoneField,
    email_normalise,
    phone_normalise,
)
from media_forum.forms import JournalistProfileForm, JournalistRegistrationForm

MOBILE = "+6281234567890"
LANDLINE = "+62331123456"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # Mobiles, every way people write them.
        ("081234567890", MOBILE),
        ("0812 3456 7890", MOBILE),
        ("0812-3456-7890", MOBILE),
        ("0812.3456.7890", MOBILE),
        ("0812/3456/7890", MOBILE),
        ("6281234567890", MOBILE),
        ("62 812 3456 7890", MOBILE),
        ("62812-3456-7890", MOBILE),
        ("+6281234567890", MOBILE),
        ("+62 812 3456 7890", MOBILE),
        ("+62 812-3456-7890", MOBILE),
        ("+62 0812 3456 7890", MOBILE),  # the trunk 0 kept after the country code
        ("+62081234567890", MOBILE),
        ("  0812 3456 7890  ", MOBILE),
        ("0812\t3456\u00a07890", MOBILE),
        ("0812.3456.789", "+628123456789"),
        # Landlines with their area code.
        ("(0331) 123456", LANDLINE),
        ("0331 123456", LANDLINE),
        ("0331-123456", LANDLINE),
        ("+62 (331) 123456", LANDLINE),
        ("+62 331 123 456", LANDLINE),
        ("(021) 3456 7890", "+622134567890"),
        ("021-345-6789", "+62213456789"),
    ],
)
def test_indonesian_numbers_have_one_stored_form(typed, stored):
    assert phone_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "telepon saya",
        "12345",
        "0812",
        "0812345",  # too short: 7 digits after the trunk 0
        "0812 3456 7890 12",  # too long: 13 digits after the trunk 0
        "81234567890",  # no 0, no country code: cannot tell
        "00812345678",  # trunk 0 twice
        "+62 00812345678",
        "+1 202 555 0101",  # foreign: the portal's forms are Indonesian only
        "+44 20 7946 0958",
        "+65 6123 4567",
        "0812abc45678",
        "0812 3456 7890; DROP TABLE",
        "+62+62812345678",
        "".join(chr(0x0660 + int(digit)) for digit in "081234567890"),  # Arabic-Indic digits
        "".join(chr(0xFF10 + int(digit)) for digit in "081234567890"),  # full-width digits
        "0" + "8" * 10_000,
    ],
)
def test_anything_else_is_refused_in_indonesian(typed):
    with pytest.raises(ValidationError) as refused:
        phone_normalise(typed)
    assert "Masukkan nomor telepon Indonesia" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("rina@example.id", "rina@example.id"),
        ("  Rina@Example.ID ", "Rina@example.id"),  # the local part is kept as typed
        ("Rina.Wartawati+pers@Media.CO.ID", "Rina.Wartawati+pers@media.co.id"),
        ("warga@Bücher.example", "warga@xn--bcher-kva.example"),
    ],
)
def test_addresses_have_one_stored_form(typed, stored):
    assert email_normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Masukkan alamat e-mail yang benar"),
        ("bukan-email", "Masukkan alamat e-mail yang benar"),
        ("warga@localhost", "Masukkan alamat e-mail yang benar"),
        ("a@b.id\r\nBcc: x@y.z", "Masukkan alamat e-mail yang benar"),
        ("<script>alert(1)</script>@example.id", "Masukkan alamat e-mail yang benar"),
        ("x" * 250 + "@example.id", "terlalu panjang"),
    ],
)
def test_bad_addresses_are_refused_in_indonesian(typed, message):
    with pytest.raises(ValidationError) as refused:
        email_normalise(typed)
    assert message in refused.value.messages[0]


def test_the_fields_clean_to_the_stored_form_and_leave_empty_optional_input_empty():
    assert PhoneField().clean("+62 0812 3456 7890") == MOBILE
    assert PhoneField(required=False).clean("  ") == ""
    assert EmailAddressField().clean(" Rina@Example.ID ") == "Rina@example.id"
    assert EmailAddressField(required=False).clean("") == ""
    html = PhoneField().widget.render("phone", "")
    assert 'type="tel"' in html
    assert 'autocomplete="tel"' in html
    assert 'type="email"' in EmailAddressField().widget.render("email", "")


# --- Every form that takes a phone number or an e-mail address uses the shared fields ---------


@pytest.mark.parametrize(
    ("form", "field", "kind"),
    [
        (ComplaintForm, "reporter_phone", PhoneField),
        (ComplaintForm, "reporter_email", EmailAddressField),
        (SecretResetForm, "email", EmailAddressField),
        (SubscribeForm, "email", EmailAddressField),
        (JournalistRegistrationForm, "phone", PhoneField),
        (JournalistRegistrationForm, "email", EmailAddressField),
        (JournalistProfileForm, "phone", PhoneField),
        (OfficeProfileForm, "email", EmailAddressField),
    ],
)
def test_the_form_uses_the_shared_field(form, field, kind):
    assert isinstance(form.base_fields[field], kind)
    assert form.base_fields[field].clean(
        "+62 0812 3456 7890" if kind is PhoneField else "Rina@Example.ID"
    ) == (MOBILE if kind is PhoneField else "Rina@example.id")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["hotline", "whatsapp"])
def test_the_office_numbers_must_read_as_indonesian_numbers(field):
    # Stored as the office writes them (shown on every page), but read the one way.
    form = OfficeProfileForm()
    assert phone_normalise in form.fields[field].validators


@pytest.mark.django_db
def test_the_staff_account_form_uses_the_shared_field(rf):
    user_model = get_user_model()
    model_admin = admin.site._registry[user_model]
    formfield = model_admin.formfield_for_dbfield(user_model._meta.get_field("email"), rf.get("/"))
    assert isinstance(formfield, EmailAddressField)


def test_the_press_form_and_the_complaint_desk_store_a_number_alike():
    # They disagreed once: "+62 0812…" and "0812/3456/7890" were refused by one and stored
    # differently by the other.
    for typed in ("+62 0812 3456 7890", "0812/3456/7890"):
        press = JournalistRegistrationForm(
            data={"name": "Rina", "outlet": "Harian", "phone": typed, "email": "r@example.id"}
        )
        assert press.is_valid(), press.errors
        assert press.cleaned_data["phone"] == MOBILE
        assert ComplaintForm.base_fields["reporter_phone"].clean(typed) == MOBILE
