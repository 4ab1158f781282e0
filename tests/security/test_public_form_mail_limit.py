"""Issue 13 item 6: the public forms cannot be used to flood a stranger's mailbox.

Every e-mail a public form sends (complaint receipt, new tracking code, subscription and press
confirmation) counts against the recipient's mailbox, as validators.email_recipient_key reads
it, for the day: past PUBLIC_FORM_MAIL_PER_DAY the forms answer as always and send nothing.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from humas_portal.notifications.models import Message, RecipientDailyCount
from humas_portal.notifications.services import notifications_purge
from humas_portal.validators import email_recipient_key
from tests.complaints.factories import complaint_file

RESET = reverse("complaints:secret_reset")
SUBSCRIBE = reverse("subscriptions:subscribe")
REGISTER = reverse("press:register")
VICTIM = "korban.warga@gmail.com"
# What a stranger could type to reach the same inbox again.
VARIANTS = [
    "Korban.Warga@Gmail.com",
    "korban.warga+1@gmail.com",
    "korbanwarga@gmail.com",
    "k.o.r.b.a.n.w.a.r.g.a@gmail.com",
    '"korban.warga"@gmail.com',
    "korban.warga@googlemail.com",
    "KORBAN.warga+pengaduan@GOOGLEMAIL.COM",
    '"korbanwarga+x"@gmail.com',
    "korban.warga+2@gmail.com",
]

pytestmark = pytest.mark.usefixtures("office")


def mails_to_victim() -> list[Message]:
    return [
        message
        for message in Message.objects.order_by("pk")
        if email_recipient_key(message.recipient) == email_recipient_key(VICTIM)
    ]


# --- One canonical mailbox -------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_is_the_same_mailbox(variant):
    assert email_recipient_key(variant) == "korbanwarga@gmail.com"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        # Dots matter where the provider has not said otherwise.
        ("rina.sari@contoh.id", "rina.sari@contoh.id"),
        ("Rina.Sari+berita@Contoh.ID", "rina.sari@contoh.id"),
        ('"rina sari"@contoh.id', "rina sari@contoh.id"),
        ('"ri\\"na"@contoh.id', 'ri"na@contoh.id'),
        ("warga@bücher.example", "warga@xn--bcher-kva.example"),
    ],
)
def test_other_providers_keep_their_dots(address, key):
    assert email_recipient_key(address) == key


def test_different_mailboxes_stay_different():
    keys = {email_recipient_key(a) for a in ("rina@contoh.id", "rini@contoh.id", "rina@lain.id")}
    assert len(keys) == 3


# --- Across the forms ------------------------------------------------------------------------


@pytest.mark.django_db
def test_receipts_to_one_mailbox_stop_at_the_daily_limit_and_filing_still_works(settings):
    for variant in VARIANTS:
        receipt = complaint_file(reporter_email=variant)
        assert receipt.secret  # the reporter still gets the receipt page with the code
    assert Complaint.objects.count() == len(VARIANTS)
    assert len(mails_to_victim()) == settings.PUBLIC_FORM_MAIL_PER_DAY == 5
    # Another mailbox is not affected.
    complaint_file(reporter_email="orang.lain@gmail.com")
    assert Message.objects.filter(recipient="orang.lain@gmail.com").count() == 1


@pytest.mark.django_db
def test_three_complaints_and_six_new_codes_give_the_victim_five_mails():
    """The attack as found: 3 complaints and 6 new-code requests, 9 spellings of one inbox."""
    complaints = [complaint_file(reporter_email=variant).complaint for variant in VARIANTS[:3]]
    answers = set()
    for index in range(6):
        complaint = complaints[index % 3]
        response = Client().post(
            RESET, {"number": complaint.number, "email": complaint.reporter_email}
        )
        assert response.status_code == 200
        answers.add(response.content.count(b"Periksa e-mail Anda"))
    assert len(answers) == 1  # every request answered the same way, sent or not
    kinds = [message.kind for message in mails_to_victim()]
    assert len(kinds) == 5
    assert kinds[:3] == ["complaint_receipt"] * 3


@pytest.mark.django_db
def test_a_new_code_not_mailed_replaces_no_pending_code():
    """Past the mailbox's limit no code is mailed, so none may wait: the one the reporter got
    earlier stays the pending one."""
    complaint = complaint_file(reporter_email=VICTIM).complaint
    Client().post(RESET, {"number": complaint.number, "email": VICTIM})
    pending = Complaint.objects.get(pk=complaint.pk).tracking_pending_hash
    for variant in VARIANTS[:3]:
        complaint_file(reporter_email=variant)
    assert len(mails_to_victim()) == 5
    Client().post(RESET, {"number": complaint.number, "email": VICTIM})
    assert len(mails_to_victim()) == 5
    complaint.refresh_from_db()
    assert complaint.tracking_pending_hash == pending
    assert complaint.secret_requests == 1


@pytest.mark.django_db
def test_subscription_confirmations_are_one_a_day_per_mailbox_whatever_the_spelling(client):
    for variant in VARIANTS:
        response = client.post(SUBSCRIBE, {"email": variant, "topics": ["berita"]})
        assert response.status_code == 200
    assert [m.kind for m in mails_to_victim()] == ["subscription_confirm"]


@pytest.mark.django_db
def test_press_registration_counts_with_the_other_forms(client):
    for variant in VARIANTS[:5]:
        complaint_file(reporter_email=variant)
    assert len(mails_to_victim()) == 5
    response = client.post(
        REGISTER,
        {
            "name": "Rina Wartawati",
            "outlet": "Harian Tapal Kuda",
            "beat": "Politik dan Pemilu",
            "phone": "0812-3456-7890",
            "email": "korban.warga+pers@gmail.com",
        },
    )
    # The same answer as always (no oracle), and no sixth e-mail.
    assert response.status_code == 200
    assert "Periksa kotak masuk Anda" in response.text
    assert len(mails_to_victim()) == 5


@pytest.mark.django_db
def test_the_limit_is_per_day():
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for variant in VARIANTS[:6]:
            complaint_file(reporter_email=variant)
    assert len(mails_to_victim()) == 5
    with time_machine.travel(now + timedelta(days=1), tick=False):
        complaint_file(reporter_email=VICTIM)
    assert len(mails_to_victim()) == 6


@pytest.mark.django_db
def test_the_counter_keeps_no_address():
    complaint_file(reporter_email=VICTIM)
    (row,) = RecipientDailyCount.objects.all()
    assert "korban" not in row.key
    assert len(row.key) == 64
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        notifications_purge()
    assert not RecipientDailyCount.objects.exists()
