"""Writes of the register (Daftar Informasi Publik): the admin saves an entry through here.

The exempt rules hold in three places: the model's clean() (clear messages on the fields), the
database constraint (``ppid_entry_exempt_has_ground_not_content``) and the pages, which never
show a document or a link of an exempt entry.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from humas_portal.audit import audit_record
from humas_portal.cache_invalidation import cache_pages_invalidate
from ppid.models import InformationEntry

ADD_PERMISSION = "ppid.add_informationentry"
CHANGE_PERMISSION = "ppid.change_informationentry"


@transaction.atomic
def entry_save(*, entry: InformationEntry, actor) -> InformationEntry:
    """Store ``entry`` (the admin form's instance), new or changed, and make the cached pages
    that show it stale after the commit: its page under the slug it had too, when renamed."""
    adding = entry.pk is None
    if actor is None or not actor.has_perm(ADD_PERMISSION if adding else CHANGE_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))
    previous = None
    if not adding:
        # Locked: two officers saving at once are applied one after the other.
        previous = (
            InformationEntry.objects.select_for_update().only("slug", "status").get(pk=entry.pk)
        )
    entry.full_clean()
    entry.save()
    audit_record(
        actor,
        "ppid_entry.created" if adding else "ppid_entry.updated",
        entry,
        category=entry.category,
        status=entry.status,
        status_before=previous.status if previous else "",
    )
    if previous is not None and previous.slug != entry.slug:
        cache_pages_invalidate(instance=previous)
    cache_pages_invalidate(instance=entry)
    return entry
