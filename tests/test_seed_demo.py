from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from humas_portal.siteprofile.models import OfficeProfile, Region


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The demo covers are real files: keep them out of the checkout's var/media.
    settings.MEDIA_ROOT = tmp_path


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_creates_the_jember_office_and_its_full_region():
    call_command("seed_demo", stdout=StringIO())

    profile = OfficeProfile.objects.get()
    assert profile.name == "Bawaslu Kabupaten Jember"
    assert profile.region.code == "35.09"
    districts = Region.objects.filter(parent=profile.region, level=Region.Level.DISTRICT)
    villages = Region.objects.filter(
        parent__parent=profile.region,
        level__in=[Region.Level.VILLAGE, Region.Level.URBAN_VILLAGE],
    )
    assert districts.count() == 31
    assert villages.count() == 248
    assert villages.filter(level=Region.Level.URBAN_VILLAGE).count() == 22


@pytest.mark.django_db
def test_seed_demo_twice_leaves_every_count_unchanged():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first


@pytest.mark.django_db
def test_seed_demo_files_complaints_across_stages_with_fictional_reporters():
    from complaints.models import CannedReply, Complaint, Stage
    from humas_portal.elections.models import Holiday

    call_command("seed_demo", stdout=StringIO())

    complaints = list(Complaint.objects.all())
    stages = {complaint.stage for complaint in complaints}
    assert {Stage.RECEIVED, Stage.CLARIFICATION, Stage.CLOSED, Stage.DELIBERATION} <= stages
    assert any(complaint.anonymous for complaint in complaints)
    named = [complaint for complaint in complaints if not complaint.anonymous]
    assert named
    assert all("(fiktif)" in complaint.reporter_name for complaint in named)
    assert all(complaint.reporter_email.endswith(".example.id") for complaint in named)
    assert all(complaint.number.startswith("ADU-3509-") for complaint in complaints)
    # Officers find ready replies and the fixed holidays; due dates are set.
    assert CannedReply.objects.filter(is_active=True).count() == 3
    # Fixed holidays of this year and the next (issue 12 item 8: they follow today).
    assert Holiday.objects.count() == 4
    assert all(complaint.due_at for complaint in complaints if complaint.stage == Stage.RECEIVED)


@pytest.mark.django_db
def test_seed_demo_elections_follow_today_and_say_they_are_examples(client):
    """Issue 12 item 8: no demo election long past in a required field, none that could pass
    for a real schedule, and the form chooses the only open one by itself. Issue 15: the next
    regional and general elections, each with a stage running today, closed on the form."""
    from humas_portal.elections.dates import local_today
    from humas_portal.elections.models import Election, ElectionKind, Holiday

    call_command("seed_demo", stdout=StringIO())

    today = local_today()
    elections = list(Election.objects.order_by("voting_day"))
    assert len(elections) == 5
    assert all(election.name.endswith("(contoh)") for election in elections)
    [current] = [election for election in elections if election.is_open]
    assert today < current.voting_day <= today + timedelta(days=60)
    past = [election for election in elections if election.voting_day < today]
    coming = [election for election in elections if election.voting_day > current.voting_day]
    assert len(past) == 2
    assert {election.kind for election in coming} == {ElectionKind.PILKADA, ElectionKind.PEMILU}
    for election in coming:
        running = election.stages.filter(start_date__lte=today, end_date__gte=today)
        assert running.exists(), election.name
        assert all(stage.legal_basis and stage.watch_points for stage in election.stages.all())
    assert {holiday.date.year for holiday in Holiday.objects.all()} == {today.year, today.year + 1}

    form = client.get(reverse("complaints:create")).content.decode()
    assert '<option value="%d" selected>%s</option>' % (current.pk, current.name) in form
