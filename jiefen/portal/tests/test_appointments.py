"""Appointments at a centre: slots per centre, one open booking per case, never beyond a slot's capacity."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jiefen.portal import services
from jiefen.portal.models import Appointment, AppointmentSlot, Submission
from jiefen.portal.tests.conftest import PHONE, PLACE
from jiefen.portal.tests.test_views import _dispute, form_data, logged_in, text
from jiefen.testing import make


@pytest.fixture
def submission(network):
    return services.submit(citizen=services.citizen_for(PHONE), phone=PHONE, **_dispute(network))


def other_submission(network, phone="13851230002"):
    dispute = _dispute(network)
    dispute["parties"][0] = {**dispute["parties"][0], "phone": phone}
    return services.submit(citizen=services.citizen_for(phone), phone=phone, **dispute)


def slot(org, hours=24, capacity=1):
    starts = timezone.now() + timedelta(hours=hours)
    return AppointmentSlot.objects.create(organisation=org, starts_at=starts, ends_at=starts + timedelta(hours=1),
                                          capacity=capacity)


def test_slots_of_the_station_and_the_centres_above_it_only_future_open_and_free(network, submission):
    own = slot(network.orgs[PLACE])
    township = slot(network.orgs["320706001"], hours=30)
    slot(network.orgs["320706002"])  # another township: not on the way up
    slot(network.orgs[PLACE], hours=-2)  # past
    AppointmentSlot.objects.filter(pk=slot(network.orgs[PLACE], hours=40).pk).update(is_open=False)
    full = slot(network.orgs[PLACE], hours=50)
    services.book(other_submission(network), full.pk)
    assert services.bookable_slots(submission.case) == [own, township]


def test_one_open_booking_per_case_and_a_full_slot_refuses(network, submission):
    first, second = slot(network.orgs[PLACE]), slot(network.orgs[PLACE], hours=48)
    booked = services.book(submission, first.pk)
    assert booked.citizen == submission.citizen and services.current_appointment(submission.case) == booked
    with pytest.raises(ValidationError):
        services.book(submission, second.pk)
    services.cancel_appointment(submission)
    assert Appointment.objects.get(pk=booked.pk).cancelled_at is not None  # kept, marked cancelled
    services.book(other_submission(network), first.pk)
    with pytest.raises(ValidationError):
        services.book(submission, first.pk)  # capacity 1, taken
    assert services.book(submission, second.pk).slot == second


def test_no_booking_once_the_case_has_ended(network, submission):
    free = slot(network.orgs[PLACE])
    make(network, submission.case, "withdraw")
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        services.book(submission, free.pk)


def test_open_portal_slots_opens_working_day_slots_once(network):
    call_command("open_portal_slots", PLACE, "--days", "7")
    count = AppointmentSlot.objects.filter(organisation=network.orgs[PLACE]).count()
    assert count and count % len(services.SLOT_TIMES) == 0
    call_command("open_portal_slots", PLACE, "--days", "7")
    assert AppointmentSlot.objects.count() == count


def test_booking_on_the_case_page(network):
    client = logged_in()
    client.post("/portal/submit/", form_data())
    code = Submission.objects.get().tracking_code
    free = slot(network.orgs[PLACE])
    assert "西门社区非诉讼服务站" in text(client.get(f"/portal/cases/{code}/"))
    assert client.post(f"/portal/cases/{code}/book/", {"slot": "999999"}).status_code == 400
    assert client.post(f"/portal/cases/{code}/book/", {"slot": free.pk}).status_code == 302
    page = text(client.get(f"/portal/cases/{code}/"))
    assert 'id="booked"' in page and "身份证" in page
    assert logged_in("13851230002").post(f"/portal/cases/{code}/cancel-booking/").status_code == 404
    client.post(f"/portal/cases/{code}/cancel-booking/")
    assert services.current_appointment(Submission.objects.get().case) is None


# ---- the proposed method ----

def test_the_citizen_agrees_to_or_declines_the_proposed_method_before_mediation(network, submission, login):
    assert services.proposed_method(submission.case) == "peoples_mediation"
    with pytest.raises(ValidationError):
        services.answer_method(submission, agreed=True, method="litigation")
    services.answer_method(submission, agreed=True, method="lawyer_mediation")
    services.answer_method(submission, agreed=False, note="想直接起诉")
    latest = services.latest_method_response(submission.case)
    assert (latest.agreed, latest.method, latest.note) == (False, "", "想直接起诉")
    page = text(login("village_a").get(f"/cases/{submission.case.pk}/"))
    assert "拒绝调解" in page and "想直接起诉" in page
    case = submission.case
    for move in ["triage", "consent"]:
        case = make(network, case, move)
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        services.answer_method(submission, agreed=True, method="peoples_mediation")


def test_answering_on_the_case_page(network):
    client = logged_in()
    client.post("/portal/submit/", form_data())
    code = Submission.objects.get().tracking_code
    assert "人民调解" in text(client.get(f"/portal/cases/{code}/"))
    response = client.post(f"/portal/cases/{code}/method/", {"answer": "agree", "method": "peoples_mediation"})
    assert response.status_code == 302
    assert 'id="method-answer"' in text(client.get(f"/portal/cases/{code}/"))
    assert logged_in("13851230002").post(f"/portal/cases/{code}/method/", {"answer": "refuse"}).status_code == 404
