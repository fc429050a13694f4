"""Electronic service of documents (电子送达): recording that a document reached a party, and when it was read.

Served on the portal, a record gets an unguessable token; the party is sent the link ``/portal/served/<token>/``
by text message (``jiefen.portal.notifications`` does that after the commit, from the case event written here),
logs in with the phone number the case has for them, and their first opening is the read receipt (``mark_read``).
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Party, State
from jiefen.cases.services import access_case, can_register, note_on_case, prefetched_parties
from jiefen.cases.workflow import DOCUMENT_READ, SERVED_ONLINE
from jiefen.core.validators import is_mobile
from jiefen.documents.guidance import respondent_absent
from jiefen.documents.models import ServiceRecord
from jiefen.orgs.jurisdiction import staff_of

# Who served the notice of a portal submission, stored in Chinese like the rest of the record.
AUTOMATIC = "网上平台自动送达"


def may_serve(staff) -> bool:
    """The posts that deal with the parties at the window and take disputes in also hand documents to them."""
    return can_register(staff)


def serve_document(case, document: str, party, method: str, actor, *, at=None) -> ServiceRecord:
    """Record that ``document`` of ``case`` was served on ``party`` by way of ``method``, by ``actor``."""
    return serve_on_parties(case, document, [party], method, actor, at=at)[0]


def serve_on_parties(case, document: str, parties: list, method: str, actor, *, at=None) -> list[ServiceRecord]:
    """Record that ``document`` of ``case`` was served on each of ``parties`` by way of ``method``, by ``actor``.

    404 for a case outside the actor's jurisdiction (as everywhere), PermissionDenied for a post that does not
    serve documents, ValidationError for a party of another case, an unknown document or way, an agreement
    not yet reached, or service on the portal to a party without a mobile number (the link goes by text message).
    """
    staff = staff_of(actor)
    if not may_serve(staff):
        raise PermissionDenied(_("Your post does not serve documents on parties."))
    case = access_case(actor, case.pk)
    if document not in ServiceRecord.Document.values:
        raise ValidationError({"document": _("Unknown document.")})
    if method not in ServiceRecord.Method.values:
        raise ValidationError({"method": _("Unknown way of service.")})
    if any(party.case_id != case.pk for party in parties):
        raise ValidationError({"party": _("This person is not a party to the case.")})
    if document == ServiceRecord.Document.AGREEMENT and case.current_agreement() is None:
        raise ValidationError({"document": _("This case has no mediation agreement yet.")})
    if document == ServiceRecord.Document.GUIDANCE and case.state != State.TERMINATED and not respondent_absent(case):
        raise ValidationError({"document": _(
            "The guidance on the legal paths is served once the case is terminated, or as soon as mediation ends "
            "because the respondent could not be reached or refuses."
        )})
    online = method == ServiceRecord.Method.PORTAL
    if online and not all(is_mobile(party.phone) for party in parties):
        raise ValidationError(
            {"party": _("Serving online needs a mobile number of the party: the link is sent by text message.")}
        )
    # The same moment for all: the claimants of a group dispute receive their notices at the window together.
    at, by_name = at or timezone.now(), actor.get_full_name() or actor.get_username()
    records = []
    with transaction.atomic():
        for party in parties:
            record = _record(case, document, party, method, actor, by_name, staff.organisation.name, at)
            if online:
                note_on_case(case, SERVED_ONLINE, actor=actor, payload={
                    "document": document, "served_on": party.name, "service_record": record.pk,
                })
            records.append(record)
    return records


def serve_notice_on_submission(case, citizen, phone_digest: str) -> list[ServiceRecord]:
    """A citizen's own dispute from the portal: its one-time notice is served there at once on the applicants
    with the submitter's phone. No text message: they are on the portal, and their case page shows the notice."""
    known = prefetched_parties(case)  # the parties the submission has just written, in memory
    if known is not None:
        applicants = [p for p in known if p.role == Party.Role.APPLICANT and p.phone_digest == phone_digest]
    else:
        applicants = case.parties.filter(role=Party.Role.APPLICANT, phone_digest=phone_digest)
    return [
        _record(
            case, ServiceRecord.Document.NOTICE, party, ServiceRecord.Method.PORTAL, citizen,
            AUTOMATIC, case.handling_org.name, None,
        )
        for party in applicants
    ]


def _record(case, document, party, method, actor, actor_name, organisation, at) -> ServiceRecord:
    return ServiceRecord.objects.create(
        case=case,
        document=document,
        method=method,
        party=party,
        party_name=party.name,
        served_at=at or timezone.now(),
        served_by=actor,
        served_by_name=actor_name,
        served_by_organisation=organisation,
        token=secrets.token_hex(20) if method == ServiceRecord.Method.PORTAL else None,
    )


def served_online(token: str) -> ServiceRecord | None:
    """The record served on the portal under ``token`` (None for any other string)."""
    if not token:
        return None
    return ServiceRecord.objects.select_related("case__handling_org", "party").filter(
        token=token, method=ServiceRecord.Method.PORTAL
    ).first()


@transaction.atomic
def mark_read(record: ServiceRecord, *, reader, at=None) -> bool:
    """Note the first time the party read the document, on the record and on the case's timeline (where the event
    handlers hear of it: a respondent's reading stops the contact clock); later readings change nothing. True if
    this was the first."""
    at = at or timezone.now()
    changed = ServiceRecord.objects.filter(pk=record.pk, read_at__isnull=True).update(read_at=at)
    if changed:
        record.read_at = at
        note_on_case(record.case, DOCUMENT_READ, actor=reader, payload={
            "document": record.document, "served_on": record.party_name, "service_record": record.pk,
        })
    return bool(changed)


def service_records(case) -> list[ServiceRecord]:
    """A case's service records, oldest first (the caller has already checked access to the case)."""
    return list(ServiceRecord.objects.filter(case=case).order_by("served_at", "id"))
