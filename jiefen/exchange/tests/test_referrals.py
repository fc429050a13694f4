"""A court refers a dispute through the API; the sender hears of every move by signed webhooks."""

import datetime
import json
import threading

import pytest
from django.utils import timezone

from jiefen.cases.models import Case, State
from jiefen.cases.services import note_on_case
from jiefen.cases.workflow import INTERNAL_EVENTS, RISK_ALERT, Move
from jiefen.core.taxonomy import Channel
from jiefen.exchange.models import Delivery, DeliveryAttempt, Referral, Sender
from jiefen.exchange.services import claim, deliver_due, replay
from jiefen.exchange.signing import DELIVERY, SIGNATURE, TIMESTAMP, sign, verify_signature
from jiefen.orgs.models import Post, Staff
from jiefen.testing import make, resident_id

from .conftest import SECRET


def referral_body(**overrides):
    body = {
        "sender": "hzfy",
        "referral_kind": "entrusted",
        "external_reference": "(2026)苏0706民初1234号",
        "summary": "邻里相邻关系纠纷",
        "description": "双方因排水问题发生争执，法院立案后委托调解。",
        "place": "320706001001",
        "parties": [
            {"role": "applicant", "name": "张三", "id_number": resident_id(), "phone": "13812345678"},
            {"role": "respondent", "name": "李四", "id_number": resident_id("19850505", "246")},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def referred(api, court, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("town_liaison").post("/api/referrals/", referral_body(), format="json")
    assert response.status_code == 201, response.json()
    return Referral.objects.get(pk=response.json()["id"])


def moved(network, case, move, capture):
    with capture(execute=True):
        return make(network, case, move)


def test_a_court_referral_creates_a_case_with_the_7_day_deadline_and_the_court_hears_of_every_move(
    network, referred, receiver, django_capture_on_commit_callbacks
):
    case = referred.case
    assert (case.channel, case.referral_kind, case.external_reference) == (
        Channel.COURT, "entrusted", "(2026)苏0706民初1234号"
    )
    assert case.handling_org == network.orgs["320706001"]

    for move in (Move.TRIAGE, Move.CONSENT, Move.ASSIGN):  # triage says 简单: simple procedure
        case = moved(network, case, move, django_capture_on_commit_callbacks)
    assert case.state == State.ASSIGNED
    assert case.deadline == timezone.localdate() + datetime.timedelta(days=7)
    assert "第27条" in case.deadline_basis

    assert deliver_due() == 4
    assert deliver_due() == 0  # nothing left
    payloads = [json.loads(body) for body in receiver.bodies()]
    assert [p["move"] for p in payloads] == ["register", "triage", "consent", "assign"]
    assert payloads[0] == payloads[0] | {
        "schema": "jiefen.case-event/1", "case": case.number, "external_reference": "(2026)苏0706民初1234号",
        "from_state": None, "to_state": "registered", "sender": "hzfy",
    }
    assert payloads[-1]["deadline"] == case.deadline.isoformat()
    for headers, body in receiver.requests:
        assert verify_signature(SECRET, body, headers)
        assert not verify_signature(SECRET, body.replace("苏0706".encode(), "苏0707".encode()), headers)
        assert not verify_signature("another-secret", body, headers)
        assert Delivery.objects.get(pk=headers[DELIVERY]).status == Delivery.Status.DELIVERED
    assert DeliveryAttempt.objects.filter(succeeded=True).count() == 4


def test_a_tampered_signature_or_a_stale_timestamp_is_refused():
    body = b'{"case":"320706001-2026-00001"}'
    headers = {TIMESTAMP: "1800000000", SIGNATURE: sign(SECRET, body, 1800000000)}
    assert verify_signature(SECRET, body, headers, now=1800000010)
    tampered = {**headers, SIGNATURE: headers[SIGNATURE][:-1] + ("0" if headers[SIGNATURE][-1] != "0" else "1")}
    assert not verify_signature(SECRET, body, tampered, now=1800000010)
    moved_time = {**headers, TIMESTAMP: "1800000001"}  # the timestamp is signed too
    assert not verify_signature(SECRET, body, moved_time, now=1800000010)
    assert not verify_signature(SECRET, body, headers, now=1800000000 + 301)
    assert not verify_signature(SECRET, body, {}, now=1800000010)
    assert verify_signature(SECRET, body, {k.lower(): v for k, v in headers.items()}, now=1800000010)


def test_a_failing_receiver_is_retried_with_back_off_until_it_answers(referred, receiver):
    receiver.statuses = [500, 503, 200]
    now = timezone.now()
    assert deliver_due(now) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert deliver_due(now + datetime.timedelta(seconds=59)) == 0
    assert deliver_due(now + datetime.timedelta(minutes=1)) == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + datetime.timedelta(minutes=1 + 5)
    assert deliver_due(now + datetime.timedelta(minutes=6)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.failures) == (Delivery.Status.DELIVERED, 3, 0)
    log = list(delivery.attempt_log.values_list("number", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 503, False), (3, 200, True)]
    assert len({headers[DELIVERY] for headers, _body in receiver.requests}) == 1  # one delivery, three tries


def test_after_the_last_back_off_a_delivery_fails_and_a_replay_sends_it_again(referred, receiver, network):
    receiver.statuses = [500]
    now = timezone.now()
    for _try in range(6):
        assert deliver_due(now) == 1
        delivery = Delivery.objects.get()
        now = delivery.next_attempt_at or now
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 6)
    assert deliver_due(now + datetime.timedelta(days=7)) == 0

    receiver.statuses = [200]
    record = replay(actor=network.user("town_liaison"), delivery=delivery)
    assert record.by_name == "郑综合"
    assert deliver_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 7)
    assert len(receiver.requests) == 7


def test_a_connection_refused_is_logged_as_an_error(referred, court):
    Sender.objects.filter(pk=court.pk).update(webhook_url="http://127.0.0.1:9/nothing-listens")
    assert deliver_due() == 1
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code is None and attempt.error and not attempt.succeeded


def test_a_delivery_is_claimed_by_one_worker_only(referred):
    delivery = Delivery.objects.get()
    now = timezone.now()
    stale = Delivery.objects.get(pk=delivery.pk)
    assert claim(delivery, now) is not None
    assert claim(stale, now) is None  # the second worker read the same row: 0 rows updated, it moves on


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_post_each_delivery_exactly_once(network, court, receiver, api):
    for n in range(5):
        api("town_liaison").post(
            "/api/referrals/", referral_body(external_reference=f"(2026)苏0706民初{n}号"), format="json"
        )
    assert Delivery.objects.count() == 5
    barrier = threading.Barrier(2)

    def worker():
        from django.db import connection

        barrier.wait()
        try:
            deliver_due()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(int(headers[DELIVERY]) for headers, _ in receiver.requests) == sorted(
        Delivery.objects.values_list("pk", flat=True)
    )
    assert DeliveryAttempt.objects.count() == 5


def test_a_replayed_idempotency_key_creates_nothing_new(api, court):
    client = api("town_liaison")
    first = client.post("/api/referrals/", referral_body(), format="json", HTTP_IDEMPOTENCY_KEY="fy-1234")
    again = client.post("/api/referrals/", referral_body(), format="json", HTTP_IDEMPOTENCY_KEY="fy-1234")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (Case.objects.count(), Referral.objects.count()) == (1, 1)
    other = client.post(
        "/api/referrals/", referral_body(summary="另一纠纷"), format="json", HTTP_IDEMPOTENCY_KEY="fy-1234"
    )
    assert other.status_code == 400 and "Idempotency-Key" in other.json()["errors"]
    assert Case.objects.count() == 1


def test_only_a_liaison_refers_and_another_township_does_not_see_the_referral(api, network, referred):
    other = Staff.objects.create(
        user=type(network.user("citizen")).objects.create(username="hm_liaison"),
        organisation=network.orgs["320706002"], post=Post.LIAISON,
    )
    network.users["hm_liaison"] = other.user
    assert api(other.user.username).get(f"/api/referrals/{referred.pk}/").status_code == 404
    assert api(other.user.username).get("/api/referrals/").json()["count"] == 0
    assert api("town_liaison").get(f"/api/referrals/{referred.pk}/").json()["case"]["number"] == referred.case.number
    assert api("county_coordinator").get("/api/referrals/").json()["count"] == 1
    assert api("town_intake").post("/api/referrals/", referral_body(), format="json").status_code == 403
    refused = api(other.user.username).post("/api/referrals/", referral_body(), format="json")
    assert refused.status_code == 400 and "sender" in refused.json()["errors"]


def test_a_court_referral_needs_its_kind_and_case_number(api, court):
    response = api("town_liaison").post(
        "/api/referrals/", referral_body(referral_kind="", external_reference=""), format="json"
    )
    assert response.status_code == 400
    assert {"referral_kind", "external_reference"} <= set(response.json()["errors"])
    assert Case.objects.count() == 0


def test_the_worker_catches_up_on_events_whose_handler_never_ran(api, court, receiver, network):
    # Without the after-commit handlers (as if the process died right after the commit), no delivery is queued…
    response = api("town_liaison").post("/api/referrals/", referral_body(), format="json")
    case = Case.objects.get(pk=response.json()["case"]["id"])
    make(network, case, Move.TRIAGE)
    assert Delivery.objects.count() == 0
    # …and the next worker pass queues and posts them, in order, once each.
    assert deliver_due() == 2
    assert [json.loads(body)["move"] for body in receiver.bodies()] == ["register", "triage"]
    assert deliver_due() == 0


def test_internal_working_notes_are_never_sent_to_the_referring_platform(referred, django_capture_on_commit_callbacks):
    before = Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        note_on_case(referred.case, RISK_ALERT, actor=referred.case.registered_by, reason="扬言要动手")
    assert Delivery.objects.count() == before  # neither by the handler…
    assert not Delivery.objects.filter(event__move__in=INTERNAL_EVENTS).exists()
    deliver_due()  # …nor by the worker's catch-up
    assert not Delivery.objects.filter(event__move__in=INTERNAL_EVENTS).exists()
