"""Deployment checks for staff account security (run by ``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_required_check(app_configs, **kwargs) -> list[Warning]:
    if settings.STAFF_REQUIRE_2FA:
        return []
    return [
        Warning(
            "STAFF_REQUIRE_2FA is off: staff can open the admin with a password alone.",
            hint="Remove STAFF_REQUIRE_2FA=0 from the production environment.",
            id="accounts.W001",
        )
    ]
