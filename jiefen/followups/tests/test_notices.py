"""A follow-up visit falling due texts the parties the link to answer it on the portal, once."""

from jiefen.cases.models import CaseEvent, State
from jiefen.cases.workflow import FOLLOW_UP_DUE
from jiefen.followups.tests.test_followups import due_now
from jiefen.portal.models import StatusMessage
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import run_pass
from jiefen.testing import case_in_state


def test_a_visit_due_texts_each_party_the_link_once(network, django_capture_on_commit_callbacks,
                                                   text_messages_in_memory):
    case = case_in_state(network, State.CLOSED)
    due_now(case)
    text_messages_in_memory.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_pass().fired[Firing.Kind.FOLLOW_UP] == 3
    first = case.follow_ups.get(days_after=7)
    to_first = [(phone, text) for phone, text in text_messages_in_memory if f"/portal/follow-ups/{first.pk}/" in text]
    assert sorted(phone for phone, _text in to_first) == ["13812345678", "13912345678"]
    assert case.number in to_first[0][1] and "7" in to_first[0][1]
    assert len(text_messages_in_memory) == 6  # three visits due, two parties each
    # Each attempt is on the record of the scheduler's note, where staff see it and may send it again.
    notes = CaseEvent.objects.filter(case=case, move=FOLLOW_UP_DUE)
    assert StatusMessage.objects.filter(event__in=notes, sent_at__isnull=False).count() == 6

    with django_capture_on_commit_callbacks(execute=True):
        assert run_pass().fired[Firing.Kind.FOLLOW_UP] == 0
    assert len(text_messages_in_memory) == 6


def test_nothing_goes_to_a_landline_or_for_a_visit_already_recorded(network, django_capture_on_commit_callbacks,
                                                                    text_messages_in_memory):
    from jiefen.followups import services
    from jiefen.followups.models import Keeping, Visit

    case = case_in_state(network, State.CLOSED)
    due_now(case)
    respondent = case.parties.get(role="respondent")
    respondent.phone = "0518-85551234"
    respondent.clean()
    respondent.save()
    for follow_up in case.follow_ups.exclude(days_after=7):
        services.record_visit(follow_up, network.user("village_a"), method=Visit.Method.PHONE, satisfaction=4,
                              keeping=Keeping.YES)
    text_messages_in_memory.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_pass()
    assert [phone for phone, _text in text_messages_in_memory] == ["13812345678"]
