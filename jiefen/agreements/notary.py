"""The notary office on the platform: its staff find the agreements handed to their office on their queue, open what
the notarisation needs (the agreement's text and PDF, the parties' names and their confirmations) and record the
office's steps there, each a note on the case's timeline under their name.

They reach a request only through their office (404 for any other, as for the urges addressed to an agency): the
case page stays closed to them, as their jurisdiction (the office's subtree) never covers the case.
"""

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiefen.agreements import services
from jiefen.agreements.models import NotarialRequest
from jiefen.orgs.models import Organisation
from jiefen.supervision import agencies


def office_of(user) -> Organisation | None:
    """The notary office ``user`` works for, None for anyone else."""
    agency = agencies.agency_of(user)
    return agency if agency is not None and agency.kind == Organisation.Kind.NOTARY else None


def requests_to(user) -> QuerySet:
    """The open requests addressed to the user's notary office, the longest waiting first."""
    office = office_of(user)
    if office is None:
        return NotarialRequest.objects.none()
    return (
        NotarialRequest.objects.filter(notary=office, status__in=NotarialRequest.OPEN)
        .select_related("case", "case__handling_org", "requested_by")
        .order_by("requested_on", "id")
    )


def request_for(user, pk) -> NotarialRequest:
    """A request addressed to the user's notary office, open or answered; Http404 for any other, and for anyone
    who does not work for a notary office."""
    office = office_of(user)
    try:
        found = NotarialRequest.objects.select_related("case", "agreement", "notary", "requested_by").filter(
            pk=int(pk), notary=office
        ).first() if office is not None else None
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise Http404(_("No such request."))
    return found


def record_step(user, pk, status: str, *, on: datetime.date, certificate_number: str = "",
                note: str = "") -> NotarialRequest:
    """The office's own step on a request addressed to it: accepted, notarised with the certificate's number, or
    refused with the reason."""
    request = request_for(user, pk)
    return services.record_notary_step(request, user, status, on=on, certificate_number=certificate_number,
                                       note=note)
