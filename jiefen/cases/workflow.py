"""The life of a case as one table: (state, move) → (next state, posts allowed, guard).

The buttons a user sees, the API's 409, the property tests and docs/architecture.md all read this table;
``jiefen.cases.services.transition`` is the only code that changes a case's state.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import Case, State
from jiefen.core.taxonomy import Channel
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import MediatorDuty, Post


class Move:
    REGISTER = "register"
    TRIAGE = "triage"
    REJECT = "reject"
    CONSENT = "consent"
    REFUSE = "refuse"
    TRANSFER = "transfer"
    ASSIGN = "assign"
    RECORD_SESSION = "record_session"
    AGREE = "agree"
    FAIL = "fail"
    REROUTE = "reroute"
    REQUEST_TERMINATION = "request_termination"
    TERMINATE = "terminate"
    REPORT_RESULT = "report_result"
    ESCALATE = "escalate"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    MERGE = "merge"
    EXTEND_DEADLINE = "extend_deadline"
    RESPONDENT_ABSENT = "respondent_absent"


# Events that change no state but belong on a timeline (written by ``services.note_on_case``).
MERGED_IN = "merged_in"
LINKED = "linked"
MARKED_DISTINCT = "marked_distinct"
SERVED_ONLINE = "served_online"  # a document served on the portal: the party is sent the link
DOCUMENT_READ = "document_read"  # the party opened a document served on the portal: the read receipt
CLAIMANT_OUTCOME = "claimant_outcome"
RISK_ALERT = "risk_alert"  # a red triage proposal alerted the coordinator and the assessor (triage.proposals)
# The deadline scheduler's notes (jiefen.scheduler): a reminder, the overdue mark, an escalation to a level above.
DEADLINE_REMINDER = "deadline_reminder"
DEADLINE_OVERDUE = "deadline_overdue"
DEADLINE_ESCALATION = "deadline_escalation"
DEADLINE_EVENTS = frozenset({DEADLINE_REMINDER, DEADLINE_OVERDUE, DEADLINE_ESCALATION})
# Sessions planned ahead, rescheduled and called off (jiefen.mediation): the parties are told by text message and on
# the portal; and the scheduler's reminder before a session (internal: the parties get it by text message).
SESSION_SCHEDULED = "session_scheduled"
SESSION_RESCHEDULED = "session_rescheduled"
SESSION_CANCELLED = "session_cancelled"
SESSION_REMINDER = "session_reminder"
# Supervision of a case transferred to an agency (jiefen.supervision): an urge sent to the agency (催办), the
# agency's answer, and the assessor's grading of a closed or terminated case (处理等级评估 / 终结评估).
URGED = "urged"
AGENCY_ANSWERED = "agency_answered"
OUTCOME_GRADED = "outcome_graded"
# The agreement and its enforceability (jiefen.agreements): a revised text, a party's confirmation on the portal,
# each step of judicial confirmation and of notarial enforcement (told to a referring platform: they are the
# result), and the scheduler's warning that the 30-day window for judicial confirmation is closing (internal).
AGREEMENT_REVISED = "agreement_revised"
AGREEMENT_CONFIRMED = "agreement_confirmed"
JUDICIAL_CONFIRMATION = "judicial_confirmation"
NOTARIAL_ENFORCEMENT = "notarial_enforcement"
CONFIRMATION_WINDOW = "confirmation_window"
# The respondent who does not answer (jiefen.respondent): a step of the contact clock fired by the scheduler
# (internal: it names the staff task), and a contact or answer staff recorded.
RESPONDENT_STEP = "respondent_step"
RESPONDENT_CONTACT = "respondent_contact"
# After closure (jiefen.followups): the scheduler's notice that a follow-up visit is due, a visit recorded, and the
# agreement's schedule of performance (items entered, an item marked performed or not, an application prepared).
FOLLOW_UP_DUE = "follow_up_due"
FOLLOW_UP_VISIT = "follow_up_visit"
PERFORMANCE = "performance"
# The network's own working notes: never sent to the platform that referred the case (they name staff and risks).
INTERNAL_EVENTS = (
    frozenset({LINKED, MARKED_DISTINCT, RISK_ALERT, OUTCOME_GRADED, CONFIRMATION_WINDOW, RESPONDENT_STEP,
               SESSION_REMINDER})
    | DEADLINE_EVENTS
    | frozenset({FOLLOW_UP_DUE, FOLLOW_UP_VISIT, PERFORMANCE})
)

MOVE_LABELS = {
    Move.REGISTER: _("Register"),
    Move.TRIAGE: _("Triage"),
    Move.REJECT: _("Reject as not admissible"),
    Move.CONSENT: _("Record consent to mediation"),
    Move.REFUSE: _("Record refusal (guide to litigation)"),
    Move.TRANSFER: _("Transfer to agency"),
    Move.ASSIGN: _("Assign"),
    Move.RECORD_SESSION: _("Record mediation session"),
    Move.AGREE: _("Record agreement"),
    Move.FAIL: _("Record failure"),
    Move.REROUTE: _("Re-route"),
    Move.REQUEST_TERMINATION: _("Request termination review"),
    Move.TERMINATE: _("Terminate after review"),
    Move.REPORT_RESULT: _("Record result from agency"),
    Move.ESCALATE: _("Escalate one level up"),
    Move.CLOSE: _("Close"),
    Move.REOPEN: _("Reopen"),
    Move.WITHDRAW: _("Record withdrawal"),
    Move.MERGE: _("Merge into another case"),
    Move.EXTEND_DEADLINE: _("Extend the deadline"),
    MERGED_IN: _("Another case merged into this one"),
    LINKED: _("Linked to a related case"),
    MARKED_DISTINCT: _("Marked as not a duplicate of another case"),
    SERVED_ONLINE: _("Document served online"),
    DOCUMENT_READ: _("Served document read by the party"),
    CLAIMANT_OUTCOME: _("Claimant's outcome recorded"),
    RISK_ALERT: _("Red risk alert raised"),
    DEADLINE_REMINDER: _("Deadline reminder"),
    DEADLINE_OVERDUE: _("Deadline passed: overdue"),
    DEADLINE_ESCALATION: _("Overdue: raised to the level above"),
    SESSION_SCHEDULED: _("Mediation session scheduled"),
    SESSION_RESCHEDULED: _("Scheduled session rescheduled"),
    SESSION_CANCELLED: _("Scheduled session called off"),
    SESSION_REMINDER: _("Reminder of a scheduled session"),
    URGED: _("Agency urged"),
    AGENCY_ANSWERED: _("Agency's answer recorded"),
    OUTCOME_GRADED: _("Outcome graded"),
    AGREEMENT_REVISED: _("Agreement revised"),
    AGREEMENT_CONFIRMED: _("Agreement confirmed by a party"),
    JUDICIAL_CONFIRMATION: _("Judicial confirmation"),
    NOTARIAL_ENFORCEMENT: _("Notarial enforcement"),
    CONFIRMATION_WINDOW: _("Judicial confirmation window closing"),
    Move.RESPONDENT_ABSENT: _("Respondent unreachable or refuses"),
    RESPONDENT_STEP: _("Respondent has not answered: next step"),
    RESPONDENT_CONTACT: _("Contact with the respondent recorded"),
    FOLLOW_UP_DUE: _("Follow-up visit due"),
    FOLLOW_UP_VISIT: _("Follow-up visit recorded"),
    PERFORMANCE: _("Performance of the agreement"),
}

# Moves that must say why, because the reason is what a reviewer or the party will read later.
REASON_REQUIRED = {
    Move.REJECT, Move.REFUSE, Move.TRANSFER, Move.FAIL, Move.REROUTE, Move.REQUEST_TERMINATION,
    Move.TERMINATE, Move.REPORT_RESULT, Move.ESCALATE, Move.REOPEN, Move.WITHDRAW, Move.MERGE, Move.EXTEND_DEADLINE,
    Move.RESPONDENT_ABSENT,
}


def _is_assigned_mediator(case: Case, user) -> str | None:
    """The case's mediator acts; for a registry mediator without an account, any mediation post over the case
    records on their behalf (the event keeps who did)."""
    if case.mediator is None:
        return _("Assign a mediator first.")
    if case.mediator.user_id is not None and case.mediator.user_id != user.pk:
        return _("Only the mediator assigned to this case may do this.")
    return None


def _front_desk_or_duty_mediator(case: Case, user) -> str | None:
    """Triage is the front desk's; a mediator triages only a dispute brought to the window in person, as the duty
    mediator of the day, to take it on the spot (jiefen.mediation.walk_in)."""
    staff = staff_of(user)
    if staff is None or staff.post != Post.MEDIATION:
        return None
    if case.channel != Channel.WINDOW:
        return _("A mediator triages only a dispute brought to the window in person.")
    on_duty = MediatorDuty.objects.filter(mediator__user=user, mediator__is_active=True, day=timezone.localdate())
    if not on_duty.exists():
        return _("Only the duty mediator of the day triages a walk-in, to take it on the spot.")
    return None


def _can_escalate(case: Case, user) -> str | None:
    if case.handling_org.escalation_target() is None:
        return _("This organisation has no higher level to escalate to.")
    return None


def _can_extend(case: Case, user) -> str | None:
    """Only a deadline that exists can be extended; a mediator extends only the cases they mediate."""
    if case.deadline is None:
        return _("This case has no deadline to extend.")
    staff = staff_of(user)
    if staff is not None and staff.post == Post.MEDIATION:
        return _is_assigned_mediator(case, user)
    return None


Guard = Callable[[Case, object], str | None]


@dataclass(frozen=True)
class Transition:
    target: State
    posts: frozenset[Post]
    guard: Guard | None = None


INTAKE, MEDIATION, COORDINATION, LIAISON = Post.INTAKE, Post.MEDIATION, Post.COORDINATION, Post.LIAISON
FRONT_DESK = frozenset({INTAKE, MEDIATION, COORDINATION})
OPEN_BEFORE_ASSIGNMENT = (State.REGISTERED, State.TRIAGED, State.ACCEPTED)
OPEN_AFTER_ASSIGNMENT = (State.ASSIGNED, State.IN_MEDIATION, State.FAILED, State.TERMINATION_REVIEW)

TRANSITIONS: dict[tuple[State, str], Transition] = {
    (State.REGISTERED, Move.TRIAGE): Transition(
        State.TRIAGED, frozenset({INTAKE, COORDINATION, MEDIATION}), _front_desk_or_duty_mediator
    ),
    (State.TRIAGED, Move.TRIAGE): Transition(State.TRIAGED, frozenset({INTAKE, COORDINATION})),
    (State.REGISTERED, Move.REJECT): Transition(State.REJECTED, frozenset({INTAKE, COORDINATION})),
    (State.TRIAGED, Move.CONSENT): Transition(State.ACCEPTED, FRONT_DESK),
    (State.TRIAGED, Move.REFUSE): Transition(State.CLOSED, FRONT_DESK),
    (State.TRIAGED, Move.TRANSFER): Transition(State.TRANSFERRED, frozenset({COORDINATION})),
    (State.ACCEPTED, Move.ASSIGN): Transition(State.ASSIGNED, FRONT_DESK),
    (State.ASSIGNED, Move.ASSIGN): Transition(State.ASSIGNED, frozenset({MEDIATION, COORDINATION})),
    (State.ASSIGNED, Move.RECORD_SESSION): Transition(
        State.IN_MEDIATION, frozenset({MEDIATION}), _is_assigned_mediator
    ),
    (State.IN_MEDIATION, Move.RECORD_SESSION): Transition(
        State.IN_MEDIATION, frozenset({MEDIATION}), _is_assigned_mediator
    ),
    (State.IN_MEDIATION, Move.AGREE): Transition(State.RESOLVED, frozenset({MEDIATION}), _is_assigned_mediator),
    (State.IN_MEDIATION, Move.FAIL): Transition(State.FAILED, frozenset({MEDIATION}), _is_assigned_mediator),
    (State.FAILED, Move.REROUTE): Transition(State.TRIAGED, frozenset({INTAKE, COORDINATION})),
    # Dynamic adjustment: the coordinator sends a case in mediation another way without it failing first (a court
    # that referred it is not told of a failure that did not happen).
    (State.ASSIGNED, Move.REROUTE): Transition(State.TRIAGED, frozenset({COORDINATION})),
    (State.IN_MEDIATION, Move.REROUTE): Transition(State.TRIAGED, frozenset({COORDINATION})),
    (State.FAILED, Move.REQUEST_TERMINATION): Transition(
        State.TERMINATION_REVIEW, frozenset({MEDIATION, COORDINATION})
    ),
    (State.TERMINATION_REVIEW, Move.TERMINATE): Transition(State.TERMINATED, frozenset({COORDINATION})),
    (State.TERMINATION_REVIEW, Move.REROUTE): Transition(State.TRIAGED, frozenset({COORDINATION})),
    (State.TRANSFERRED, Move.REPORT_RESULT): Transition(State.RESOLVED, frozenset({COORDINATION, LIAISON})),
    (State.TRANSFERRED, Move.REROUTE): Transition(State.TRIAGED, frozenset({COORDINATION})),
    (State.RESOLVED, Move.CLOSE): Transition(State.CLOSED, FRONT_DESK),
    (State.CLOSED, Move.REOPEN): Transition(State.TRIAGED, frozenset({INTAKE, COORDINATION})),
    **{(state, Move.ESCALATE): Transition(state, FRONT_DESK, _can_escalate) for state in OPEN_BEFORE_ASSIGNMENT},
    # A case escalated after assignment waits for the higher level to assign its own mediator.
    **{
        (state, Move.ESCALATE): Transition(State.ACCEPTED, FRONT_DESK, _can_escalate)
        for state in OPEN_AFTER_ASSIGNMENT
    },
    **{
        (state, Move.WITHDRAW): Transition(State.WITHDRAWN, FRONT_DESK)
        for state in (*OPEN_BEFORE_ASSIGNMENT, *OPEN_AFTER_ASSIGNMENT, State.TRANSFERRED)
    },
    # With a reason and the parties' consent (jiefen.cases.moves.ExtendDeadlineForm); the old deadline stays in
    # the event, and the scheduler treats the new one as fresh.
    **{
        (state, Move.EXTEND_DEADLINE): Transition(state, frozenset({MEDIATION, COORDINATION}), _can_extend)
        for state in (State.ASSIGNED, State.IN_MEDIATION)
    },
    (State.TRANSFERRED, Move.EXTEND_DEADLINE): Transition(State.TRANSFERRED, frozenset({COORDINATION}), _can_extend),
    # The respondent cannot be reached or refuses (jiefen.respondent): mediation ends with that cause and the record
    # of undisputed facts; from ``failed`` the case is re-routed or goes to the termination review as any failure.
    **{
        (state, Move.RESPONDENT_ABSENT): Transition(State.FAILED, frozenset({MEDIATION}), _is_assigned_mediator)
        for state in (State.ASSIGNED, State.IN_MEDIATION)
    },
    # A duplicate found before anyone works on it is merged into the case that goes on; both keep their records.
    **{
        (state, Move.MERGE): Transition(State.MERGED, frozenset({INTAKE, COORDINATION}))
        for state in OPEN_BEFORE_ASSIGNMENT
    },
}

MOVES = tuple(dict.fromkeys(move for _state, move in TRANSITIONS))


def reachable_from(start: State) -> set[State]:
    """Every state some sequence of moves leads to from ``start`` (``start`` included)."""
    reachable, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for (source, _move), transition in TRANSITIONS.items():
            if source == state and transition.target not in reachable:
                reachable.add(transition.target)
                frontier.append(transition.target)
    return reachable


@dataclass(frozen=True)
class MoveOption:
    """A move as one user sees it on one case: allowed, or not with the reason why."""

    move: str
    label: str
    allowed: bool
    reason: str | None = None


def why_not(case: Case, move: str, user, post: str | None) -> str | None:
    """None when ``user`` (holding ``post``) may make ``move`` on ``case`` now, else the reason they may not."""
    transition = TRANSITIONS.get((case.state, move))
    if transition is None:
        return _("This move is not possible while the case is “%(state)s”.") % {"state": case.get_state_display()}
    if post not in transition.posts:
        return _("Your post may not make this move.")
    if transition.guard is not None:
        return transition.guard(case, user)
    return None


def options_for(case: Case, user, post: str | None) -> list[MoveOption]:
    """Every move that exists from the case's current state, each marked allowed or not for this user."""
    options = []
    for (state, move), _transition in TRANSITIONS.items():
        if state != case.state:
            continue
        reason = why_not(case, move, user, post)
        options.append(MoveOption(move, MOVE_LABELS[move], reason is None, reason))
    return options
