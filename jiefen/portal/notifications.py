"""Telling the parties by text message: a plain status line when their case moves, and the link to a document
served on them online.

It lives in the portal because the portal already owns the text-message sender and is where a party follows their
case and opens what was served on them; the cases app only announces its events (``on_case_event`` is one of
``settings.JIEFEN_CASE_EVENT_HANDLERS``, called after the move has committed).

Who is told what:

- registration, each change of state, and the two moves that change who handles the case (assignment names the
  mediator, escalation the organisation): every applicant with a mobile number (in a group dispute, the
  representative) gets one line in plain Chinese,
  without anything about the other side. A move that changes nothing the party would see (a second triage, a
  session, a note on the timeline) sends nothing. A landline gets nothing.
- a document served on the portal (the ``served_online`` event): the party it was served on gets the link.

Every attempt is a ``StatusMessage``: sent, or refused by the gateway with the error. A refusal never undoes the
move (it has committed); staff in jurisdiction see it on the case page and may send the line again (``resend``).
The gateway's later delivery report, if it sends one, is an ``SmsReceipt`` of the message (``jiefen.portal.receipts``).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, CaseEvent, Party, State
from jiefen.cases.services import access_case, prefetched_parties
from jiefen.cases.workflow import SERVED_ONLINE, Move
from jiefen.core.taxonomy import Channel
from jiefen.core.validators import is_mobile
from jiefen.documents.models import ServiceRecord
from jiefen.orgs.jurisdiction import staff_of
from jiefen.portal import sms
from jiefen.portal.models import StatusMessage, Submission

log = logging.getLogger(__name__)

# Moves that tell the applicants even when the state stays: they change who handles the case.
HANDLER_MOVES = {Move.ASSIGN, Move.ESCALATE}
# Official messages go out in Chinese, whatever language the staff member who moved the case reads.
LANGUAGE = "zh-hans"


def on_case_event(event: CaseEvent) -> None:
    """Handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``: send (and record) the messages this event calls for."""
    tell_parties(event, messages_for)


def tell_parties(event: CaseEvent, messages_for) -> None:
    """Send and record the (party, text) pairs ``messages_for(event)`` gives, written in the official language. The
    event has committed: a failure here is logged and never turns it into an error page."""
    try:
        with translation.override(LANGUAGE):
            outgoing = messages_for(event)
        for party, text in outgoing:
            send(event, party, text)
    except Exception:
        log.exception("could not tell the parties of case event %s", event.pk)


def messages_for(event: CaseEvent) -> list[tuple[Party, str]]:
    """The (party, text) pairs ``event`` calls for: none, a status line per applicant, or a document's link."""
    if event.move == SERVED_ONLINE:
        record = ServiceRecord.objects.select_related("party").filter(
            pk=(event.payload or {}).get("service_record"), case=event.case_id
        ).first()
        if record is None or not is_mobile(record.party.phone):
            return []
        return [(record.party, link_line(record))]
    line = status_line(event)
    if line is None:
        return []
    # The representative speaks for the claimants of a group dispute: hundreds of messages on every move would be
    # noise to them and hold up the move's request.
    known = prefetched_parties(event.case)  # a registration's parties are in memory: no need to read them back
    if known is not None:
        applicants = sorted(
            (party for party in known
             if party.role == Party.Role.APPLICANT and (party.is_representative or not event.case.is_group)),
            key=lambda party: party.pk,
        )
    else:
        applicants = Party.objects.filter(case=event.case_id, role=Party.Role.APPLICANT).order_by("pk")
        if event.case.is_group:
            applicants = applicants.filter(is_representative=True)
    return [(party, line) for party in applicants if is_mobile(party.phone)]


def status_line(event: CaseEvent) -> str | None:
    """One short line on what happened to the dispute, or None when nothing the party would notice changed."""
    if event.move != Move.REGISTER and event.from_state == event.to_state and event.move not in HANDLER_MOVES:
        return None
    if event.move != Move.REGISTER and moved_on_since(event):
        return None  # steps taken in one go (a walk-in's triage, consent, assignment): told where the case ended
    case = event.case
    what = _what(case, event)
    if what is None:
        return None
    if case.channel == Channel.PORTAL and Submission.objects.filter(case=case).exists():
        tail = _("Call 12348 or check progress online with your tracking code.")
    else:
        tail = _("Call 12348 to ask about progress.")
    return _("[jiefen] Your dispute (%(number)s) %(what)s %(tail)s") % {
        "number": case.number, "what": what, "tail": tail,
    }


def moved_on_since(event: CaseEvent) -> bool:
    """The case has changed state again after ``event`` (both committed by the time the handlers run)."""
    return CaseEvent.objects.filter(case=event.case_id, pk__gt=event.pk).exclude(from_state=F("to_state")).exists()


def _what(case: Case, event: CaseEvent) -> str | None:
    org = case.handling_org.name
    if event.move == Move.ESCALATE:
        return _("is now handled by %(org)s.") % {"org": org}
    state = event.to_state
    if state == State.ASSIGNED and case.mediator is not None:
        return _("will be mediated by %(mediator)s of %(org)s.") % {"mediator": case.mediator.name, "org": org}
    if state == State.TRANSFERRED and case.transferred_to is not None:
        return _("has been passed to %(agency)s, which handles it.") % {"agency": case.transferred_to.name}
    if state == State.MERGED and case.merged_into is not None:
        return _("is handled together with the same dispute, number %(other)s.") % {
            "other": case.merged_into.number
        }
    if state == State.REGISTERED:
        return _("has been received and will be handled by %(org)s.") % {"org": org}
    lines = {
        State.TRIAGED: _("has been examined; the way to handle it is being arranged."),
        State.ACCEPTED: _("is going to mediation; a mediator is being chosen."),
        State.IN_MEDIATION: _("is now in mediation."),
        State.RESOLVED: _("has reached a mediation agreement."),
        State.FAILED: _("did not reach an agreement in mediation; the next steps are being considered."),
        State.TERMINATION_REVIEW: _("is being reviewed before mediation ends."),
        State.CLOSED: _("is done."),
        State.TERMINATED: _("ended without agreement; you may still go to court or take another legal way."),
        State.REJECTED: _("was not accepted."),
        State.WITHDRAWN: _("has been withdrawn."),
    }
    return lines.get(state)


def link_line(record: ServiceRecord) -> str:
    url = settings.JIEFEN_PUBLIC_URL.rstrip("/") + reverse("portal:served", args=[record.token])
    return _(
        "[jiefen] %(org)s served you the %(document)s of your dispute (%(number)s). Open %(url)s and log in with "
        "this phone number to read it."
    ) % {
        "org": record.served_by_organisation, "document": record.get_document_display(),
        "number": record.case.number, "url": url,
    }


def send(event: CaseEvent, party: Party, text: str, *, by=None) -> StatusMessage:
    """Hand one message to the gateway and record the attempt, sent or not (never raises for the gateway)."""
    sent_at, error, gateway_id = sms.deliver(party.phone, text)
    if error:
        log.warning("text message for case %s not sent: %s", event.case_id, error)
    return StatusMessage.objects.create(
        case_id=event.case_id, party=party, event=event, text=text, sent_at=sent_at, error=error, resent_by=by,
        resent_by_name=(by.get_full_name() or by.get_username()) if by is not None else "", gateway_id=gateway_id,
    )


def messages_of(case: Case) -> list[StatusMessage]:
    """The case's messages, oldest first, each marked ``resendable`` when it failed and nothing went out since
    for the same event and party (the caller has already checked access to the case)."""
    delivered_later = StatusMessage.objects.filter(
        event=OuterRef("event"), party=OuterRef("party"), sent_at__isnull=False
    )
    rows = (
        StatusMessage.objects.filter(case=case).select_related("party").prefetch_related("receipts")
        .annotate(delivered=Exists(delivered_later)).order_by("at", "id")
    )
    for row in rows:
        row.resendable = row.sent_at is None and not row.delivered
    return list(rows)


def resend(actor, case: Case, message_pk) -> StatusMessage:
    """Send a failed message again, as it was written, to the party's number; for staff whose jurisdiction
    covers the case. Refused once the message (or an earlier resend of it) has gone out."""
    if staff_of(actor) is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    case = access_case(actor, case.pk)
    message = StatusMessage.objects.select_related("party", "event").filter(pk=message_pk, case=case).first()
    if message is None:
        raise Http404(_("No such message."))
    if StatusMessage.objects.filter(event=message.event, party=message.party, sent_at__isnull=False).exists():
        raise ValidationError(_("This message has already been sent."))
    if not is_mobile(message.party.phone):
        raise ValidationError(_("The party has no mobile number to send it to."))
    return send(message.event, message.party, message.text, by=actor)
