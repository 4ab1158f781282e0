from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "humas_portal.accounts"
    label = "accounts"
    verbose_name = _("Akun staf")

    def ready(self) -> None:
        from humas_portal.accounts import checks  # noqa: F401  (registers the checks)
        from humas_portal.accounts.dashboard import LOCKOUT_PANEL_PERMISSION, lockouts_panel
        from humas_portal.dashboard import dashboard_panel_register
        from humas_portal.periodic import periodic_task_register

        periodic_task_register(name="accounts-purge", task="accounts.purge", schedule=24 * 3600.0)
        dashboard_panel_register(
            name="lockouts",
            template="admin/accounts/dashboard_panel.html",
            selector=lockouts_panel,
            permission=LOCKOUT_PANEL_PERMISSION,
            order=91,
        )
