"""Work queues: the cases waiting on a user, by the post they hold.

One rule per post, always inside ``Case.objects.visible_to(user)``; deadlines first (cases without one last),
then the oldest. The workbench's landing page and anything else that asks "what is on my desk" read this.
"""

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from jiefen.cases.models import ENDED_STATES, Case, State
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Post

QUEUE_ORDER = (F("deadline").asc(nulls_last=True), "registered_at", "id")

# Posts whose queue is a fixed set of states in their whole jurisdiction.
STATES_WAITING_ON = {
    Post.INTAKE: (State.REGISTERED, State.TRIAGED, State.ACCEPTED),
    Post.LIAISON: (State.TRANSFERRED,),
}
# Posts that read every open case in their jurisdiction.
READING_POSTS = {Post.ASSESSMENT, Post.LEADER}


def _waiting_on(user, staff) -> Q | None:
    post = staff.post
    if post in STATES_WAITING_ON:
        return Q(state__in=STATES_WAITING_ON[post])
    if post == Post.MEDIATION:
        return Q(mediator__user=user, state__in=(State.ASSIGNED, State.IN_MEDIATION, State.RESOLVED)) | Q(
            handling_org=staff.organisation, state=State.ACCEPTED
        )
    if post == Post.COORDINATION:
        overdue = Q(deadline__lt=timezone.localdate()) & ~Q(state__in=ENDED_STATES)
        return Q(state__in=(State.FAILED, State.TERMINATION_REVIEW, State.TRANSFERRED)) | overdue
    if post in READING_POSTS:
        return ~Q(state__in=ENDED_STATES)
    return None


def work_queue(user) -> QuerySet[Case]:
    """The cases waiting on ``user`` now, deadlines first (none last), then the oldest."""
    staff = staff_of(user)
    rule = _waiting_on(user, staff) if staff is not None else None
    if rule is None:
        return Case.objects.none()
    return (
        Case.objects.visible_to(user)
        .filter(rule)
        .select_related("handling_org", "mediator")
        .order_by(*QUEUE_ORDER)
    )


def count_by_state(cases: QuerySet[Case]) -> list[tuple[State, int]]:
    """How many of ``cases`` are in each state, in the order of the case's life; one query."""
    counts = dict(cases.order_by().values_list("state").annotate(n=Count("id")))
    return [(state, counts[state.value]) for state in State if counts.get(state.value)]
