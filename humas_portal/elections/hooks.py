"""What other apps hear about changes here, without this app importing them.

An app that derives something from the holiday calendar (the complaint desk's due dates)
registers a callback in its ``AppConfig.ready()``; whoever changes the holidays announces it.
"""

from collections.abc import Callable

from django.db import transaction

_holidays_changed: list[Callable[[], object]] = []


def holidays_changed_register(callback: Callable[[], object]) -> None:
    """Have ``callback()`` run after every committed change of the holiday calendar."""
    if callback not in _holidays_changed:
        _holidays_changed.append(callback)


def holidays_changed_announce() -> None:
    """Tell every registered callback, once the current transaction commits.

    robust: the holidays are saved either way; a failing callback is logged and does not keep
    the others from running.
    """
    for callback in _holidays_changed:
        transaction.on_commit(callback, robust=True)
