"""Factories shared by every test package: staff accounts with a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from humas_portal.roles import roles_sync

PASSWORD = "kata-sandi-redaksi-panjang"


def staff_create(username: str, *, role: str | None = None, superuser: bool = False):
    """A staff account with the given role (``humas_portal.roles``), password ``PASSWORD``."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, password=PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if role is not None:
        if not Group.objects.filter(name=role).exists():
            roles_sync()
        user.groups.add(Group.objects.get(name=role))
    return user


def user_form(user, **overrides) -> dict:
    """The admin's user change form as posted for ``user``, with ``overrides``."""
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": "2026-11-30",
        "date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return data
