"""ID and phone numbers are encrypted at rest, findable by digest, and shown in full only with a logged look."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.http import Http404

from jiefen.cases.models import Party, PersonalDataView
from jiefen.cases.services import reveal_personal_data
from jiefen.core import pii
from jiefen.testing import register, resident_id


def _raw(party, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_party WHERE id = %s", [party.pk])  # column names are fixed above
        return cursor.fetchone()[0]


def test_the_database_holds_only_ciphertext_and_the_model_the_plain_numbers(network):
    applicant = register(network).parties.get(role="applicant")

    assert _raw(applicant, "id_number") != resident_id()
    assert resident_id()[-6:] not in _raw(applicant, "id_number")
    assert "13812345678" not in _raw(applicant, "phone")
    assert Party.objects.get(pk=applicant.pk).id_number == resident_id()
    assert Party.objects.get(pk=applicant.pk).phone == "13812345678"


def test_equal_numbers_in_different_cases_share_a_digest_and_different_ones_do_not(network):
    first = register(network).parties.get(role="applicant")
    second = register(network, org_code="320706001002").parties.get(role="applicant")
    other = register(network).parties.get(role="respondent")

    assert first.id_digest == second.id_digest != other.id_digest
    assert Party.objects.filter(phone_digest=pii.digest("138-1234-5678")).count() == 3  # every applicant here


def test_a_wrong_key_cannot_read_the_numbers(network, settings):
    party_pk = register(network).parties.get(role="applicant").pk
    settings.JIEFEN_PII_KEYS = ["another-key-that-is-long-enough-for-the-check-0000"]

    with pytest.raises(ImproperlyConfigured):
        Party.objects.get(pk=party_pk)


def test_after_a_key_rotation_old_values_stay_readable_and_reencrypt_moves_them_to_the_new_key(network, settings):
    old_key = settings.JIEFEN_PII_KEYS[0]
    party_pk = register(network).parties.get(role="applicant").pk
    settings.JIEFEN_PII_KEYS = ["the-new-key-of-the-year-after-rotation-000000", old_key]
    assert Party.objects.get(pk=party_pk).id_number == resident_id()

    call_command("reencrypt_pii", stdout=open("/dev/null", "w"))
    settings.JIEFEN_PII_KEYS = ["the-new-key-of-the-year-after-rotation-000000"]

    party = Party.objects.get(pk=party_pk)
    assert party.id_number == resident_id()
    assert party.id_digest == pii.digest(resident_id())


def test_staff_over_the_case_see_the_full_numbers_and_the_look_is_logged(network):
    applicant = register(network).parties.get(role="applicant")

    party = reveal_personal_data(network.user("town_coordinator"), applicant.pk, channel="workbench")

    assert (party.id_number, party.phone) == (resident_id(), "13812345678")
    view = PersonalDataView.objects.get(party=applicant)
    assert (view.viewer_name, view.viewer_organisation) == ("吴协调", "朐阳街道非诉讼服务中心")
    assert view.channel == "workbench"


def test_nobody_outside_the_jurisdiction_gets_the_numbers_and_nothing_is_logged(network):
    applicant = register(network).parties.get(role="applicant")

    with pytest.raises(Http404):
        reveal_personal_data(network.user("village_b"), applicant.pk, channel="workbench")
    with pytest.raises(PermissionDenied):
        reveal_personal_data(network.user("citizen"), applicant.pk, channel="workbench")
    assert not PersonalDataView.objects.exists()
