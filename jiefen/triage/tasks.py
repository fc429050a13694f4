"""Triage work done in the background (``manage.py db_worker``), off the request that registered the case or
asked for a proposal."""

from django.contrib.auth import get_user_model
from django_tasks import task

from jiefen.cases.models import Case
from jiefen.triage.models import Proposal


@task()
def make_proposal(case_id: int, actor_id: int, trigger: str) -> None:
    """The proposal for a case, in the name of whoever registered it or asked for it. A failure is kept with the
    task's result by the worker. A case has one proposal on registration: a task run again (or one made already,
    as the demo does) makes no second."""
    from jiefen.triage.proposals import propose  # the model and the law index load in the worker only

    if trigger == Proposal.Trigger.REGISTRATION and Proposal.objects.filter(case=case_id, trigger=trigger).exists():
        return
    case = Case.objects.select_related("handling_org", "place", "mediator").get(pk=case_id)
    actor = get_user_model().objects.get(pk=actor_id)
    propose(case, actor=actor, trigger=trigger)
