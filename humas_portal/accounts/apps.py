from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "humas_portal.accounts"
    label = "accounts"
    verbose_name = _("Akun staf")

    def ready(self) -> None:
        from humas_portal.accounts import checks  # noqa: F401  (registers the checks)
        from humas_portal.periodic import periodic_task_register

        periodic_task_register(name="accounts-purge", task="accounts.purge", schedule=24 * 3600.0)
