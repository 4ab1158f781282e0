"""Staff roles: the one table of who may do what. ``manage.py sync_roles`` applies it.

Each feature adds its rows here; tests/test_roles.py asserts each role's exact permission set.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

ADMINISTRATOR = "Administrator"
CHIEF_EDITOR = "Pemimpin Redaksi"
EDITOR = "Redaksi"
COMPLAINT_OFFICER = "Petugas Pengaduan"
COMPLAINT_COORDINATOR = "Koordinator Pengaduan"
MEDIA_FORUM_COORDINATOR = "Koordinator Forum Media"
INFORMATION_OFFICER = "Petugas Informasi"
PPID_SUPERIOR = "Atasan PPID"

# Writing news: drafts, their images and PDFs; Ralat notes are read here and added only by
# whoever may publish (a note is public at once). Nobody deletes an article or a Ralat (archive
# it, correct it: the trail stays); a writer edits only drafts and articles under review
# (news.services.article_editable_by) and cannot publish.
NEWS_WRITING = frozenset(
    {
        "siteprofile.view_officeprofile",
        "news.add_article",
        "news.change_article",
        "news.view_article",
        "news.view_category",
        "news.view_tag",
        "news.add_tag",
        "news.add_articleimage",
        "news.change_articleimage",
        "news.view_articleimage",
        "news.delete_articleimage",
        "news.add_articleattachment",
        "news.change_articleattachment",
        "news.view_articleattachment",
        "news.delete_articleattachment",
        "news.view_correction",
        "news.view_articlerevision",
    }
)

# Writing election education: items in draft and review, and the revisions read back. The
# audience and theme lists, and publishing, are the chief editor's (education.services).
EDUCATION_WRITING = frozenset(
    {
        "education.add_educationitem",
        "education.change_educationitem",
        "education.view_educationitem",
        "education.view_educationitemrevision",
        "education.view_segment",
        "education.view_theme",
    }
)

# Handling complaints at the complaint desk. No witness, event or evidence model permissions:
# those records are shown only inside a complaint, and witnesses are identity. The complaint
# desk is not the Administrator's business, so that role has none of this.
COMPLAINT_HANDLING = frozenset(
    {
        "complaints.view_complaint",
        "complaints.change_complaint",
        "complaints.view_evidence",
        "elections.view_election",
        # The ready public replies offered in the stage and reply forms.
        "complaints.view_cannedreply",
        # The legal deadlines and the holiday calendar that working days are counted by.
        "complaints.view_stagedeadline",
        "elections.view_holiday",
    }
)

# The elections and their stages (tahapan) the public site shows. Elections are never deleted
# (complaints refer to them); a stage entered by mistake may be.
ELECTION_EDITING = frozenset(
    {
        "elections.view_election",
        "elections.add_election",
        "elections.change_election",
        "elections.view_electionstage",
        "elections.add_electionstage",
        "elections.change_electionstage",
        "elections.delete_electionstage",
    }
)

# The press list (media_forum): seeing and correcting journalists' profiles, and verifying
# them, which puts them on the list of embargoed releases.
PRESS_LIST = frozenset(
    {
        "media_forum.view_journalistprofile",
        "media_forum.change_journalistprofile",
        "media_forum.verify_journalist",
    }
)

# Running Forum Media events (media_forum.events): drafting them with their speakers and
# materials, publishing, changing, cancelling and finishing them, approving registrations and
# checking people in at the door. Registrations change only through the services (no
# change_registration); an event is never deleted (its registrations are the record).
MEDIA_FORUM_EVENTS = frozenset(
    {
        "media_forum.add_event",
        "media_forum.change_event",
        "media_forum.view_event",
        "media_forum.publish_event",
        "media_forum.checkin_event",
        "media_forum.add_eventspeaker",
        "media_forum.change_eventspeaker",
        "media_forum.view_eventspeaker",
        "media_forum.delete_eventspeaker",
        "media_forum.add_eventmaterial",
        "media_forum.change_eventmaterial",
        "media_forum.view_eventmaterial",
        "media_forum.delete_eventmaterial",
        "media_forum.view_registration",
        "media_forum.approve_registration",
    }
)

# Education's FAQ, glossary and quizzes (education/admin_guide.py): writers draft and edit what
# is not public; publishing, and editing or deleting what is public, is the chief editor's
# (EDUCATION_GUIDE_PUBLISHING). Quiz answer counts are edited by no one.
EDUCATION_GUIDE = frozenset(
    {
        "education.add_question",
        "education.change_question",
        "education.view_question",
        "education.add_glossaryterm",
        "education.change_glossaryterm",
        "education.view_glossaryterm",
        "education.add_quiz",
        "education.change_quiz",
        "education.view_quiz",
        "education.add_quizquestion",
        "education.change_quizquestion",
        "education.view_quizquestion",
        "education.delete_quizquestion",
        "education.add_quizchoice",
        "education.change_quizchoice",
        "education.view_quizchoice",
        "education.delete_quizchoice",
    }
)
EDUCATION_GUIDE_PUBLISHING = frozenset(
    {
        "education.publish_question",
        "education.delete_question",
        "education.publish_glossaryterm",
        "education.delete_glossaryterm",
        "education.publish_quiz",
        "education.delete_quiz",
    }
)

# Reading the request desk of the PPID (ppid/admin_requests.py): the requests with their history
# and the objections. Requests change only through the services (ppid.services): no add or
# delete, and change_informationrequest only opens the action forms.
PPID_READING = frozenset(
    {
        "ppid.view_informationrequest",
        "ppid.view_objection",
        # The working days deadlines are counted in.
        "elections.view_holiday",
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Runs the office's accounts and profile; deactivates rather than deletes staff, so the
    # audit trail keeps its actors.
    ADMINISTRATOR: frozenset(
        {
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "auth.view_group",
            "siteprofile.view_officeprofile",
            "siteprofile.change_officeprofile",
            "siteprofile.view_region",
            "humas_portal.view_auditevent",
            # The delivery log, and "send again" for dead messages.
            "notifications.view_message",
            "notifications.change_message",
            "notifications.view_bulksend",
            # Lifting a login lockout (django-axes). Resetting a colleague's second factor stays
            # with superusers: with the password too, it would hand over the account.
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            # Whether the worker runs: a panel on the dashboard, no admin page.
            "humas_portal.view_workerheartbeat",
        }
    )
    | ELECTION_EDITING,
    CHIEF_EDITOR: NEWS_WRITING
    | EDUCATION_WRITING
    | ELECTION_EDITING
    | frozenset(
        {
            "notifications.view_bulksend",
            # Publishing, scheduling, archiving, and editing what is already public; a Ralat
            # note is public at once, so it goes with publishing (news.services.MOVE_PERMISSIONS).
            "news.publish_article",
            "news.add_correction",
            "news.add_category",
            "news.change_category",
            # Fixing a misspelt tag everywhere at once.
            "news.change_tag",
            # Education: publishing as for news, and the lists of audiences and themes.
            "education.publish_educationitem",
            "education.add_segment",
            "education.change_segment",
            "education.add_theme",
            "education.change_theme",
        }
    )
    # The press list: who receives embargoed releases is the chief editor's call.
    | PRESS_LIST
    | EDUCATION_GUIDE
    | EDUCATION_GUIDE_PUBLISHING,
    EDITOR: NEWS_WRITING | EDUCATION_WRITING | EDUCATION_GUIDE,
    # Handles complaints and their evidence, never the reporter's identity. change_complaint
    # opens the stage, reply, note and assignment forms; the complaint's own text stays
    # read-only in the admin (complaints/admin.py): officers act only through the services.
    COMPLAINT_OFFICER: COMPLAINT_HANDLING,
    COMPLAINT_COORDINATOR: COMPLAINT_HANDLING
    | frozenset(
        {
            # Name, contacts, address and witnesses; every view of them is audited.
            "complaints.view_identity",
            # The legal hold, which keeps a complaint's identity and evidence past retention.
            "complaints.hold_complaint",
            # An e-mail for every new complaint (batched on a busy day): coordinators assign.
            "complaints.receive_new_alerts",
            # The list of elections the form offers.
            "elections.add_election",
            "elections.change_election",
            # The deadlines (six fixed rows: changed, never added or deleted) and holidays.
            "complaints.change_stagedeadline",
            "elections.add_holiday",
            "elections.change_holiday",
            "elections.delete_holiday",
            # The ready public replies the officers pick from.
            "complaints.add_cannedreply",
            "complaints.change_cannedreply",
            "complaints.delete_cannedreply",
            # Complaint e-mails are sensitive: only the coordinator may see to whom they went.
            "notifications.view_message",
            "notifications.view_sensitive_recipient",
        }
    ),
    # The press list is Forum Media's, so its coordinator keeps it too.
    MEDIA_FORUM_COORDINATOR: PRESS_LIST | MEDIA_FORUM_EVENTS,
    # Handles information requests: extends, decides, records a withdrawal and notes. Sees the
    # requester's name and contacts, which delivering the information needs (every view
    # audited), so only a superuser assigns this role (IDENTITY_PERMISSIONS). Keeps the register
    # of public information too; an entry is withdrawn as a draft, never deleted.
    INFORMATION_OFFICER: PPID_READING
    | frozenset(
        {
            "ppid.add_informationentry",
            "ppid.change_informationentry",
            "ppid.view_informationentry",
            "ppid.change_informationrequest",
            "ppid.decide_request",
            "ppid.view_requester",
            "ppid.view_report",
        }
    ),
    # The PPID's superior answers objections (UU 14/2008 Pasal 36); the answer reaches the
    # requester through the outbox, so no contact data: the Administrator may assign it.
    PPID_SUPERIOR: PPID_READING | frozenset({"ppid.answer_objection", "ppid.view_report"}),
}


# Permissions that open reporters' (and information requesters') identities. A role carrying
# one is granted or removed only by a superuser (PortalUserAdmin): an Administrator could
# otherwise give it to themself, or to an account they have just created.
IDENTITY_PERMISSIONS = frozenset(
    {
        "complaints.view_identity",
        "notifications.view_sensitive_recipient",
        "ppid.view_requester",
    }
)


def groups_carrying_identity() -> set[int]:
    """The ids of the roles (whatever their names) whose permissions include an identity one."""
    return set(
        Group.objects.filter(permissions__in=_permissions_for(IDENTITY_PERMISSIONS)).values_list(
            "pk", flat=True
        )
    )


def _permissions_for(names: frozenset[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = names - {"%s.%s" % (p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(
            "Unknown permissions in ROLE_PERMISSIONS: %s" % ", ".join(sorted(missing))
        )
    return found


@transaction.atomic
def roles_sync() -> list[str]:
    """Create every role and give it exactly its permissions; safe to run any number of times."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_for(names))
    return list(ROLE_PERMISSIONS)
