"""The agencies a case may be transferred to or its agreement handed to, as supervision reaches them.

An agency on the platform (its staff have accounts) sees the urges addressed to it on its staff's queue and answers
there. An agency off the platform is reached by a text message to a contact of the registry (``AgencyContact``,
kept by administrators). Either way, an urge is open until an answer names it, and only while its matter
(``matters``) still waits for that agency's result.
"""

import datetime

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from jiefen.core.validators import is_mobile
from jiefen.orgs.jurisdiction import jurisdiction_q, staff_of
from jiefen.orgs.models import Post, Staff
from jiefen.supervision import matters
from jiefen.supervision.models import AGENCY_KINDS, AgencyAnswer, AgencyContact, Urge


def on_platform(agency) -> bool:
    """Whether anyone works for ``agency`` on the platform: its urges then wait on their queue."""
    return Staff.objects.filter(organisation=agency, user__is_active=True).exclude(post=Post.GRID).exists()


def contacts_of(agency) -> list[AgencyContact]:
    """The active contacts of the registry at ``agency``."""
    return list(AgencyContact.objects.filter(agency=agency, is_active=True))


def textable(contacts) -> list[AgencyContact]:
    """Those of ``contacts`` a text message reaches: a mobile, not a landline or nothing."""
    return [contact for contact in contacts if is_mobile(contact.mobile)]


def agency_of(user):
    """The agency ``user`` works for (an arbitration commission, a notary office, a court, an administrative organ),
    or None for anyone else."""
    staff = staff_of(user)
    if staff is None or staff.post == Post.GRID or staff.organisation.kind not in AGENCY_KINDS:
        return None
    return staff.organisation


def unanswered(urges: QuerySet) -> QuerySet:
    """The open ones of ``urges``: no answer names them, and their matter still waits for the agency urged."""
    return urges.filter(matters.still_open_q()).exclude(Exists(AgencyAnswer.objects.filter(urge=OuterRef("pk"))))


def urges_to(user) -> QuerySet:
    """The open urges addressed to the agency ``user`` works for: the answer wanted soonest first, then the oldest."""
    agency = agency_of(user)
    if agency is None:
        return Urge.objects.none()
    return (
        unanswered(Urge.objects.filter(agency=agency))
        .select_related("case", "case__handling_org", "notarial_request", "court_application")
        .order_by(F("reply_by").asc(nulls_last=True), "at", "id")
    )


def overdue_urges(user, today: datetime.date | None = None) -> QuerySet:
    """The open urges of ``user``'s jurisdiction whose answer was wanted by a day now past: the oldest first."""
    today = today or timezone.localdate()
    return (
        unanswered(Urge.objects.filter(jurisdiction_q(user, "case__handling_org"), reply_by__lt=today))
        .select_related("case")
        .order_by("reply_by", "at", "id")
    )
