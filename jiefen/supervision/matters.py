"""What a case waits for from an agency, as supervision follows it (a matter): the case itself, transferred to the
agency; its agreement, with a notary office for notarisation with enforcement effect; or its application for
judicial confirmation, with the court (filed or accepted, not yet ruled on).

A matter is open until the agency's result is recorded: the ``report_result`` move for a transfer; the notary
office's certificate or refusal; the court's ruling, or the parties' withdrawal. An urge and an answer are about
one matter, and an urge is open while its matter is and no answer names it.
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.cases.models import State
from jiefen.orgs.models import Organisation

TRANSFER, NOTARIAL, COURT = "transfer", "notarial", "court"
# The field of an urge or an answer that names a matter of the kind (a transfer is named by none).
LINK_FIELD = {NOTARIAL: "notarial_request", COURT: "court_application"}


@dataclass(frozen=True)
class Matter:
    kind: str
    agency: Organisation
    row: NotarialRequest | CourtApplication | None = None

    @property
    def key(self) -> str:
        """How forms and the API name the matter: ``transfer``, ``notarial-<id>``, ``court-<id>``."""
        return self.kind if self.row is None else f"{self.kind}-{self.row.pk}"

    @property
    def label(self) -> str:
        if self.kind == NOTARIAL:
            return _("Notarisation of the agreement by %(agency)s") % {"agency": self.agency.name}
        if self.kind == COURT:
            return _("Judicial confirmation of the agreement by %(agency)s") % {"agency": self.agency.name}
        return _("The case, transferred to %(agency)s") % {"agency": self.agency.name}

    @property
    def links(self) -> dict:
        """The fields of an urge or an answer that name the matter."""
        return {LINK_FIELD[self.kind]: self.row} if self.kind in LINK_FIELD else {}


def open_matters(case, *, kinds=(TRANSFER, NOTARIAL, COURT)) -> list[Matter]:
    """The case's open matters of ``kinds``: the transfer first, then the agreement's with the notary and court."""
    found = []
    if TRANSFER in kinds and case.state == State.TRANSFERRED and case.transferred_to_id:
        found.append(Matter(TRANSFER, case.transferred_to))
    if NOTARIAL in kinds:
        found += [
            Matter(NOTARIAL, row.notary, row)
            for row in NotarialRequest.objects.filter(case=case, status__in=NotarialRequest.OPEN)
            .select_related("notary").order_by("id")
        ]
    if COURT in kinds:
        found += [
            Matter(COURT, row.court, row)
            for row in CourtApplication.objects.filter(case=case, status__in=CourtApplication.WITH_THE_COURT)
            .select_related("court").order_by("id")
        ]
    return found


def chosen(case, key: str = "") -> Matter | None:
    """The open matter ``key`` names; without a key, the case's only open matter (None when it has several)."""
    matters = open_matters(case)
    if not key:
        return matters[0] if len(matters) == 1 else None
    return next((matter for matter in matters if matter.key == key), None)


def key_of(*, notarial_request: int | None = None, court_application: int | None = None) -> str:
    """The key of the matter the API names by its row's id ("" for the case's only open matter)."""
    if notarial_request is not None:
        return f"{NOTARIAL}-{notarial_request}"
    if court_application is not None:
        return f"{COURT}-{court_application}"
    return ""


def matter_of(urge) -> Matter:
    """The matter an urge is about."""
    if urge.notarial_request_id:
        return Matter(NOTARIAL, urge.agency, urge.notarial_request)
    if urge.court_application_id:
        return Matter(COURT, urge.agency, urge.court_application)
    return Matter(TRANSFER, urge.agency)


def waits(urge) -> bool:
    """Whether the urge's matter still waits for the agency urged (whether or not the urge was answered)."""
    if urge.notarial_request_id:
        return urge.notarial_request.status in NotarialRequest.OPEN
    if urge.court_application_id:
        return urge.court_application.status in CourtApplication.WITH_THE_COURT
    return urge.case.state == State.TRANSFERRED and urge.case.transferred_to_id == urge.agency_id


def still_open_q() -> Q:
    """Urges whose matter is still open, as a filter of ``Urge`` rows."""
    return (
        Q(notarial_request__isnull=True, court_application__isnull=True, case__state=State.TRANSFERRED,
          case__transferred_to=F("agency"))
        | Q(notarial_request__status__in=NotarialRequest.OPEN)
        | Q(court_application__status__in=CourtApplication.WITH_THE_COURT)
    )


def about_transfer_q(prefix: str = "") -> Q:
    """Urges or answers (``prefix``: the path to them, e.g. ``urges__``) about a transfer, not an agreement."""
    return Q(**{f"{prefix}notarial_request__isnull": True, f"{prefix}court_application__isnull": True})
