"""Urges by text message to a contact of the registry at an agency off the platform, through the pluggable sender
(``portal.sms.deliver``). Every attempt is an ``UrgeMessage``, sent or refused by the gateway with its error; a
refusal never undoes the urge, and the coordinator may send it again."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from jiefen.cases.services import access_case
from jiefen.core.validators import is_mobile
from jiefen.orgs.jurisdiction import staff_of
from jiefen.portal import sms
from jiefen.supervision import matters
from jiefen.supervision.models import Urge, UrgeMessage

log = logging.getLogger(__name__)

# Official messages go out in Chinese, whatever language the coordinator reads; the gateway takes 255 characters.
LANGUAGE = "zh-hans"
MAX_TEXT = 255


def _template(urge: Urge) -> str:
    if urge.notarial_request_id:
        return _("[jiefen] %(org)s urges the notarisation of the agreement of case %(number)s (%(summary)s): "
                 "%(content)s%(by)s%(phone)s")
    if urge.court_application_id:
        return _("[jiefen] %(org)s urges the judicial confirmation of the agreement of case %(number)s "
                 "(%(summary)s): %(content)s%(by)s%(phone)s")
    return _("[jiefen] %(org)s urges case %(number)s (%(summary)s) it transferred to you: %(content)s%(by)s%(phone)s")


def urge_text(urge: Urge) -> str:
    """The message: who urges which case (or its agreement), what is asked, by when, and the number to answer on."""
    staff = staff_of(urge.urged_by)
    phone = (staff.phone or staff.organisation.phone) if staff is not None else ""
    with translation.override(LANGUAGE):
        parts = {
            "org": urge.organisation_name, "number": urge.case.number, "summary": urge.case.summary,
            "by": _(" Please answer by %(day)s.") % {"day": f"{urge.reply_by:%Y-%m-%d}"} if urge.reply_by else "",
            "phone": _(" Answer on %(phone)s (%(name)s).") % {"phone": phone, "name": urge.urged_by_name}
            if phone else "",
        }
        template = _template(urge)
        room = MAX_TEXT - len(template % {**parts, "content": ""})
        content = urge.content if len(urge.content) <= room else urge.content[: max(room - 1, 0)] + "…"
        return (template % {**parts, "content": content})[:MAX_TEXT]


def send_urge(urge: Urge, actor) -> UrgeMessage:
    """Text ``urge`` to its contact and record the attempt (never raises for the gateway)."""
    text = urge_text(urge)
    sent_at, error, _gateway_id = sms.deliver(urge.agency_contact.mobile, text)
    if error:
        log.warning("urge %s of case %s not texted: %s", urge.pk, urge.case_id, error)
    return UrgeMessage.objects.create(
        urge=urge, contact=urge.agency_contact, text=text, sent_at=sent_at, error=error, sent_by=actor,
    )


def resend_urge(actor, case, urge_pk) -> UrgeMessage:
    """Send an urge whose text message failed again, to its contact; for the coordinators of the jurisdiction, while
    its matter waits for the agency. Refused once a message of the urge has gone out."""
    from jiefen.supervision.services import URGING_POSTS

    case = access_case(actor, case.pk)
    staff = staff_of(actor)
    if staff is None or staff.post not in URGING_POSTS:
        raise PermissionDenied(_("Your post may not do this."))
    urge = Urge.objects.select_related("case", "agency_contact").filter(pk=urge_pk, case=case).first()
    if urge is None or urge.agency_contact is None:
        raise Http404(_("No such text message."))
    if not matters.waits(urge):
        raise ValidationError(_("The case no longer waits for the agency's result."))
    if urge.messages.filter(sent_at__isnull=False).exists():
        raise ValidationError(_("This urge has already been sent."))
    if not is_mobile(urge.agency_contact.mobile):
        raise ValidationError(_("The contact has no mobile number to send it to."))
    return send_urge(urge, actor)
