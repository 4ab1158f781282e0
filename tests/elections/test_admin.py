"""Elections, their stages and the holidays in the admin: who may edit what."""

import pytest
from django.urls import reverse

from humas_portal.elections.models import Election, ElectionStage, Holiday
from humas_portal.roles import ADMINISTRATOR, CHIEF_EDITOR, COMPLAINT_OFFICER, EDITOR
from tests.factories import staff_create

pytestmark = pytest.mark.django_db

ADD = reverse("admin:elections_election_add")


def election_form(**overrides) -> dict:
    data = {
        "name": "Pilkada Jember 2029",
        "kind": "pilkada",
        "voting_day": "2029-11-28",
        "is_open": "on",
        "is_current": "",
        "stages-TOTAL_FORMS": "2",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "1000",
        "stages-0-order": "1",
        "stages-0-name": "Pencalonan",
        "stages-0-start_date": "2029-08-01",
        "stages-0-end_date": "2029-09-20",
        "stages-0-description": "",
        "stages-0-legal_basis": "PKPU Nomor 8 Tahun 2024",
        "stages-0-watch_points": "Mahar politik.",
        "stages-0-report_hint": "Laporkan paling lambat 7 hari.",
        "stages-1-order": "2",
        "stages-1-name": "Kampanye",
        "stages-1-start_date": "2029-09-15",
        "stages-1-end_date": "2029-11-24",
        "stages-1-description": "Rapat umum dan iklan.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", [ADMINISTRATOR, CHIEF_EDITOR])
def test_administrator_and_chief_editor_add_elections_with_their_stages(client, role):
    client.force_login(staff_create("staf", role=role))

    response = client.post(ADD, election_form())

    assert response.status_code == 302, response.context and response.context["errors"]
    election = Election.objects.get(name="Pilkada Jember 2029")
    assert election.is_current is None
    assert list(election.stages.values_list("name", flat=True)) == ["Pencalonan", "Kampanye"]
    # The timeline's texts of a stage (issue 15).
    assert election.stages.values_list("legal_basis", "watch_points", "report_hint")[0] == (
        "PKPU Nomor 8 Tahun 2024",
        "Mahar politik.",
        "Laporkan paling lambat 7 hari.",
    )


def test_a_stage_ending_before_it_starts_is_refused_with_a_message(client):
    client.force_login(staff_create("staf", role=CHIEF_EDITOR))

    response = client.post(ADD, election_form(**{"stages-1-end_date": "2029-09-14"}))

    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert not Election.objects.exists()


def test_is_current_can_be_forced_either_way(client):
    client.force_login(staff_create("staf", role=ADMINISTRATOR))

    assert client.post(ADD, election_form(is_current="True")).status_code == 302
    assert Election.objects.get().is_current is True
    election = Election.objects.get()
    change = reverse("admin:elections_election_change", args=[election.pk])
    stages = list(ElectionStage.objects.filter(election=election).order_by("order"))
    form = election_form(
        is_current="False",
        **{
            "stages-INITIAL_FORMS": "2",
            "stages-0-id": str(stages[0].pk),
            "stages-0-election": str(election.pk),
            "stages-1-id": str(stages[1].pk),
            "stages-1-election": str(election.pk),
        },
    )
    assert client.post(change, form).status_code == 302
    assert Election.objects.get().is_current is False


@pytest.mark.parametrize("role", [EDITOR, COMPLAINT_OFFICER])
def test_others_cannot_add_elections(client, role):
    client.force_login(staff_create("staf", role=role))

    assert client.post(ADD, election_form()).status_code == 403
    assert not Election.objects.exists()


def test_an_edit_of_the_holidays_is_announced_once_committed(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from humas_portal.elections import hooks

    heard = []
    monkeypatch.setattr(hooks, "_holidays_changed", [lambda: heard.append("changed")])
    client.force_login(staff_create("staf", superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:elections_holiday_add"), {"date": "2029-05-14", "name": "Kenaikan"}
        )
    assert response.status_code == 302
    assert heard == ["changed"]

    holiday = Holiday.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:elections_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    assert heard == ["changed", "changed"]
    assert not Holiday.objects.exists()
