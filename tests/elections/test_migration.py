"""Moving Election and Holiday to the elections app keeps every row, the complaints' foreign
key and the permissions granted on them (now under the elections label)."""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MOVE = ("elections", "0001_initial")


def executor_at(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_keeps_rows_foreign_keys_and_grants():
    graph = MigrationExecutor(connection).loader.graph
    latest = graph.leaf_nodes()
    # The state just before the move: the complaint desk's migration the move depends on.
    complaints = [node.key for node in graph.node_map[MOVE].parents if node.key[0] == "complaints"]
    # The state read: the complaint desk's, with the content types and permissions as they are.
    state = [*complaints, *graph.leaf_nodes("contenttypes"), *graph.leaf_nodes("auth")]
    try:
        old = executor_at([*complaints, ("elections", None)]).loader.project_state(state).apps
        Election = old.get_model("complaints", "Election")
        Holiday = old.get_model("complaints", "Holiday")
        Complaint = old.get_model("complaints", "Complaint")
        Region = old.get_model("siteprofile", "Region")
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        Group = old.get_model("auth", "Group")

        pilkada = Election.objects.create(name="Pilkada Jember 2024", kind="pilkada")
        pemilu = Election.objects.create(
            name="Pemilu 2024", kind="pemilu", voting_day=date(2024, 2, 14), is_open=False
        )
        Holiday.objects.create(date=date(2026, 12, 25), name="Hari Raya Natal")
        Holiday.objects.create(date=date(2027, 1, 1), name="Tahun Baru 2027 Masehi")
        region, _created = Region.objects.get_or_create(
            code="35", defaults={"name": "Jawa Timur", "level": "province"}
        )
        filed = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
        for sequence, election in enumerate([pilkada, pemilu, pilkada], start=1):
            Complaint.objects.create(
                election=election,
                number="ADU-35-2026-%06d" % sequence,
                year=2026,
                sequence=sequence,
                form_token=uuid.uuid4(),
                tracking_hash=uuid.uuid4().hex,
                anonymous=True,
                consent=True,
                category="money_politics",
                title="Pembagian amplop %d" % sequence,
                description="Uraian.",
                occurred_on=date(2026, 5, 1),
                known_on=date(2026, 5, 2),
                location=region,
                stage="received",
                stage_changed_at=filed,
                created_at=filed,
            )
        # Before the move the content types carry the old label (a fresh test database has
        # them under the new one, which the move's reverse has just put back).
        holiday_type, _created = ContentType.objects.get_or_create(
            app_label="complaints", model="holiday"
        )
        add_holiday, _created = Permission.objects.get_or_create(
            content_type=holiday_type, codename="add_holiday", defaults={"name": "Can add"}
        )
        coordinators = Group.objects.create(name="Koordinator (uji migrasi)")
        coordinators.permissions.add(add_holiday)
        ids = {"pilkada": pilkada.pk, "pemilu": pemilu.pk, "holiday_type": holiday_type.pk}

        new = executor_at(latest).loader.project_state(latest).apps
    finally:
        # Whatever happened above, the database is left fully migrated for the other tests.
        executor_at(MigrationExecutor(connection).loader.graph.leaf_nodes())

    Election = new.get_model("elections", "Election")
    Holiday = new.get_model("elections", "Holiday")
    Complaint = new.get_model("complaints", "Complaint")
    ContentType = new.get_model("contenttypes", "ContentType")
    Group = new.get_model("auth", "Group")

    assert set(Election.objects.values_list("pk", "name", "kind", "voting_day", "is_open")) == {
        (ids["pilkada"], "Pilkada Jember 2024", "pilkada", None, True),
        (ids["pemilu"], "Pemilu 2024", "pemilu", date(2024, 2, 14), False),
    }
    assert set(Election.objects.values_list("is_current", flat=True)) == {None}
    assert set(Holiday.objects.values_list("date", "name")) == {
        (date(2026, 12, 25), "Hari Raya Natal"),
        (date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
    }
    assert sorted(Complaint.objects.values_list("sequence", "election__name")) == [
        (1, "Pilkada Jember 2024"),
        (2, "Pemilu 2024"),
        (3, "Pilkada Jember 2024"),
    ]
    assert Election.objects.get(pk=ids["pilkada"]).complaints.count() == 2
    # The same content type row, relabelled: the grant followed it.
    holiday_type = ContentType.objects.get(pk=ids["holiday_type"])
    assert (holiday_type.app_label, holiday_type.model) == ("elections", "holiday")
    granted = Group.objects.get(name="Koordinator (uji migrasi)").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("elections", "add_holiday")
    assert not ContentType.objects.filter(app_label="complaints", model__in=["election", "holiday"])
