"""The same application form sent twice at once (a double tap, a retry racing the first send) on PostgreSQL, with
real threads and their own connections: one dispute, and one copy of each of its files among the case's materials."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiefen.cases.models import Case
from jiefen.cases.tests.test_concurrency import _run_in_threads
from jiefen.mediation.models import Material, MaterialVersion
from jiefen.portal import services
from jiefen.portal.models import Submission
from jiefen.portal.tests.conftest import PHONE
from jiefen.portal.tests.test_services import PDF, PNG, dispute

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_form_sent_twice_at_once_registers_once_with_one_copy_of_each_file(network):
    citizen = services.citizen_for(PHONE)

    def send(_index):
        files = [SimpleUploadedFile("漏水.png", PNG), SimpleUploadedFile("物业回复.pdf", PDF)]
        return services.submit_once("one-form", citizen=citizen, phone=PHONE, files=files, **dispute(network))

    outcomes = _run_in_threads(2, send)

    assert all(isinstance(outcome, Submission) for outcome in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert Case.objects.count() == Submission.objects.count() == 1
    case = Case.objects.get()
    assert sorted(Material.objects.filter(case=case).values_list("title", flat=True)) == ["漏水.png", "物业回复.pdf"]
    assert MaterialVersion.objects.filter(material__case=case).count() == 2
