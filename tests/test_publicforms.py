"""The shared protections of public forms: private pages, the honeypot and the form stamp."""

import pytest
import time_machine
from django import forms
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from humas_portal.publicforms import (
    HONEYPOT_FIELD,
    ProtectedForm,
    PublicForm,
    honeypot_filled,
    private_page,
)


class RegistrationForm(ProtectedForm):
    stamp_salt = "tests.registration-started"
    min_seconds_setting = "TEST_REGISTRATION_MIN_SECONDS"

    name = forms.CharField()


class OtherForm(ProtectedForm):
    stamp_salt = "tests.other-started"
    min_seconds_setting = "TEST_REGISTRATION_MIN_SECONDS"


@pytest.fixture(autouse=True)
def _min_seconds(settings):
    settings.TEST_REGISTRATION_MIN_SECONDS = 5


def sent(form: ProtectedForm, **data) -> dict:
    """What the browser sends back for an empty form: its hidden fields, plus ``data``."""
    return {"form_token": form.initial["form_token"], "started": form.initial["started"], **data}


# --- PublicForm -------------------------------------------------------------------------------


class StyledForm(PublicForm):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    own = forms.CharField(widget=forms.TextInput(attrs={"class": "own"}))
    agree = forms.BooleanField()
    way = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    file = forms.FileField()
    token = forms.CharField(widget=forms.HiddenInput)


def test_text_boxes_and_lists_get_the_input_style_and_nothing_else():
    form = StyledForm()
    styled = {
        name
        for name, field in form.fields.items()
        if "form__input" in field.widget.attrs.get("class", "")
    }
    assert styled == {"name", "note", "kind"}
    # A class the form set itself is kept.
    assert form.fields["own"].widget.attrs["class"] == "own"
    # Per instance: a form's widgets are copies, the class's declaration stays untouched.
    assert "class" not in StyledForm.base_fields["name"].widget.attrs


def test_a_protected_public_form_styles_its_fields_and_hides_the_stamp():
    class Both(ProtectedForm, PublicForm):
        stamp_salt = "tests.both-started"
        min_seconds_setting = "TEST_REGISTRATION_MIN_SECONDS"

        name = forms.CharField()

    html = str(Both.fresh()["name"])
    assert 'class="form__input"' in html
    assert 'class="form__input"' not in str(Both.fresh()["started"])


# --- private_page -----------------------------------------------------------------------------


@private_page
def page(request):
    return HttpResponse("data pelapor", status=int(request.GET.get("status", 200)))


@pytest.mark.parametrize("status", [200, 403, 429])
def test_private_pages_are_not_stored_referred_or_indexed(rf: RequestFactory, status):
    response = page(rf.get("/", {"status": status}))

    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"


def csrf_post(rf: RequestFactory, *, with_token: bool = True, **headers):
    first = rf.get("/")
    token = get_token(first)
    data = {"csrfmiddlewaretoken": token} if with_token else {}
    request = rf.post("/", data, **headers)
    request.COOKIES["csrftoken"] = first.META["CSRF_COOKIE"]
    return request


def test_a_pages_own_post_with_origin_null_passes_the_csrf_check(rf):
    request = csrf_post(rf, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert page(request).status_code == 200


@pytest.mark.parametrize(
    ("headers", "with_token"),
    [
        ({"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"}, True),
        ({"HTTP_ORIGIN": "null"}, True),
        ({"HTTP_ORIGIN": "https://penipu.example", "HTTP_SEC_FETCH_SITE": "same-origin"}, True),
        ({"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"}, False),
    ],
)
def test_foreign_origins_and_missing_tokens_are_refused(db, rf, headers, with_token):
    # db: the CSRF failure page shows the office profile.
    response = page(csrf_post(rf, with_token=with_token, **headers))
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]


# --- Honeypot ---------------------------------------------------------------------------------


def test_the_honeypot_is_offered_to_bots_only(rf):
    html = str(RegistrationForm.fresh()[HONEYPOT_FIELD])

    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert honeypot_filled(rf.post("/", {HONEYPOT_FIELD: "http://spam.example"}))
    assert not honeypot_filled(rf.post("/", {HONEYPOT_FIELD: "  "}))
    assert not honeypot_filled(rf.post("/", {}))


# --- Form stamp -------------------------------------------------------------------------------


def test_a_form_sent_too_fast_is_refused_with_every_other_mistake_and_passes_later():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        empty = RegistrationForm.fresh()
        traveller.shift(4)
        form = RegistrationForm(sent(empty))

        assert not form.is_valid()
        assert [error.code for error in form.non_field_errors().as_data()] == ["too_fast"]
        assert "name" in form.errors  # the other checks ran too
        # The same stamp comes back: the time already spent counts.
        assert form["started"].value() == empty.initial["started"]

        traveller.shift(1)
        assert RegistrationForm(sent(empty, name="Siti")).is_valid()


def test_the_minimum_time_is_read_from_the_forms_setting(settings):
    settings.TEST_REGISTRATION_MIN_SECONDS = 0
    assert RegistrationForm(sent(RegistrationForm.fresh(), name="Siti")).is_valid()


@pytest.mark.parametrize("stamp", ["", "rusak", "eyJ0b2tlbiI6IjEifQ:1abc:xyz"])
def test_a_tampered_stamp_is_refused_and_a_fresh_one_issued(stamp, settings):
    settings.TEST_REGISTRATION_MIN_SECONDS = 0
    data = {**sent(RegistrationForm.fresh(), name="Siti"), "started": stamp}

    form = RegistrationForm(data)

    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == ["stamp_invalid"]
    assert form["name"].value() == "Siti"
    assert form["form_token"].value() != str(data["form_token"])
    resent = {**data, "form_token": form["form_token"].value(), "started": form["started"].value()}
    assert RegistrationForm(resent).is_valid()


def test_a_stamp_of_another_token_or_another_form_is_refused(settings):
    settings.TEST_REGISTRATION_MIN_SECONDS = 0
    first, second = RegistrationForm.fresh(), RegistrationForm.fresh()
    swapped = {**sent(first, name="Siti"), "started": second.initial["started"]}
    other = OtherForm.fresh()
    foreign = sent(other, name="Siti")

    for data in (swapped, foreign):
        form = RegistrationForm(data)
        assert not form.is_valid()
        assert [error.code for error in form.non_field_errors().as_data()] == ["stamp_invalid"]


def test_fresh_keeps_other_initial_values_and_arguments():
    form = RegistrationForm.fresh(initial={"name": "Siti"}, prefix="daftar")
    assert form.initial["name"] == "Siti"
    assert form.prefix == "daftar"
    assert form.initial["form_token"]
