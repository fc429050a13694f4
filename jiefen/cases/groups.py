"""Group disputes (群体性纠纷): one lead case, many claimants, and each claimant's own outcome and amount.

The claimants are the case's applicants; ``ClaimantOutcome`` rows are append-only and the latest one per
claimant is their current outcome. ``parse_claimant_lines`` reads the list a window officer pastes from a
spreadsheet; the registration itself goes through ``services.register_case`` like every other case.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, ClaimantOutcome, Party
from jiefen.cases.services import access_case, note_on_case
from jiefen.cases.workflow import CLAIMANT_OUTCOME
from jiefen.core.validators import is_mobile, validate_resident_id
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Post

MAX_CLAIMANTS = 500
# The posts that deal with the claimants: the window, the mediators and the coordinators.
OUTCOME_POSTS = {Post.MEDIATION, Post.INTAKE, Post.COORDINATION}
# Comma, Chinese comma or tab: what a spreadsheet, a chat message or a typed list gives.
_SEPARATOR = re.compile(r"[,，\t]")


def parse_claimant_lines(text: str) -> tuple[list[dict], list[str]]:
    """Claimants from pasted lines ``name, resident ID, mobile[, amount claimed]``, as party data for
    ``register_case``, and the errors, each naming its line (blank lines are skipped but counted)."""
    claimants, errors, seen = [], [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        problems = []
        cells = [cell.strip() for cell in _SEPARATOR.split(line.strip())]
        if len(cells) not in (3, 4):
            errors.append(
                _("Line %(line)d: write name, resident ID number, mobile number and, if any, the amount claimed, "
                  "separated by commas.") % {"line": number}
            )
            continue
        name, id_number, phone = cells[0], cells[1].upper(), cells[2]
        amount = None
        if not name:
            problems.append(_("the name is missing."))
        elif len(name) > 128:
            problems.append(_("the name is longer than 128 characters."))
        try:
            validate_resident_id(id_number)
        except ValidationError as error:
            problems.extend(error.messages)
        if not is_mobile(phone):
            problems.append(_("enter an 11-digit mobile number (13812345678)."))
        if len(cells) == 4 and cells[3]:
            try:
                amount = Decimal(cells[3].removesuffix("元"))
                if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2 or amount >= 10**12:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(_("the amount claimed must be a number of yuan, not negative, at most two decimals."))
        if id_number in seen:
            problems.append(_("the same ID number as line %(line)d.") % {"line": seen[id_number]})
        seen.setdefault(id_number, number)
        errors += [_("Line %(line)d: %(problem)s") % {"line": number, "problem": problem} for problem in problems]
        claimants.append({
            "role": Party.Role.APPLICANT, "kind": Party.Kind.PERSON, "name": name, "id_number": id_number,
            "phone": phone, "claimed_amount": amount,
        })
    if len(claimants) > MAX_CLAIMANTS:
        errors.append(_("At most %(max)d claimants can be registered at once.") % {"max": MAX_CLAIMANTS})
    return claimants, errors


def claimant_parties(case: Case):
    return case.parties.filter(role=Party.Role.APPLICANT).order_by("-is_representative", "id")


def current_outcomes(case: Case) -> dict[int, ClaimantOutcome]:
    """Each claimant's latest outcome, by party id (claimants without one are absent)."""
    current = {}
    for outcome in case.claimant_outcomes.order_by("party", "-recorded_at", "-id"):
        current.setdefault(outcome.party_id, outcome)
    return current


@dataclass(frozen=True)
class Claimant:
    party: Party
    outcome: ClaimantOutcome | None


def claimants(case: Case, parties: list[Party] | None = None) -> list[Claimant]:
    """The claimants, representative first, each with their current outcome; from ``parties`` (all the case's
    parties) when the caller has them already, so that hundreds of claimants are not read and decrypted twice."""
    current = current_outcomes(case)
    if parties is None:
        applicants = claimant_parties(case)
    else:
        applicants = sorted(
            (party for party in parties if party.role == Party.Role.APPLICANT),
            key=lambda party: (not party.is_representative, party.pk),
        )
    return [Claimant(party, current.get(party.pk)) for party in applicants]


@dataclass(frozen=True)
class GroupSummary:
    claimants: int
    pending: int  # no outcome recorded yet
    counts: dict[str, int] = field(default_factory=dict)  # outcome value → claimants whose current outcome it is
    total_claimed: Decimal = Decimal("0")
    total_obtained: Decimal = Decimal("0")

    def count_items(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in ClaimantOutcome.Outcome.choices]


def group_summary(case: Case, rows: list[Claimant] | None = None) -> GroupSummary:
    """Counts per current outcome and the sums claimed and obtained; ``rows`` saves reading ``claimants`` again."""
    rows = claimants(case) if rows is None else rows
    counts = Counter(row.outcome.outcome for row in rows if row.outcome)
    return GroupSummary(
        claimants=len(rows),
        pending=sum(row.outcome is None for row in rows),
        counts=dict(counts),
        total_claimed=sum((row.party.claimed_amount or Decimal("0") for row in rows), Decimal("0")),
        total_obtained=sum(
            (row.outcome.amount or Decimal("0") for row in rows if row.outcome), Decimal("0")
        ),
    )


def may_record_outcomes(staff) -> bool:
    return staff is not None and staff.post in OUTCOME_POSTS


def _checked_case(case: Case, actor) -> Case:
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    case = access_case(actor, case.pk)
    if not may_record_outcomes(staff):
        raise PermissionDenied(_("Your post does not record the claimants' outcomes."))
    if not case.is_group:
        raise Http404(_("This case is not a group dispute."))
    if not case.is_open:
        raise ValidationError(
            {"case": [_("Outcomes are recorded while the case is open; this one is “%(state)s”.")
                      % {"state": case.get_state_display()}]}
        )
    return case


def _outcome_row(case, party, outcome, amount, note, actor) -> ClaimantOutcome:
    errors = {}
    if party.case_id != case.pk or party.role != Party.Role.APPLICANT:
        errors["party"] = [_("%(name)s is not a claimant of this case.") % {"name": party.name}]
    if outcome not in ClaimantOutcome.Outcome.values:
        errors["outcome"] = [_("Choose one of the outcomes offered.")]
    if amount is None and outcome == ClaimantOutcome.Outcome.PAID:
        amount = party.claimed_amount  # paid in full: the amount claimed, unless told otherwise
    if amount is not None and amount < 0:
        errors["amount"] = [_("The amount cannot be negative.")]
    elif amount is None and outcome in (ClaimantOutcome.Outcome.PAID, ClaimantOutcome.Outcome.PARTLY_PAID):
        errors["amount"] = [_("Enter the amount %(name)s obtained.") % {"name": party.name}]
    if errors:
        raise ValidationError(errors)
    row = ClaimantOutcome(
        case=case, party=party, outcome=outcome, amount=amount, note=note.strip(), recorded_by=actor
    )
    row.full_clean(exclude=["case", "party", "recorded_by"])
    return row


def _payload(row: ClaimantOutcome) -> dict:
    return {"outcome": row.outcome, "amount": str(row.amount) if row.amount is not None else None}


def record_outcome(case: Case, party: Party, outcome: str, amount: Decimal | None, note: str, actor) -> ClaimantOutcome:
    """Record what one claimant obtained; the earlier records stay, the latest is current. Raises Http404 (case out
    of reach or not a group dispute), PermissionDenied (post) or ValidationError (input)."""
    case = _checked_case(case, actor)
    row = _outcome_row(case, party, outcome, amount, note, actor)
    with transaction.atomic():
        row.save()
        note_on_case(case, CLAIMANT_OUTCOME, actor=actor, reason=row.note,
                     payload={"claimant": party.name, **_payload(row)})
    return row


def record_outcomes_in_bulk(
    case: Case, parties: list[Party], outcome: str, amount: Decimal | None, note: str, actor
) -> list[ClaimantOutcome]:
    """The same outcome for each of ``parties`` (“paid in full” gives each their own amount claimed), all or none.

    One timeline event names them all: a line per claimant would bury the rest of the case's history.
    """
    case = _checked_case(case, actor)
    if not parties:
        raise ValidationError({"parties": [_("Tick at least one claimant.")]})
    rows = [_outcome_row(case, party, outcome, amount, note, actor) for party in parties]
    with transaction.atomic():
        ClaimantOutcome.objects.bulk_create(rows)
        note_on_case(case, CLAIMANT_OUTCOME, actor=actor, reason=note.strip(), payload={
            "claimant": "、".join(party.name for party in parties), "claimants": len(parties),
            "outcome": outcome,
            "amount": str(sum((row.amount or Decimal("0") for row in rows), Decimal("0"))),
        })
    return rows
