"""The press list: journalists register at /langganan/wartawan/; Pemimpin Redaksi verifies them.

Registering is a subscription to "siaran pers" through the ordinary double opt-in, plus a
JournalistProfile that starts unverified. Confirming the e-mail proves the mailbox; verifying
(a person at the office, after checking with the outlet) puts the journalist on the press list,
which receives embargoed releases early (the "verified_press" bulk audience, apps.py).

E-mails: the staff who verify (``media_forum.verify_journalist``) hear of each new
registration once per profile; the journalist hears once when verified.

Like the subscription form, the answer never tells whether an address is known. A stranger
cannot change a journalist's details either: once the address is confirmed or the profile
verified, a new registration for it changes nothing (the mailbox gets its preferences link).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from humas_portal.audit import audit_record
from humas_portal.notifications.services import notification_enqueue
from humas_portal.notifications.subscriptions import subscription_topic_request
from humas_portal.validators import phone_normalise
from media_forum.models import JournalistProfile

# The news app registers this topic; the press list only names it.
PRESS_TOPIC = "siaran-pers"
VERIFY_PERMISSION = "media_forum.verify_journalist"
# What the press room promises a registering journalist (working days after confirming).
VERIFICATION_WORKING_DAYS = 2
REGISTERED_STAFF_KIND = "journalist_registered_staff"
VERIFIED_KIND = "journalist_verified"
# The permission is read from the database (as complaints.alerts does): axes' backend only
# guards logins and has no say in who holds a permission.
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def journalist_verifiers():
    """Active staff holding the verification permission through a role or their own grant,
    with an address; superusers only when given the duty like anyone else."""
    return (
        get_user_model()
        .objects.with_perm(VERIFY_PERMISSION, include_superusers=False, backend=_PERMISSION_BACKEND)
        .filter(is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )


def _verifiers_notify(profile: JournalistProfile) -> None:
    """Tell each verifier of a new registration, once per profile and verifier (a second
    registration of the same address changes the profile, not the count of e-mails)."""
    context = {
        "name": profile.name,
        "outlet": profile.outlet,
        "beat": profile.beat,
        "confirmed": profile.subscriber.confirmed_at is not None,
        "admin_url": settings.PORTAL_BASE_URL
        + reverse("admin:media_forum_journalistprofile_change", args=[profile.pk]),
        "working_days": VERIFICATION_WORKING_DAYS,
    }
    for user in journalist_verifiers():
        notification_enqueue(
            kind=REGISTERED_STAFF_KIND,
            recipient=user.email,
            context=context,
            idempotency_key="registered-staff:%d" % user.pk,
            about=profile,
        )


@transaction.atomic
def journalist_register(
    *, name: str, outlet: str, beat: str, phone: str, email: str, language: str
) -> None:
    """Ask for the "siaran pers" subscription (double opt-in) and file an unverified profile,
    both in ``language``, the one the registration form was read in.

    What happens is told only to the mailbox, as for any subscription request.
    """
    # Locked: a second registration for the same address at once waits here.
    subscriber = subscription_topic_request(email=email, topic=PRESS_TOPIC, language=language)
    profile = JournalistProfile.objects.filter(subscriber=subscriber).first()
    if profile is None:
        profile = JournalistProfile(subscriber=subscriber)
    elif subscriber.confirmed_at is not None or profile.verified:
        return  # only the mailbox (through its preferences link) or the office may change it
    profile.name = name
    profile.outlet = outlet
    profile.beat = beat
    profile.phone = phone_normalise(phone) if phone else ""
    profile.language = language
    profile.full_clean()
    profile.save()
    _verifiers_notify(profile)


def _profile_for_decision(profile_id: int, actor) -> JournalistProfile:
    if not actor.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    return (
        JournalistProfile.objects.select_for_update()
        .select_related("subscriber")
        .get(pk=profile_id)
    )


@transaction.atomic
def journalist_verify(*, profile_id: int, actor) -> JournalistProfile:
    """Put a journalist on the press list (embargoed releases). Verifying twice changes nothing."""
    profile = _profile_for_decision(profile_id, actor)
    if profile.verified:
        return profile
    if profile.subscriber.confirmed_at is None:
        # Until the mailbox confirmed, nobody knows the address belongs to the registrant.
        raise ValidationError(
            _("Alamat e-mail %(name)s belum dikonfirmasi; verifikasi setelah dikonfirmasi."),
            params={"name": profile.name},
            code="unconfirmed",
        )
    profile.verified = True
    profile.verified_at = timezone.now()
    profile.verified_by = actor
    profile.full_clean()
    profile.save(update_fields=["verified", "verified_at", "verified_by"])
    audit_record(actor, "journalist.verified", profile)
    # Once per profile: verified again after a revocation, the journalist is not told again.
    notification_enqueue(
        kind=VERIFIED_KIND,
        recipient=profile.subscriber.email,
        context={
            "name": profile.name,
            "outlet": profile.outlet,
            "press_room_url": settings.PORTAL_BASE_URL + reverse("forum_media:press_room"),
        },
        idempotency_key="verified",
        about=profile,
        language=profile.subscriber.language,
    )
    return profile


@transaction.atomic
def journalist_unverify(*, profile_id: int, actor) -> JournalistProfile:
    """Take a journalist off the press list; they stay a "siaran pers" subscriber."""
    profile = _profile_for_decision(profile_id, actor)
    if not profile.verified:
        return profile
    profile.verified = False
    profile.verified_at = None
    profile.verified_by = None
    profile.full_clean()
    profile.save(update_fields=["verified", "verified_at", "verified_by"])
    audit_record(actor, "journalist.unverified", profile)
    return profile
