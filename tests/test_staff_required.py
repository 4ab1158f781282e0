"""staff_required: active staff past the second factor, holding the view's permission."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from humas_portal.accounts.access import staff_required
from tests.factories import staff_create

PERMISSION = "auth.view_user"
PATH = "/staf/ekspor/?tahap=kajian"


@staff_required(PERMISSION)
def page(request):
    return HttpResponse("isi")


@staff_required(PERMISSION, hidden=True)
def hidden_page(request):
    return HttpResponse("isi")


@pytest.fixture(autouse=True)
def _second_factor_optional(settings):
    settings.STAFF_REQUIRE_2FA = False


def request_as(user, *, verified: bool = False):
    request = RequestFactory().get(PATH)
    if user is not None and not isinstance(user, AnonymousUser):
        # Fresh from the database: no permission cache from before a grant.
        user = get_user_model().objects.get(pk=user.pk)
        if verified:
            user.otp_device = object()  # what django-otp's middleware sets once it is passed
    request.user = user if user is not None else AnonymousUser()
    return request


def granted(username: str, **fields):
    user = staff_create(username)
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    if fields:
        get_user_model().objects.filter(pk=user.pk).update(**fields)
    return user


def test_anonymous_visitors_are_sent_to_the_login_page_or_get_a_404(db):
    response = page(request_as(None))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")
    assert response["Location"].endswith("?next=/staf/ekspor/%3Ftahap%3Dkajian")
    with pytest.raises(Http404):
        hidden_page(request_as(None))


@pytest.mark.parametrize("fields", [{"is_staff": False}, {"is_active": False}])
def test_accounts_that_are_not_active_staff_are_treated_as_anonymous(db, fields):
    user = granted("mantan", **fields)
    assert page(request_as(user)).status_code == 302
    with pytest.raises(Http404):
        hidden_page(request_as(user))


def test_staff_without_the_permission_are_refused(db):
    user = staff_create("redaksi")
    with pytest.raises(PermissionDenied):
        page(request_as(user, verified=True))
    with pytest.raises(Http404):
        hidden_page(request_as(user, verified=True))


def test_staff_owing_the_second_factor_are_sent_to_it_before_the_permission_is_checked(
    db, settings
):
    settings.STAFF_REQUIRE_2FA = True
    enrolled, not_enrolled = granted("terdaftar"), staff_create("baru")
    StaticDevice.objects.create(user=enrolled, name="cadangan", confirmed=True)

    to_verify = page(request_as(enrolled))
    to_enrol = page(request_as(not_enrolled))  # lacks the permission: not told yet

    assert to_verify.status_code == 302
    assert to_verify["Location"].startswith(reverse("admin:otp_verify") + "?next=")
    assert to_enrol.status_code == 302
    assert to_enrol["Location"].startswith(reverse("admin:otp_setup") + "?next=")
    with pytest.raises(Http404):
        hidden_page(request_as(enrolled))


def test_an_enrolled_second_factor_is_owed_even_where_it_is_optional(db):
    user = granted("memilih")
    StaticDevice.objects.create(user=user, name="cadangan", confirmed=True)
    assert page(request_as(user)).status_code == 302
    assert page(request_as(user, verified=True)).status_code == 200


@pytest.mark.parametrize("require", [False, True])
def test_staff_with_the_permission_past_the_second_factor_are_let_in(db, settings, require):
    settings.STAFF_REQUIRE_2FA = require
    user = granted("petugas")
    assert page(request_as(user, verified=True)).content == b"isi"
    assert hidden_page(request_as(user, verified=True)).content == b"isi"
