"""A rotation of the personal-data key (``manage.py reencrypt_pii``) moves everything to the new key: afterwards the
old key can be dropped and every lookup by digest still finds what it found before."""

from django.core.management import call_command

from jiefen.cases.models import Party
from jiefen.core import pii
from jiefen.hotline.models import WorkOrder
from jiefen.hotline.services import take_call
from jiefen.portal import services
from jiefen.portal.models import CitizenAccount, Submission
from jiefen.portal.tests.conftest import PHONE
from jiefen.portal.tests.test_services import dispute

NEW_KEY = "the-new-key-of-the-year-after-rotation-000000"
# Digests of personal data that no rotation rewrites: one-time codes live for minutes, and after a rotation the
# person asks for a new one.
SHORT_LIVED = {"portal.LoginCode", "agreements.ConfirmationCode"}


def test_after_the_rotation_only_the_new_key_is_needed_and_every_digest_still_finds_its_rows(network, settings):
    citizen = services.citizen_for(PHONE)
    submission = services.submit(citizen=citizen, phone=PHONE, files=[], **dispute(network))
    order = take_call(actor=network.user("town_intake"), caller_name="周来电", callback_number="13851234567",
                      summary="邻居在楼道堆放杂物，协商不成。", urgency="normal")
    old_key = settings.JIEFEN_PII_KEYS[0]
    settings.JIEFEN_PII_KEYS = [NEW_KEY, old_key]

    call_command("reencrypt_pii", stdout=open("/dev/null", "w"))
    settings.JIEFEN_PII_KEYS = [NEW_KEY]

    assert services.citizen_for(PHONE) == citizen  # the account is found again, not made twice
    assert CitizenAccount.objects.get().phone == PHONE
    assert Submission.objects.get(phone_digest=pii.digest(PHONE)) == submission
    applicant = Party.objects.get(case=submission.case, phone_digest=pii.digest(PHONE))
    assert applicant.id_digest == pii.digest(applicant.id_number)
    assert WorkOrder.objects.get(callback_digest=pii.digest("13851234567")).pk == order.pk
    assert WorkOrder.objects.get(pk=order.pk).callback_number == "13851234567"


def test_every_model_with_personal_data_under_the_key_is_rewritten_by_the_rotation():
    from django.apps import apps

    rekeyed = {model._meta.label for model in pii.rekeyed_models()}
    holding = {
        model._meta.label for model in apps.get_models()
        if pii.encrypted_fields(model) or any(field.name.endswith("phone_digest") or field.name == "id_digest"
                                              for field in model._meta.concrete_fields)
    }
    assert holding - SHORT_LIVED <= rekeyed
    assert {"cases.Party", "portal.CitizenAccount", "portal.Submission", "hotline.WorkOrder"} <= rekeyed
