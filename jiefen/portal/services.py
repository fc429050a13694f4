"""The portal's rules: one-time codes and citizen accounts, submissions, evidence, access to progress, ratings.

Views call these functions and hold no rule of their own. Messages are English msgids, translated in
``locale/zh_Hans``.
"""

import hmac
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.cases.models import Case, CaseEvent, Party, PersonalDataView, State
from jiefen.cases.services import submit_dispute
from jiefen.core.calendar import is_working_day
from jiefen.core.idempotency import run_once
from jiefen.core.pii import digest
from jiefen.core.taxonomy import MEDIATION_METHODS, Method
from jiefen.core.validators import is_mobile
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import mark_read, serve_notice_on_submission, served_online
from jiefen.mediation import materials
from jiefen.mediation.models import MaterialVersion, Side
from jiefen.portal import codes
from jiefen.portal.models import (
    Appointment,
    AppointmentSlot,
    CitizenAccount,
    LoginCode,
    MethodResponse,
    Rating,
    Submission,
)

PER_IP_PER_HOUR = settings.JIEFEN_PORTAL_CODES_PER_IP_PER_HOUR

# Lower than the materials' own limit: a citizen's upload comes over a phone's network to a public site.
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 10
# A hint to the file picker only (the content decides): the types the materials accept, and the extensions of those
# a phone may not name by type.
ACCEPT = ",".join([*sorted(materials.ACCEPTED), ".heic", ".doc", ".docx", ".amr", ".m4a"])

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RATABLE_STATES = (State.CLOSED, State.TERMINATED)


# Each state as a citizen would say it (plain wording, no internal terms).
PUBLIC_LABELS = {
    State.REGISTERED: gettext_lazy("Received and registered"),
    State.TRIAGED: gettext_lazy("Examined; the way to handle it is being arranged"),
    State.ACCEPTED: gettext_lazy("Mediation agreed; a mediator is being chosen"),
    State.ASSIGNED: gettext_lazy("A mediator has been assigned"),
    State.IN_MEDIATION: gettext_lazy("Mediation in progress"),
    State.RESOLVED: gettext_lazy("Agreement reached"),
    State.FAILED: gettext_lazy("Mediation did not succeed; next steps are being considered"),
    State.TERMINATION_REVIEW: gettext_lazy("Under review before ending mediation"),
    State.TRANSFERRED: gettext_lazy("Passed to the competent agency, which handles it"),
    State.CLOSED: gettext_lazy("Done"),
    State.TERMINATED: gettext_lazy("Mediation ended without agreement"),
    State.REJECTED: gettext_lazy("Not accepted"),
    State.WITHDRAWN: gettext_lazy("Withdrawn"),
}


def public_label(state: str) -> str:
    return str(PUBLIC_LABELS.get(state) or State(state).label)


# ---- one-time codes and accounts ----

def normalise_phone(phone: str) -> str:
    """An 11-digit mobile number (codes go by text message), or a ValidationError on ``phone``."""
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    if not is_mobile(phone):
        raise ValidationError({"phone": [_("Enter your 11-digit mobile number, e.g. 13812345678.")]})
    return phone


def request_code(phone: str, ip: str | None = None) -> LoginCode:
    """Send a 6-digit code to ``phone``, valid 5 minutes; throttled per phone and per IP address."""
    phone = normalise_phone(phone)
    phone_digest, now = digest(phone), timezone.now()
    recent = LoginCode.objects.filter(created_at__gte=now - timedelta(hours=1))
    codes.refuse_too_soon(recent.filter(phone_digest=phone_digest), now)
    if ip and recent.filter(ip=ip).count() >= PER_IP_PER_HOUR:
        raise codes.TooManyRequests(
            _("Too many codes requested from this network in the last hour. Please try again later.")
        )
    return codes.send_code(
        phone, phone_digest,
        lambda code: _("Your jiefen login code is %(code)s, valid for 5 minutes. Do not tell anyone.") % {"code": code},
        lambda **fields: LoginCode.objects.create(phone_digest=phone_digest, ip=ip, **fields),
        now=now, error_field="phone",
    )


def verify_code(phone: str, code: str):
    """The citizen's user for ``phone`` if ``code`` is its latest valid code (created on first login)."""
    phone = normalise_phone(phone)
    phone_digest, now = digest(phone), timezone.now()
    login, right = codes.check_code(LoginCode.objects.filter(phone_digest=phone_digest), phone_digest, code, now)
    if not right:
        if login.attempts + 1 >= codes.MAX_ATTEMPTS:
            raise ValidationError({"code": [_("Too many wrong codes. Please ask for a new one.")]})
        raise ValidationError({"code": [_("The code is wrong. Please check the text message and try again.")]})
    return citizen_for(phone)


def citizen_for(phone: str):
    """The citizen user of this phone number, created the first time (keyed by the number's digest)."""
    phone_digest = digest(phone)
    account = CitizenAccount.objects.select_related("user").filter(phone_digest=phone_digest).first()
    if account:
        return account.user
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User.objects.create(username=f"citizen-{phone_digest[:24]}")
            user.set_unusable_password()
            user.save(update_fields=["password"])
            CitizenAccount.objects.create(user=user, phone=phone, phone_digest=phone_digest)
            return user
    except IntegrityError:
        return CitizenAccount.objects.get(phone_digest=phone_digest).user


def phone_of(user) -> str:
    account = CitizenAccount.objects.filter(user=user).first()
    return account.phone if account else ""


# ---- submissions and evidence ----

def check_files(files) -> None:
    """Refuse too many files, or any the materials do not accept (``mediation.materials.check_file``) or larger
    than the portal's limit, with a message naming each file (on ``files``)."""
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)d files at a time.") % {"n": MAX_FILES}]})
    errors = []
    for upload in files:
        try:
            materials.check_file(upload, MAX_FILE_SIZE)
        except ValidationError as error:
            errors.extend(error.message_dict["file"])
    if errors:
        raise ValidationError({"files": errors})


def _store(case: Case, user, files) -> list[MaterialVersion]:
    """Each file a material of the case: evidence the applicant's side added, seen by that side and staff (the
    portal's citizen is the applicant: they brought the case, or opened it with the applicant's phone)."""
    return [
        materials.add_by_party(case, user, {Side.APPLICANT}, upload, title=upload.name, max_size=MAX_FILE_SIZE)
        for upload in files
    ]


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def submit(*, citizen, phone: str, files=(), **dispute) -> Submission:
    """Register the citizen's dispute (``cases.services.submit_dispute``), add its evidence to the case's materials,
    give a tracking code, and serve the one-time notice on the portal.

    Files are checked first, so that a refused file registers nothing."""
    check_files(files)
    with transaction.atomic():
        case = submit_dispute(citizen=citizen, **dispute)
        submission = Submission.objects.create(
            case=case, citizen=citizen, tracking_code=new_tracking_code(), phone_digest=digest(phone),
        )
        _store(case, citizen, files)
        serve_notice_on_submission(case, citizen, submission.phone_digest)
    return submission


def submit_once(key: str, *, citizen, phone: str, files=(), **dispute) -> Submission:
    """``submit``, done once per ``key`` (the form's one-time key): the same form sent again answers with the first
    submission. The same key with other content raises ``KeyReused``."""
    if not key:
        return submit(citizen=citizen, phone=phone, files=files, **dispute)
    payload = {**dispute, "place": dispute["place"].code, "files": [(upload.name, upload.size) for upload in files]}
    submitted = []

    def work() -> Submission:
        submitted.append(submit(citizen=citizen, phone=phone, files=files, **dispute))
        return submitted[0]

    pk, ran_now = run_once(f"portal.submit:{citizen.pk}", key, payload, work)
    return submitted[0] if ran_now else Submission.objects.get(pk=pk)


def add_evidence(submission: Submission, user, files) -> list[MaterialVersion]:
    """More evidence from the citizen, all files or none, while the case is open."""
    if not files:
        raise ValidationError({"files": [_("Choose at least one file.")]})
    check_files(files)
    try:
        with transaction.atomic():
            return _store(submission.case, user, files)
    except PermissionDenied as refusal:
        raise ValidationError({"files": [str(refusal)]}) from None


# ---- who may see what ----

def access_submission(citizen, tracking_code: str, granted_cases=()) -> Submission:
    """The submission if ``citizen`` brought it, or this session was granted its case (tracking code and phone
    number given); otherwise 404."""
    submission = Submission.objects.select_related("case", "case__handling_org").filter(
        tracking_code=tracking_code.upper()).first()
    if submission is not None and (
        (citizen is not None and submission.citizen_id == citizen.pk) or submission.case_id in granted_cases
    ):
        return submission
    raise Http404(_("No such case."))


def submission_by_code(tracking_code: str, phone: str) -> Submission:
    """The submission with this code and phone number; 404 either way, never saying which was wrong."""
    code = (tracking_code or "").strip().upper().replace(" ", "").replace("-", "")
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    submission = Submission.objects.select_related("case").filter(tracking_code=code).first() if code else None
    if submission is None or not phone:
        raise Http404(_("No such case."))
    phone_digest = digest(phone)
    applicant_phone = Party.objects.filter(
        case=submission.case, role=Party.Role.APPLICANT, phone_digest=phone_digest
    ).exists()
    if not hmac.compare_digest(submission.phone_digest, phone_digest) and not applicant_phone:
        raise Http404(_("No such case."))
    return submission


def public_timeline(case: Case) -> list[dict]:
    """Registration and each change of state, with its date: no names, no reasons, nothing internal."""
    rows = []
    for event in CaseEvent.objects.filter(case=case).order_by("at", "id"):
        if event.from_state and event.from_state == event.to_state:
            continue
        rows.append({"at": event.at, "state": event.to_state, "label": public_label(event.to_state)})
    return rows


def data_views(case: Case) -> list[PersonalDataView]:
    """When the applicants' personal data was viewed, and by which organisation."""
    return list(
        PersonalDataView.objects.filter(party__case=case, party__role=Party.Role.APPLICANT)
        .only("viewer_organisation", "at").order_by("-at", "-id")
    )


# ---- ratings ----

def rating_of(submission: Submission) -> Rating | None:
    return Rating.objects.filter(case=submission.case, citizen=submission.citizen_id).first()


def rate(submission: Submission, stars, comment: str = "") -> Rating:
    """The citizen's rating of the service, 1 to 5 stars, once per case, once the case is closed.

    The caller has established that the visitor is the citizen of ``submission`` (logged in, or by tracking code
    and phone number)."""
    if submission.case.state not in RATABLE_STATES:
        raise ValidationError({"stars": [_("The service can be rated once the case is closed.")]})
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": [_("Choose from 1 to 5 stars.")]})
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": [_("The comment may be at most 1000 characters.")]})
    try:
        with transaction.atomic():
            return Rating.objects.create(case=submission.case, citizen=submission.citizen, stars=stars, comment=comment)
    except IntegrityError:
        raise ValidationError({"stars": [_("You have already rated this case. Thank you.")]}) from None


# ---- appointments ----

def bookable_slots(case: Case) -> list[AppointmentSlot]:
    """Open, future slots with room left at the case's handling organisation and the centres above it."""
    slots = (
        AppointmentSlot.objects.filter(
            organisation__path__in=case.handling_org.ancestor_paths(), is_open=True, starts_at__gt=timezone.now()
        )
        .select_related("organisation")
        .annotate(taken=Count("appointments", filter=Q(appointments__cancelled_at=None)))
        .order_by("starts_at", "id")
    )
    return [slot for slot in slots if slot.taken < slot.capacity][:12]


def current_appointment(case: Case) -> Appointment | None:
    return Appointment.objects.select_related("slot__organisation").filter(case=case, cancelled_at=None).first()


def book(submission: Submission, slot_pk) -> Appointment:
    """Book one of ``bookable_slots`` for the case; one open appointment per case, never beyond the capacity."""
    case = submission.case
    if not case.is_open:
        raise ValidationError({"slot": [_("Appointments can be made only while the case is open.")]})
    if str(slot_pk) not in {str(slot.pk) for slot in bookable_slots(case)}:
        raise ValidationError({"slot": [_("This time is no longer available. Please choose another.")]})
    with transaction.atomic():
        slot = AppointmentSlot.objects.select_for_update().get(pk=slot_pk)
        if slot.appointments.filter(cancelled_at=None).count() >= slot.capacity:
            raise ValidationError({"slot": [_("This time is no longer available. Please choose another.")]})
        if Appointment.objects.filter(case=case, cancelled_at=None).exists():
            raise ValidationError(
                {"slot": [_("You already have an appointment. Cancel it first to choose another time.")]}
            )
        return Appointment.objects.create(slot=slot, case=case, citizen=submission.citizen)


def cancel_appointment(submission: Submission) -> Appointment | None:
    appointment = current_appointment(submission.case)
    if appointment is not None:
        Appointment.objects.filter(pk=appointment.pk, cancelled_at=None).update(cancelled_at=timezone.now())
    return appointment


SLOT_TIMES = ((9, 0), (10, 0), (14, 30), (15, 30))


def open_slots(organisation, *, days: int = 10, capacity: int = 2, minutes: int = 60, start=None) -> int:
    """Open slots at ``organisation`` on the working days from ``start`` (tomorrow) for ``days`` days; a slot that
    exists already is left as it is. Returns how many were opened."""
    day = start or timezone.localdate() + timedelta(days=1)
    opened = 0
    for offset in range(days):
        current = day + timedelta(days=offset)
        if not is_working_day(current):
            continue
        for hour, minute in SLOT_TIMES:
            starts = timezone.make_aware(datetime.combine(current, time(hour, minute)))
            _slot, created = AppointmentSlot.objects.get_or_create(
                organisation=organisation, starts_at=starts,
                defaults={"ends_at": starts + timedelta(minutes=minutes), "capacity": capacity},
            )
            opened += created
    return opened


# ---- the proposed method ----

ANSWERABLE_STATES = (State.REGISTERED, State.TRIAGED)


def proposed_method(case: Case) -> str:
    """The method proposed to the citizen: the one on the case if staff set it, else people's mediation (free)."""
    return case.method if case.method in MEDIATION_METHODS else Method.PEOPLES_MEDIATION


def method_choices() -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in Method if m in MEDIATION_METHODS]


def latest_method_response(case: Case) -> MethodResponse | None:
    return MethodResponse.objects.filter(case=case).first()


def answer_method(submission: Submission, *, agreed: bool, method: str = "", note: str = "") -> MethodResponse:
    """Record the citizen's agreement to a mediation method, or their refusal, before staff record consent."""
    case = submission.case
    if case.state not in ANSWERABLE_STATES:
        raise ValidationError({"method": [_("The method can be answered only before mediation starts.")]})
    if agreed and method not in {value for value, _label in method_choices()}:
        raise ValidationError({"method": [_("Choose a method.")]})
    return MethodResponse.objects.create(
        case=case, citizen=submission.citizen, method=method if agreed else "", agreed=agreed,
        note=(note or "").strip()[:500],
    )


# ---- documents served on the portal ----

class NotTheParty(Exception):
    """The logged-in phone is not the one the case has for the party the document was served on."""


def open_served(citizen, token: str, *, read: bool = True) -> ServiceRecord:
    """The document served online under ``token``, for the citizen whose phone is the party's; the first opening
    is the read receipt. Http404 for an unknown token, NotTheParty for anybody else (who learns nothing more)."""
    record = served_online(token)
    if record is None:
        raise Http404(_("No such document."))
    phone = phone_of(citizen)
    if not phone or not record.party.phone_digest or digest(phone) != record.party.phone_digest:
        raise NotTheParty(_("This document was served on another phone number. Please log in with the mobile "
                            "number the centre has for you, or ask the centre."))
    if read:
        mark_read(record, reader=citizen)
    return record


def served_on_submission(submission: Submission) -> list[ServiceRecord]:
    """The documents served on the portal on the citizen of ``submission`` (the parties with their phone)."""
    return list(
        ServiceRecord.objects.filter(
            case=submission.case, method=ServiceRecord.Method.PORTAL, party__phone_digest=submission.phone_digest
        ).order_by("served_at", "id")
    )
