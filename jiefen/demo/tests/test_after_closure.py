"""The demo's after-closure stories: a case through judicial confirmation to an enforcement application filed, a
corrected item, and follow-up answers for the satisfaction rate."""

import pytest

from jiefen.agreements.models import CourtApplication
from jiefen.followups import services
from jiefen.followups.models import EnforcementApplication, PerformanceItem, Visit

pytestmark = pytest.mark.usefixtures("demo")


def test_one_case_went_to_court_and_its_enforcement_application_is_filed(db):
    confirmed = CourtApplication.objects.get()
    assert (confirmed.status, confirmed.court_name) == ("confirmed", "海州区人民法院")
    assert confirmed.filed_on <= confirmed.accepted_on <= confirmed.decided_on
    application = EnforcementApplication.objects.get()
    assert application.case_id == confirmed.case_id and application.status == "accepted"
    assert application.filed_on and "执" in application.court_case_number
    assert services.latest_mark(application.item).status == "not_performed"


def test_an_item_was_corrected_and_follow_ups_were_answered(db):
    corrected = PerformanceItem.objects.get(corrections__isnull=False)
    assert corrected.amount != corrected.terms.amount  # as first entered, and as corrected
    assert services.latest_mark(corrected).status == "performed"
    assert Visit.objects.count() >= 2  # the satisfaction rate has something to count
