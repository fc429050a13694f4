"""Everything that changes referrals and webhook deliveries. Views, the API, the worker command and the tests
call these functions.

- ``refer``: a dispute referred by a sender, registered through ``cases.services.register_case`` (the one
  registration procedure), with the sender remembered in a ``Referral``; an ``Idempotency-Key`` makes it once.
- ``on_case_event`` (in ``settings.JIEFEN_CASE_EVENT_HANDLERS``): every event of a referred case becomes a
  pending ``Delivery`` for its sender; ``enqueue_missing`` catches up on any the handler missed (a crash between
  the commit and the handler).
- ``deliver_due``: one worker pass. Each due row is claimed by a conditional UPDATE (the Healthchecks way: no
  row locks; 0 rows updated means another worker has it), posted signed, and its attempt logged; a failure is
  retried after 1 min, 5 min, 30 min, 2 h and 12 h, then the delivery is marked failed.
- ``replay``: a liaison sends a delivery again.
"""

import datetime
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import CaseEvent, ReferralKind
from jiefen.cases.services import register_case
from jiefen.cases.workflow import INTERNAL_EVENTS
from jiefen.core.idempotency import KeyReused, run_once
from jiefen.exchange.models import REFERRAL_CHANNELS, SCHEMA, Delivery, DeliveryAttempt, Referral, Replay, Sender
from jiefen.exchange.results import RESULT_MOVES, result_of
from jiefen.exchange.signing import signed_headers
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Post

log = logging.getLogger(__name__)

BACKOFF = [
    datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2), datetime.timedelta(hours=12),
]
# A claimed row is due again after this long: a worker that died while posting does not lose the delivery.
CLAIM_LEASE = datetime.timedelta(minutes=2)
TIMEOUT_S = 5.0
BATCH = 100


def is_liaison(user) -> bool:
    staff = staff_of(user)
    return staff is not None and staff.post == Post.LIAISON


def may_read_deliveries(user) -> bool:
    """Liaisons manage the deliveries; coordinators, who supervise the cases, may read what senders were told."""
    staff = staff_of(user)
    return staff is not None and staff.post in (Post.LIAISON, Post.COORDINATION)


def _require_liaison(user):
    if not is_liaison(user):
        raise PermissionDenied(_("Only liaison staff (综合岗) take referrals in and manage webhook deliveries."))


def senders_for(user):
    """The active senders whose referrals the user's jurisdiction receives."""
    return Sender.objects.visible_to(user).filter(is_active=True)


def refer(
    *, actor, sender: Sender, place, summary: str, description: str, parties: list[dict], claims: str = "",
    amount: Decimal | None = None, referral_kind: str = "", external_reference: str = "",
    idempotency_key: str | None = None, through: str = "ui", request_fingerprint=None,
) -> tuple[Referral, bool]:
    """Register a dispute ``sender`` referred, handled by the sender's receiving organisation. Returns the
    referral and whether it was created now (False: the ``idempotency_key`` was seen before, nothing new)."""
    _require_liaison(actor)
    if not sender.is_active or not senders_for(actor).filter(pk=sender.pk).exists():
        raise ValidationError({"sender": [_("This sender does not refer disputes to your organisation.")]})
    errors = {}
    if referral_kind and sender.kind != Sender.Kind.COURT:
        errors["referral_kind"] = [_("Only a court refers a dispute as delegated (委派) or entrusted (委托).")]
    if sender.kind == Sender.Kind.COURT and referral_kind not in ReferralKind.values:
        errors["referral_kind"] = [_("Say whether the court delegates (委派) or entrusts (委托) the dispute.")]
    if sender.kind == Sender.Kind.COURT and not external_reference.strip():
        errors["external_reference"] = [_("Give the court's case number.")]
    if errors:
        raise ValidationError(errors)

    def work() -> Referral:
        with transaction.atomic():
            case = register_case(
                actor=actor, handling_org=sender.organisation, place=place, summary=summary,
                description=description, parties=parties, claims=claims, amount=amount, channel=sender.channel,
                referral_kind=referral_kind, external_reference=external_reference.strip(),
            )
            return Referral.objects.create(
                case=case, sender=sender, referral_kind=referral_kind,
                external_reference=external_reference.strip(), referred_by=actor, through=through,
            )

    if not idempotency_key:
        return work(), True
    if len(idempotency_key) > 128:
        raise ValidationError({"Idempotency-Key": [_("An Idempotency-Key has at most 128 characters.")]})
    fingerprint = request_fingerprint if request_fingerprint is not None else {
        "sender": sender.pk, "place": place.pk, "summary": summary, "description": description,
        "parties": parties, "claims": claims, "amount": amount, "referral_kind": referral_kind,
        "external_reference": external_reference,
    }
    try:
        pk, created = run_once(f"exchange.refer:{actor.pk}", idempotency_key, fingerprint, work)
    except KeyReused:
        raise ValidationError(
            {"Idempotency-Key": [_("This Idempotency-Key was already used for a different referral.")]}
        ) from None
    return Referral.objects.select_related("case", "sender").get(pk=pk), created


# Telling the sender


def payload_for(event: CaseEvent, referral: Referral) -> dict:
    case = event.case
    return {
        "schema": SCHEMA,
        "event": event.pk,
        "sender": referral.sender.code,
        "case": case.number,
        "external_reference": referral.external_reference,
        "referral_kind": referral.referral_kind,
        "move": event.move,
        "from_state": event.from_state or None,
        "to_state": event.to_state,
        "at": event.at.isoformat(),
        "reason": event.reason,
        "deadline": (event.payload or {}).get("deadline"),
        # The moves that end mediation carry its result: the agreement, or the failure and the undisputed facts.
        **({"result": result_of(case)} if event.move in RESULT_MOVES else {}),
    }


def _enqueue(events, now) -> int:
    rows = []
    for event in events:
        referral = getattr(event.case, "referral", None)
        if referral is None or not referral.sender.webhook_url:
            continue
        rows.append(Delivery(
            sender=referral.sender, case=event.case, event=event, payload=payload_for(event, referral),
            next_attempt_at=now,
        ))
    # One delivery per event and sender (a unique constraint): the handler and the catch-up never double one.
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def on_case_event(event: CaseEvent) -> None:
    """Handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``: queue the event for the case's sender, if any."""
    if event.case.channel not in REFERRAL_CHANNELS or event.move in INTERNAL_EVENTS:
        return  # only referrals have a sender (most events cost no query here), and internal notes stay inside
    try:
        events = CaseEvent.objects.filter(pk=event.pk, case__referral__isnull=False).select_related(
            "case__referral__sender"
        )
        _enqueue(events, timezone.now())
    except Exception:  # the move has committed; the worker's catch-up queues what this missed
        log.exception("could not queue webhook for case event %s", event.pk)


def enqueue_missing(now=None) -> int:
    """Queue the events of referred cases that have no delivery yet (the handler runs after commit and could
    have been missed by a crash)."""
    events = (
        CaseEvent.objects.filter(case__referral__isnull=False)
        .exclude(move__in=INTERNAL_EVENTS)
        .exclude(case__referral__sender__webhook_url="")
        .exclude(deliveries__isnull=False)
        .select_related("case__referral__sender")
        .order_by("pk")[:BATCH]
    )
    return _enqueue(list(events), now or timezone.now())


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer, not a success: the receiver's URL is wrong


_opener = urllib.request.build_opener(_NoRedirects)


def claim(delivery: Delivery, now) -> uuid.UUID | None:
    """Take ``delivery`` for this worker: a conditional UPDATE on the token the row had when it was read. None when
    another worker (or a replay) changed it first."""
    token = uuid.uuid4()
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.PENDING, next_attempt_at__lte=now, claim_token=delivery.claim_token
    ).update(claim_token=token, next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    return token if updated else None


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _post(delivery: Delivery, timeout: float) -> tuple[int | None, str]:
    body = body_of(delivery)
    request = urllib.request.Request(
        delivery.sender.webhook_url, data=body, method="POST",
        headers={**signed_headers(delivery.sender.secret, body, delivery.pk), "User-Agent": "jiefen-webhooks/1"},
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(error).__name__}: {reason}"[:500]


def attempt(delivery: Delivery, token: uuid.UUID, now, timeout: float = TIMEOUT_S) -> DeliveryAttempt:
    """Post a claimed delivery once, log the attempt and set what follows: delivered, a retry, or failed."""
    started = time.monotonic()
    code, error = _post(delivery, timeout)
    duration = int((time.monotonic() - started) * 1000)
    succeeded = code is not None and 200 <= code < 300
    if code is not None and not succeeded:
        error = _("The receiver answered %(code)s.") % {"code": code}
    delivery.refresh_from_db(fields=["attempts", "failures"])
    record = DeliveryAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, at=now, duration_ms=duration, status_code=code, error=error,
        succeeded=succeeded,
    )
    mine = Delivery.objects.filter(pk=delivery.pk, claim_token=token)
    if succeeded:
        mine.update(status=Delivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None, failures=0)
    elif delivery.failures < len(BACKOFF):
        mine.update(next_attempt_at=now + BACKOFF[delivery.failures], failures=F("failures") + 1)
    else:
        mine.update(status=Delivery.Status.FAILED, next_attempt_at=None, failures=F("failures") + 1)
    return record


def deliver_due(now=None, *, timeout: float = TIMEOUT_S, limit: int = BATCH) -> int:
    """One worker pass: queue missed events, then post every delivery due at ``now``. Returns how many this
    worker posted. Safe to run in several processes at once: each delivery is posted by the one that claims it."""
    now = now or timezone.now()
    enqueue_missing(now)
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("sender").order_by("next_attempt_at", "pk")[:limit]
    )
    sent = 0
    for delivery in list(due):
        token = claim(delivery, now)
        if token is None:
            continue  # another worker got it
        attempt(delivery, token, now, timeout)
        sent += 1
    return sent


def sender_by_code(code: str) -> Sender:
    sender = Sender.objects.filter(code=code).first()
    if sender is None:
        raise ValidationError({"sender": [_("There is no sender with this code.")]})
    return sender


def access_referral(user, pk) -> Referral:
    """The referral if the user's jurisdiction covers its case; otherwise 404, as if it did not exist."""
    try:
        return Referral.objects.visible_to(user).select_related(
            "sender", "case__place", "case__handling_org", "case__mediator", "case__transferred_to"
        ).prefetch_related("case__parties").get(pk=int(pk))
    except (Referral.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(_("No such referral.")) from None


def access_delivery(user, pk) -> Delivery:
    try:
        return Delivery.objects.visible_to(user).select_related("sender", "case").get(pk=pk)
    except (Delivery.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such delivery.")) from None


def replay(*, actor, delivery: Delivery) -> Replay:
    """Queue ``delivery`` to be sent again now (whatever its status), and record who asked."""
    _require_liaison(actor)
    delivery = access_delivery(actor, delivery.pk)
    with transaction.atomic():
        # A new token: a worker still posting the old claim cannot overwrite this with its outcome.
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), failures=0, claim_token=uuid.uuid4(),
        )
        return Replay.objects.create(
            delivery=delivery, by=actor, by_name=actor.get_full_name() or actor.get_username()
        )
