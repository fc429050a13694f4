"""Electronic service of documents (电子送达): recording that a document reached a party, and when it was read."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.services import access_case, can_register
from jiefen.documents.models import ServiceRecord
from jiefen.orgs.jurisdiction import staff_of


def may_serve(staff) -> bool:
    """The posts that deal with the parties at the window and take disputes in also hand documents to them."""
    return can_register(staff)


def serve_document(case, document: str, party, method: str, actor, *, at=None) -> ServiceRecord:
    """Record that ``document`` of ``case`` was served on ``party`` by way of ``method``, by ``actor``."""
    return serve_on_parties(case, document, [party], method, actor, at=at)[0]


def serve_on_parties(case, document: str, parties: list, method: str, actor, *, at=None) -> list[ServiceRecord]:
    """Record that ``document`` of ``case`` was served on each of ``parties`` by way of ``method``, by ``actor``.

    404 for a case outside the actor's jurisdiction (as everywhere), PermissionDenied for a post that does not
    serve documents, ValidationError for a party of another case, an unknown document or way, or an agreement
    not yet reached.
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
    at, by_name = at or timezone.now(), actor.get_full_name() or actor.get_username()
    # The same moment for all: the claimants of a group dispute receive their notices at the window together.
    return ServiceRecord.objects.bulk_create(
        ServiceRecord(
            case=case, document=document, method=method, party=party, party_name=party.name, served_at=at,
            served_by=actor, served_by_name=by_name, served_by_organisation=staff.organisation.name,
        )
        for party in parties
    )


def mark_read(record: ServiceRecord, *, at=None) -> bool:
    """Note the first time the party read the document; later readings change nothing. True if this was it."""
    at = at or timezone.now()
    changed = ServiceRecord.objects.filter(pk=record.pk, read_at__isnull=True).update(read_at=at)
    if changed:
        record.read_at = at
    return bool(changed)


def service_records(case) -> list[ServiceRecord]:
    """A case's service records, oldest first (the caller has already checked access to the case)."""
    return list(ServiceRecord.objects.filter(case=case).order_by("served_at", "id"))
