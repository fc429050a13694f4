"""The proposal for a case (issue 5): category and field from the classifier, risk, complexity, route, statutes
and similar closed cases, stored as one append-only ``Proposal`` with its reasons; a red one alerts the
coordinator and the assessor at once. Proposals of new cases are made by the background worker (``tasks``, queued
by ``hooks.on_case_event``); the staff's answer at the triage move is stored by ``hooks.record_decision``.
"""

from django.db import transaction

from jiefen.cases.models import Case, State
from jiefen.cases.services import note_on_case
from jiefen.cases.workflow import RISK_ALERT
from jiefen.core.taxonomy import Risk
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Staff
from jiefen.triage import classifier
from jiefen.triage.complexity import grade_case
from jiefen.triage.hooks import ALERTED_POSTS
from jiefen.triage.models import Alert, AlertRecipient, Proposal
from jiefen.triage.risk import assess_case, case_text
from jiefen.triage.routing import crossing_of, route

STATUTES = 10
NO_LIBRARY_NOTE = "法律库尚未导入，未推荐法条"
# Similar cases: the latest closed cases of the jurisdiction read (a bound on the work), shown, and the least
# character-bigram overlap (Jaccard) worth showing.
SIMILAR_POOL = 300
SIMILAR_SHOWN = 3
SIMILAR_MIN = 0.08


def bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)}


# The bigram sets of the closed cases last compared, by case id, with the text they were made from: each proposal
# reads up to SIMILAR_POOL of them, mostly the same ones, and making the sets cost more than comparing them. A case
# whose text changed since gets a new set; the cache holds a few pools' worth and is emptied when full.
_BIGRAM_CACHE_SIZE = 4 * SIMILAR_POOL
_bigram_cache: dict[int, tuple[str, frozenset[str]]] = {}


def _bigrams_of_case(case_id: int, text: str) -> frozenset[str]:
    cached = _bigram_cache.get(case_id)
    if cached is not None and cached[0] == text:
        return cached[1]
    if len(_bigram_cache) >= _BIGRAM_CACHE_SIZE:
        _bigram_cache.clear()
    grams = frozenset(bigrams(text))
    _bigram_cache[case_id] = (text, grams)
    return grams


def similar_cases(case: Case, text: str, actor=None) -> list[dict]:
    """Closed cases of the actor's jurisdiction (the case's organisation when the actor has none) whose text
    shares the most character bigrams with ``text``."""
    if staff_of(actor) is not None:
        closed = Case.objects.visible_to(actor)
    else:
        closed = Case.objects.filter(handling_org__path__startswith=case.handling_org.path)
    pool = (
        closed.filter(state=State.CLOSED).exclude(pk=case.pk).order_by("-registered_at")
        .values("id", "number", "summary", "description", "category")[:SIMILAR_POOL]
    )
    mine = bigrams(text)
    scored = []
    for row in pool:
        theirs = _bigrams_of_case(row["id"], f"{row['summary']}\n{row['description']}")
        if not mine or not theirs:
            continue
        score = len(mine & theirs) / len(mine | theirs)
        if score >= SIMILAR_MIN:
            scored.append({"id": row["id"], "number": row["number"], "summary": row["summary"],
                           "category": row["category"], "score": round(score, 3)})
    scored.sort(key=lambda row: -row["score"])
    return scored[:SIMILAR_SHOWN]


def statutes_for(text: str, category: str, limit: int = STATUTES) -> tuple[list[dict], str]:
    """The library's most relevant articles for a text of ``category`` (the articles lawyers cite for such disputes
    weigh in), or none and a note when the library is not loaded."""
    from jiefen.knowledge.search import library_index

    index = library_index()
    if not index.rows:
        return [], NO_LIBRARY_NOTE
    return [
        {"citation": r.citation, "text": r.text, "score": round(float(r.score), 3), "matched": list(r.matched),
         "asked": list(r.asked)}
        for r in index.rank(text, limit, category)
    ], ""


def propose(case: Case, *, actor, trigger: str = Proposal.Trigger.ON_DEMAND) -> Proposal:
    """Make and store the proposal for ``case``; ``actor`` (who registered or asked) signs the alert's timeline
    line. A red proposal alerts at once."""
    text = case_text(case)
    result = classifier.classify(text)
    risk = assess_case(case, text)
    crossing = crossing_of(case)
    complexity = grade_case(case, result.category, text, risk=risk.colour, crossing=crossing.level)
    where = route(case, result.category, complexity.grade, risk.colour, crossing)
    statutes, statute_note = statutes_for(text, result.category)
    similar = similar_cases(case, text, actor)
    reasons = {
        "classification": {
            "explanation": result.explanation(), "evidence": result.evidence,
            "field_probability": result.field_probability,
        },
        "risk": {**risk.as_dict(), "explanation": risk.explanation()},
        "complexity": {**complexity.as_dict(), "explanation": complexity.explanation()},
        "route": where.as_dict(),
        "statutes": statute_note or f"按案情文字检索法律库，取前{len(statutes)}条",
        "similar_cases": "按字二元组重合度（Jaccard）比对本辖区已结案件" if similar else "本辖区无相似的已结案件",
    }
    with transaction.atomic():
        proposal = Proposal.objects.create(
            case=case, trigger=trigger, model_version=result.model_version, category=result.category,
            category_probability=result.category_probability, field=result.field, complexity=complexity.grade,
            risk=risk.colour, risk_signals=risk.names, method=where.method, organisation=where.organisation,
            level=where.level, mediator=where.mediator, deadline=where.deadline,
            deadline_basis=where.deadline_basis[:200], statutes=statutes, similar_cases=similar, reasons=reasons,
            requested_by=actor if trigger == Proposal.Trigger.ON_DEMAND else None,
        )
        if proposal.risk == Risk.RED:
            raise_alert(proposal, actor=actor)
    return proposal


def alert_recipients(case: Case) -> list[Staff]:
    """The coordinators and assessors nearest the case: of its organisation, or else of the nearest organisation
    above it that has that post (a village station has neither; its township has both)."""
    staff = list(
        Staff.objects.filter(organisation__path__in=case.handling_org.ancestor_paths(), post__in=ALERTED_POSTS)
        .select_related("user", "organisation")
    )
    chosen = []
    for post in ALERTED_POSTS:
        holders = [s for s in staff if s.post == post]
        if holders:
            nearest = max(len(s.organisation.path) for s in holders)
            chosen += [s for s in holders if len(s.organisation.path) == nearest]
    return chosen


def raise_alert(proposal: Proposal, *, actor) -> Alert:
    """Alert the coordinator and the assessor, and say so on the case's timeline."""
    case = proposal.case
    alert = Alert.objects.create(case=case, proposal=proposal, risk=proposal.risk, signals=proposal.risk_signals)
    recipients = alert_recipients(case)
    AlertRecipient.objects.bulk_create([
        AlertRecipient(
            alert=alert, user=s.user, name=s.user.get_full_name() or s.user.get_username(), post=s.post,
            organisation=s.organisation.name,
        )
        for s in recipients
    ])
    note_on_case(
        case, RISK_ALERT, actor=actor, reason=proposal.reasons["risk"]["explanation"],
        payload={"risk": proposal.risk, "signals": proposal.risk_signals, "alert": alert.pk,
                 "recipients": [r.user.get_full_name() or r.user.get_username() for r in recipients]},
    )
    return alert
