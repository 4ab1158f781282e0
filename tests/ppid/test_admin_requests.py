"""The request desk in the admin (ppid.admin_requests): the list's due markers and filters, the
requester shown only with ppid.view_requester and audited, the officers' actions through
ppid.services with every refusal shown (never a 500), and the superior's answer."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from humas_portal.elections.dates import local_today
from humas_portal.models import AuditEvent
from humas_portal.notifications.models import Message
from ppid.models import (
    InformationRequest,
    Objection,
    ObjectionOutcome,
    RequestEvent,
    RequestEventKind,
    RequestStage,
)
from ppid.services import request_decide
from tests.ppid.register_factories import pdf_upload
from tests.ppid.staff_factories import (
    REQUESTER,
    objection_make,
    officer_create,
    request_make,
    superior_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(office):
    return officer_create()


@pytest.fixture
def superior(office):
    return superior_create()


@pytest.fixture
def waiting(office):
    """A request received today: open, its answer due in 10 working days."""
    return request_make()


def change_url(request) -> str:
    return reverse("admin:ppid_informationrequest_change", args=[request.pk])


def action_url(request, name: str) -> str:
    return reverse("admin:ppid_informationrequest_action", args=[request.pk, name])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The list -----------------------------------------------------------------------------


def test_the_list_marks_overdue_and_due_in_working_days(client, officer, waiting):
    late = request_make(
        received_at=timezone.now() - timedelta(days=40), due_on=local_today() - timedelta(days=7)
    )
    decided = request_make(stage=RequestStage.GRANTED, due_on=local_today() - timedelta(days=7))
    client.force_login(officer)

    page = client.get(reverse("admin:ppid_informationrequest_changelist")).content.decode()

    assert "10 hari kerja lagi" in page
    assert "terlambat" in page
    assert "ppid-due--overdue" in page
    assert late.number in page
    assert decided.number in page
    # Identity is no column of the list, whoever looks.
    assert REQUESTER["requester_name"] not in page


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:ppid_informationrequest_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_or_30_requests(client, officer, office):
    for _index in range(5):
        request_make(due_on=local_today() - timedelta(days=3))
    client.force_login(officer)
    # The first page of a session also registers it.
    _list_queries(client)
    few = _list_queries(client)
    for _index in range(25):
        request_make(due_on=local_today() - timedelta(days=3))
    assert _list_queries(client) == few


def test_the_overdue_filter_lists_only_late_open_requests(client, officer, waiting):
    late = request_make(due_on=local_today() - timedelta(days=3))
    request_make(stage=RequestStage.REFUSED, refusal_ground="17a", due_on=date(2020, 1, 6))
    client.force_login(officer)

    response = client.get(reverse("admin:ppid_informationrequest_changelist") + "?batas=terlambat")

    assert [row.pk for row in response.context["cl"].result_list] == [late.pk]


@pytest.mark.parametrize(
    "query",
    [
        "requester_name__startswith=W",
        "requester_email__contains=rahasia",
        "tahun=abcd",
        "tahun=99999999999",
        "batas=%00",
        "q=%27%3B--",
        "o=4",
        "o=-4.1",
        "o=99",
    ],
)
def test_hostile_list_queries_neither_leak_nor_fail(client, officer, waiting, query):
    client.force_login(officer)
    response = client.get(reverse("admin:ppid_informationrequest_changelist") + "?" + query)
    # A lookup on the requester is refused outright; the rest give a list.
    assert response.status_code in (200, 400)
    if query.startswith("requester"):
        assert response.status_code == 400


def test_the_year_filter(client, officer, waiting):
    old = request_make(received_at=timezone.now() - timedelta(days=800))
    client.force_login(officer)
    year = timezone.localtime(old.received_at).year
    response = client.get(reverse("admin:ppid_informationrequest_changelist") + "?tahun=%d" % year)
    assert [row.pk for row in response.context["cl"].result_list] == [old.pk]


# --- Identity -----------------------------------------------------------------------------


def test_the_officer_sees_the_requester_and_each_view_is_audited(client, officer, waiting):
    client.force_login(officer)

    first = client.get(change_url(waiting)).content.decode()
    client.get(change_url(waiting))

    for value in REQUESTER.values():
        assert value in first
    # The request itself is for every officer.
    assert waiting.information in first
    assert waiting.purpose in first
    views = AuditEvent.objects.filter(action="ppid.requester_viewed", target_id=str(waiting.pk))
    assert views.count() == 2
    assert views.first().actor == officer
    # The trail names the request, not the requester.
    assert REQUESTER["requester_name"] not in str(views.first().data)


def test_without_the_permission_the_requester_is_hidden_and_nothing_audited(
    client, superior, waiting
):
    client.force_login(superior)

    page = client.get(change_url(waiting)).content.decode()

    for value in REQUESTER.values():
        assert value not in page
    assert "(disembunyikan)" in page
    assert waiting.information in page
    assert not AuditEvent.objects.filter(action="ppid.requester_viewed").exists()


def test_an_erased_requester_is_said_so_and_not_audited(client, officer, office):
    erased = request_make(
        stage=RequestStage.GRANTED,
        erased_at=timezone.now(),
        requester_name="",
        requester_address="",
        requester_email="",
        requester_phone="",
    )
    client.force_login(officer)

    page = client.get(change_url(erased)).content.decode()

    assert "sudah dihapus" in page
    assert not AuditEvent.objects.exists()


def test_nobody_adds_edits_or_deletes_a_request(client, officer, waiting):
    client.force_login(officer)
    assert client.get(reverse("admin:ppid_informationrequest_add")).status_code == 403
    delete = reverse("admin:ppid_informationrequest_delete", args=[waiting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(change_url(waiting), {"information": "diubah"})
    waiting.refresh_from_db()
    assert waiting.information == "Laporan keuangan tahun lalu."


# --- Actions ------------------------------------------------------------------------------


def test_the_officer_decides_and_the_requester_is_told_once(client, officer, waiting):
    client.force_login(officer)

    response = client.post(
        action_url(waiting, "decide"),
        {"expected_stage": "received", "stage": "granted", "note": "Dikirim lewat e-mail."},
    )

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.GRANTED
    assert waiting.decided_by == officer
    assert Message.objects.filter(kind="ppid_request_decided").count() == 1
    assert "diputus" in messages_of(response)[0]


def test_a_stale_decision_is_refused_with_a_message_and_the_text_kept(client, officer, waiting):
    colleague = officer_create("rekan")
    request_decide(request_id=waiting.pk, actor=colleague, stage="not_held", note="Tanya ke KPU.")
    client.force_login(officer)

    response = client.post(
        action_url(waiting, "decide"),
        {"expected_stage": "received", "stage": "granted", "note": "Teks saya sendiri."},
        follow=True,
    )

    assert response.status_code == 200
    assert any("sudah berada pada tahap" in text for text in messages_of(response))
    assert "Teks saya sendiri." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.NOT_HELD
    assert waiting.decided_by == colleague


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"stage": "refused", "note": "Dikecualikan."}, "refusal_ground"),
        ({"stage": "partly_granted", "note": "Sebagian."}, "refusal_ground"),
        ({"stage": "granted", "note": "Ya.", "refusal_ground": "17a"}, "refusal_ground"),
        ({"stage": "refused", "note": "x", "refusal_ground": "17z"}, "refusal_ground"),
        ({"stage": "withdrawn", "note": "x"}, "stage"),
        ({"stage": "granted", "note": "x" * 4001}, "note"),
        ({"stage": "granted", "note": ""}, "note"),
    ],
)
def test_a_wrong_decision_is_refused_in_the_form(client, officer, waiting, post, field):
    client.force_login(officer)

    response = client.post(action_url(waiting, "decide"), {"expected_stage": "received", **post})

    assert response.status_code == 200
    assert field in response.context["action"]["form"].errors
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.RECEIVED


def test_a_grant_with_a_pdf_through_the_form_keeps_it_cleaned(
    client, officer, waiting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)

    response = client.post(
        action_url(waiting, "decide"),
        {
            "expected_stage": "received",
            "stage": "partly_granted",
            "note": "Sebagian terlampir.",
            "refusal_ground": "17h",
            "document": pdf_upload(),
        },
    )

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.PARTLY_GRANTED
    assert waiting.decision_document.name.startswith("ppid/answers/")
    assert (tmp_path / waiting.decision_document.name).exists()


def test_a_tampered_or_missing_stage_is_refused_and_said(client, officer, waiting):
    client.force_login(officer)

    missing = client.post(action_url(waiting, "decide"), {"stage": "granted", "note": "Ya."})
    tampered = client.post(
        action_url(waiting, "decide"),
        {"expected_stage": "granted", "stage": "granted", "note": "Ya."},
        follow=True,
    )

    assert "sudah usang" in missing.content.decode()
    assert any("sudah berada pada tahap" in text for text in messages_of(tampered))
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.RECEIVED


def test_a_document_that_is_not_a_pdf_is_refused_without_a_500(client, officer, waiting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    fake = SimpleUploadedFile("jawaban.pdf", b"<html>bukan pdf</html>", "application/pdf")

    response = client.post(
        action_url(waiting, "decide"),
        {"expected_stage": "received", "stage": "granted", "note": "Terlampir.", "document": fake},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response)
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.RECEIVED


def test_the_officer_extends_once(client, officer, waiting):
    client.force_login(officer)
    post = {"days": "5", "reason": "Data masih dihimpun dari kecamatan."}

    first = client.post(action_url(waiting, "extend"), post)
    page = client.get(change_url(waiting)).content.decode()
    second = client.post(action_url(waiting, "extend"), post, follow=True)

    assert first.status_code == 302
    waiting.refresh_from_db()
    assert waiting.extended_due_on is not None
    assert waiting.extended_due_on > waiting.due_on
    # The form is gone once extended; a post all the same is refused, with the law's reason.
    assert 'id="ppid-action-extend"' not in page
    assert any("sudah pernah diperpanjang" in text for text in messages_of(second))
    assert RequestEvent.objects.filter(request=waiting, kind=RequestEventKind.EXTENDED).count() == 1


@pytest.mark.parametrize(
    "post",
    [
        {"days": "8", "reason": "Lama."},
        {"days": "0", "reason": "Lama."},
        {"days": "abc", "reason": "Lama."},
        {"days": "99999999999999999999", "reason": "Lama."},
        {"days": "3", "reason": ""},
        {"days": "3", "reason": "x" * 2001},
    ],
)
def test_a_wrong_extension_is_refused_in_the_form(client, officer, waiting, post):
    client.force_login(officer)

    response = client.post(action_url(waiting, "extend"), post)

    assert response.status_code == 200
    assert response.context["action"]["form"].errors
    waiting.refresh_from_db()
    assert waiting.extended_due_on is None


def test_withdrawal_on_the_requesters_word_needs_the_confirmation(client, officer, waiting):
    client.force_login(officer)

    unconfirmed = client.post(action_url(waiting, "withdraw"), {"note": "Lewat telepon."})
    confirmed = client.post(
        action_url(waiting, "withdraw"), {"note": "Lewat telepon 2 Des.", "confirm": "on"}
    )

    assert unconfirmed.status_code == 200
    assert confirmed.status_code == 302
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.WITHDRAWN


def test_an_internal_note_is_kept_from_the_requester(client, officer, waiting):
    client.force_login(officer)

    response = client.post(action_url(waiting, "note"), {"internal_note": "Tanya bagian hukum."})
    empty = client.post(action_url(waiting, "note"), {"internal_note": "   "})

    assert response.status_code == 302
    assert empty.status_code == 200
    event = RequestEvent.objects.get(request=waiting, kind=RequestEventKind.NOTE)
    assert event.internal_note == "Tanya bagian hukum."
    assert event.public_note == ""
    assert not Message.objects.exists()


@pytest.mark.parametrize("name", ["decide", "extend", "withdraw", "note"])
def test_the_superior_may_not_act_on_a_request(client, superior, waiting, name):
    client.force_login(superior)

    response = client.post(action_url(waiting, name), {"note": "x", "stage": "granted"})

    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.stage == RequestStage.RECEIVED


def test_an_unknown_action_or_request_is_not_found(client, officer, waiting):
    client.force_login(officer)
    assert client.post(action_url(waiting, "hapus"), {}).status_code == 404
    missing = reverse("admin:ppid_informationrequest_action", args=[999999, "note"])
    assert client.post(missing, {"internal_note": "x"}).status_code == 404
    # A GET only leads back to the request.
    assert client.get(action_url(waiting, "note")).status_code == 302


def test_the_officer_sees_the_actions_the_superior_does_not(client, officer, superior, waiting):
    client.force_login(officer)
    officer_page = client.get(change_url(waiting)).content.decode()
    client.force_login(superior)
    superior_page = client.get(change_url(waiting)).content.decode()

    for name in ("decide", "extend", "withdraw", "note"):
        assert 'id="ppid-action-%s"' % name in officer_page
        assert 'id="ppid-action-%s"' % name not in superior_page


# --- Objections ---------------------------------------------------------------------------


@pytest.fixture
def objection(office):
    refused = request_make(stage=RequestStage.REFUSED, refusal_ground="17a")
    return objection_make(refused)


def objection_action(objection) -> str:
    return reverse("admin:ppid_objection_action", args=[objection.pk, "answer"])


def test_the_superior_answers_an_objection(client, superior, objection):
    client.force_login(superior)
    page = client.get(reverse("admin:ppid_objection_change", args=[objection.pk]))

    response = client.post(
        objection_action(objection), {"outcome": "rejected", "answer": "Tetap dikecualikan."}
    )
    again = client.post(
        objection_action(objection), {"outcome": "upheld", "answer": "Berubah pikiran."},
        follow=True,
    )  # fmt: skip

    assert 'id="ppid-action-answer"' in page.content.decode()
    assert REQUESTER["requester_name"] not in page.content.decode()
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == ObjectionOutcome.REJECTED
    assert objection.answered_by == superior
    assert any("sudah dijawab" in text for text in messages_of(again))
    assert Message.objects.filter(kind="ppid_objection_answered").count() == 1


@pytest.mark.parametrize(
    "post",
    [
        {"outcome": "maybe", "answer": "x"},
        {"outcome": "upheld", "answer": "   "},
        {"outcome": "upheld", "answer": "x" * 4001},
        {},
    ],
)
def test_a_wrong_answer_is_refused_in_the_form(client, superior, objection, post):
    client.force_login(superior)
    response = client.post(objection_action(objection), post)
    assert response.status_code == 200
    objection.refresh_from_db()
    assert objection.answered_at is None


def test_the_officer_may_read_but_not_answer_an_objection(client, officer, objection):
    client.force_login(officer)

    page = client.get(reverse("admin:ppid_objection_change", args=[objection.pk]))
    response = client.post(objection_action(objection), {"outcome": "upheld", "answer": "Ya."})

    assert page.status_code == 200
    assert 'id="ppid-action-answer"' not in page.content.decode()
    assert response.status_code == 403
    assert Objection.objects.get().answered_at is None


def test_the_objection_list_filters_unanswered(client, superior, objection):
    answered = objection_make(
        request_make(stage=RequestStage.REFUSED, refusal_ground="17h"), outcome="upheld"
    )
    client.force_login(superior)

    response = client.get(reverse("admin:ppid_objection_changelist") + "?dijawab=belum")

    assert [row.pk for row in response.context["cl"].result_list] == [objection.pk]
    assert answered.pk != objection.pk
    assert InformationRequest.objects.count() == 2
