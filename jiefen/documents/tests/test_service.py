"""Electronic service: recording that a document reached a party, and when it was read."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from jiefen.cases.models import State
from jiefen.cases.workflow import DOCUMENT_READ
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import mark_read, serve_document, service_records
from jiefen.testing import case_in_state, register

NOTICE, AGREEMENT = ServiceRecord.Document.NOTICE, ServiceRecord.Document.AGREEMENT
WINDOW, SMS = ServiceRecord.Method.WINDOW, ServiceRecord.Method.SMS


def test_serving_writes_a_record_with_the_names_of_the_day(network):
    case = register(network)
    applicant = case.parties.get(role="applicant")

    record = serve_document(case, NOTICE, applicant, WINDOW, network.user("village_a"))

    record.refresh_from_db()
    assert (record.case, record.document, record.method, record.party) == (case, NOTICE, WINDOW, applicant)
    assert record.party_name == "张三"
    assert (record.served_by_name, record.served_by_organisation) == ("王调解", "西门社区非诉讼服务站")
    assert record.read_at is None and record.handed_over
    assert abs(record.served_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert service_records(case) == [record]


def test_only_staff_who_may_see_the_case_and_deal_with_parties_serve(network):
    case = register(network)
    party = case.parties.first()
    with pytest.raises(Http404):
        serve_document(case, NOTICE, party, WINDOW, network.user("village_b"))
    with pytest.raises(PermissionDenied):
        serve_document(case, NOTICE, party, WINDOW, network.user("city_leader"))
    with pytest.raises(PermissionDenied):
        serve_document(case, NOTICE, party, WINDOW, network.user("citizen"))
    assert not ServiceRecord.objects.exists()


def test_a_party_of_another_case_an_unknown_way_or_a_missing_agreement_are_refused(network):
    case, other = register(network), register(network)
    with pytest.raises(ValidationError, match="party"):
        serve_document(case, NOTICE, other.parties.first(), WINDOW, network.user("town_intake"))
    with pytest.raises(ValidationError):
        serve_document(case, NOTICE, case.parties.first(), "pigeon", network.user("town_intake"))
    with pytest.raises(ValidationError):
        serve_document(case, AGREEMENT, case.parties.first(), WINDOW, network.user("town_intake"))
    resolved = case_in_state(network, State.RESOLVED)
    assert serve_document(resolved, AGREEMENT, resolved.parties.first(), SMS, network.user("village_a"))


def test_reading_is_noted_once_and_records_are_never_changed_or_deleted(network):
    case = register(network)
    record = serve_document(case, NOTICE, case.parties.first(), SMS, network.user("town_intake"))
    first = timezone.now()

    assert mark_read(record, reader=network.user("town_intake"), at=first) is True
    assert mark_read(record, reader=network.user("town_intake"), at=first + datetime.timedelta(hours=1)) is False
    assert case.events.filter(move=DOCUMENT_READ).count() == 1  # the read receipt on the timeline, once
    record.refresh_from_db()
    assert record.read_at == first and not record.handed_over

    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        ServiceRecord.objects.all().delete()
    with pytest.raises(TypeError):
        ServiceRecord.objects.update(party_name="王五")
