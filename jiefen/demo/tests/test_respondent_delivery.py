"""The demo's respondent clock: the notice's text message goes out when the demo commits, and its receipt follows."""

from jiefen.cases.models import State
from jiefen.demo.respondent import build_respondent_clock, deliver_the_notices
from jiefen.portal.models import StatusMessage
from jiefen.respondent.services import notices_to_respondents
from jiefen.testing import case_in_state


def test_the_text_message_is_delivered_once_the_demo_commits(network, django_capture_on_commit_callbacks):
    case = case_in_state(network, State.ASSIGNED)  # its clock starts when the demo fires its steps
    with django_capture_on_commit_callbacks(execute=True):
        built = build_respondent_clock([case])
    assert built == case

    [row] = notices_to_respondents(case)
    assert row["sent_at"] is not None and row["delivered_at"] is not None and row["read_at"] is None
    assert deliver_the_notices(case) == 0  # once only
    assert StatusMessage.objects.filter(case=case, receipts__status="delivered").count() == 1
