"""Likely duplicates: the same dispute brought twice, through the same or another channel, and the officer's answer.

A case is a likely duplicate of another when a party of both has the same ID number or phone number (compared by
their keyed digests, never decrypted), both were registered within 90 days of each other, and their descriptions
tell a similar story. The officer answers each suggestion: related (``link_cases``), not a duplicate
(``mark_distinct``), or the ``merge`` move; an answered pair is not suggested again.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, CaseLink, Party, State
from jiefen.cases.services import can_register, note_on_case
from jiefen.cases.workflow import LINKED, MARKED_DISTINCT
from jiefen.orgs.jurisdiction import staff_of

WINDOW = datetime.timedelta(days=90)

# Bigrams of the words every description repeats (who is who, "negotiated many times without result") say nothing
# about which dispute it is; without them two different disputes of the same neighbours score as alike.
BOILERPLATE = (
    "被申请人", "申请人", "来电人", "当事人", "多次", "协商", "未果", "双方", "要求", "反映", "纠纷", "至今", "一直",
    "对方", "邻居",
)
_NOT_TEXT = re.compile(r"[\W_]+")

# Similarity is the overlap coefficient of the descriptions' character bigrams (|A∩B| / min(|A|, |B|)): Chinese
# needs no segmenter for it, and a short retelling at the hotline still matches the long one written at the window,
# which Jaccard would punish for the length difference. On the pairs in tests/test_duplicates.py the same dispute
# told again scores 0.33–0.46 and a different dispute of the same person at most 0.21, hence 0.3. A retelling that
# shares no words at all ("the dog barks" vs "the animal makes noise") is missed: the shared party alone is not
# enough, or every later dispute of a frequent applicant would be flagged.
THRESHOLD = 0.3


def bigrams(text: str) -> frozenset[str]:
    text = _NOT_TEXT.sub(" ", text.lower())
    for word in BOILERPLATE:
        text = text.replace(word, " ")
    return frozenset(text[i : i + 2] for i in range(len(text) - 1) if " " not in text[i : i + 2])


def similarity(a: str, b: str) -> float:
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


@dataclass(frozen=True)
class Suggestion:
    """Another case that is likely the same dispute, and why: which party of this case matched on what."""

    case: Case
    party: Party
    matched_on: str  # "id_number" or "phone"
    similarity: float

    @property
    def masked_value(self) -> str:
        return self.party.masked_id_number if self.matched_on == "id_number" else self.party.masked_phone


def likely_duplicates(case: Case, *, user) -> list[Suggestion]:
    """The cases visible to ``user`` that are likely the same dispute as ``case``, most similar first.

    Three queries whatever the number of candidates: this case's parties, the other cases' parties sharing a digest
    (with their cases), and the links already answering a pair.
    """
    if case.state == State.MERGED:
        return []  # already answered: it goes on as the case it was merged into
    parties = list(case.parties.all())
    by_id = {party.id_digest: party for party in parties if party.id_digest}
    by_phone = {party.phone_digest: party for party in parties if party.phone_digest}
    if not by_id and not by_phone:
        return []
    matches = (
        Party.objects.visible_to(user)
        .filter(Q(id_digest__in=by_id) | Q(phone_digest__in=by_phone))
        .filter(
            case__registered_at__gte=case.registered_at - WINDOW,
            case__registered_at__lte=case.registered_at + WINDOW,
        )
        .exclude(case=case)
        .exclude(case__state=State.MERGED)
        .select_related("case", "case__handling_org")
        .only(
            "id_digest", "phone_digest", "case__number", "case__summary", "case__description", "case__channel",
            "case__state", "case__registered_at", "case__handling_org__name", "case__handling_org__code",
        )
        .order_by("case_id", "id")
    )
    found: dict[int, tuple[Case, Party, str]] = {}
    for match in matches:
        if match.case_id in found:
            continue
        if match.id_digest in by_id:
            found[match.case_id] = (match.case, by_id[match.id_digest], "id_number")
        else:
            found[match.case_id] = (match.case, by_phone[match.phone_digest], "phone")
    if not found:
        return []
    answered = set()
    for one, two in CaseLink.objects.filter(
        Q(case=case, other__in=found) | Q(other=case, case__in=found)
    ).values_list("case_id", "other_id"):
        answered.update((one, two))
    suggestions = []
    for pk, (other, party, matched_on) in found.items():
        if pk in answered or case.merged_into_id == pk:
            continue
        score = similarity(case.description, other.description)
        if score >= THRESHOLD:
            suggestions.append(Suggestion(other, party, matched_on, round(score, 2)))
    return sorted(suggestions, key=lambda suggestion: (-suggestion.similarity, suggestion.case.number))


def _check_answer(case: Case, other: Case, actor) -> None:
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    if not all(candidate.handling_org.is_within(staff.organisation) for candidate in (case, other)):
        raise Http404(_("No such case."))
    if not can_register(staff):
        raise PermissionDenied(_("Your post does not register disputes."))
    if case.pk == other.pk:
        raise ValidationError({"other": [_("A case cannot be linked to itself.")]})


def _answer(case: Case, other: Case, kind: str, event: str, actor, reason: str) -> CaseLink:
    with transaction.atomic():
        # Both cases locked, in a fixed order, so that two officers answering the same pair at once record it once.
        list(Case.objects.select_for_update().filter(pk__in=[case.pk, other.pk]).order_by("pk"))
        if CaseLink.objects.filter(
            Q(case=case, other=other) | Q(case=other, other=case), kind=kind
        ).exists():
            raise ValidationError({"other": [_("These two cases have already been answered this way.")]})
        link = CaseLink.objects.create(case=case, other=other, kind=kind, reason=reason, created_by=actor)
        note_on_case(case, event, actor=actor, reason=reason, payload={"other": other.number})
        note_on_case(other, event, actor=actor, reason=reason, payload={"other": case.number})
    return link


def link_cases(case: Case, other: Case, *, actor, reason: str = "") -> CaseLink:
    """Keep both cases apart but linked as related (same parties, connected matters); each timeline records it."""
    _check_answer(case, other, actor)
    return _answer(case, other, CaseLink.Kind.RELATED, LINKED, actor, reason.strip())


def mark_distinct(case: Case, other: Case, *, actor, reason: str) -> CaseLink:
    """Answer a suggestion as not a duplicate, saying why, so that the pair is not suggested again."""
    _check_answer(case, other, actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please say briefly why these are different disputes.")]})
    return _answer(case, other, CaseLink.Kind.DISTINCT, MARKED_DISTINCT, actor, reason)


def related_cases(case: Case, *, user):
    """The cases linked to ``case`` as related, in either direction, that ``user`` may open."""
    links = CaseLink.objects.filter(kind=CaseLink.Kind.RELATED).filter(Q(case=case) | Q(other=case))
    ids = {pk for pair in links.values_list("case_id", "other_id") for pk in pair} - {case.pk}
    return Case.objects.visible_to(user).filter(pk__in=ids)
