from celery import shared_task

from humas_portal.accounts import services


@shared_task(name="accounts.purge")
def accounts_purge() -> None:
    services.account_records_purge()
