"""The rules of agreements and their enforceability. Views, the API and the scheduler call these and hold none.

- **Confirmation by the parties.** A party logs in on the portal with the phone number the case has for them,
  reads the agreement's canonical text (``text.canonical_text``), asks for a one-time code by text message and
  enters it: a ``PartyConfirmation`` records when, who, and the SHA-256 of that exact text. The code is bound to
  the hash shown when it was asked for, and the confirmation to the hash the party had on screen; a revised
  agreement (a new ``Agreement`` row) or a changed text needs new confirmations.
- **Judicial confirmation** (司法确认, People's Mediation Law art. 33, Civil Procedure Law arts. 205–206): from an
  agreement every party has confirmed, the joint application to the competent basic court (``competent_court``),
  then its steps: filed → accepted → confirmed | refused, each a note on the timeline. The application window is
  30 days from the day the agreement took effect (``window_closes_on``).
- **Notarial enforcement** (公证赋强, Notarisation Law art. 37): a debt agreement handed to a notary office, then
  accepted, notarised with its certificate number, or refused with the reason. A notary office on the platform
  records these steps itself (``jiefen.agreements.notary``); for one off it, the case's mediators do.
"""

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.agreements.models import (
    WINDOW_DAYS,
    ConfirmationCode,
    CourtApplication,
    IntermediateCourtThreshold,
    NotarialRequest,
    PartyConfirmation,
    WindowWarning,
)
from jiefen.agreements.text import agreement_hash, canonical_text, ordered_parties
from jiefen.cases.models import Agreement, Case, State
from jiefen.cases.services import IllegalMove, access_case, advance_tracked, note_on_case
from jiefen.cases.workflow import (
    AGREEMENT_CONFIRMED,
    AGREEMENT_REVISED,
    JUDICIAL_CONFIRMATION,
    NOTARIAL_ENFORCEMENT,
    Move,
)
from jiefen.core.calendar import WorkingDays
from jiefen.core.forms import cleaned_or_raise
from jiefen.core.pii import digest
from jiefen.core.taxonomy import Category, Channel, Level
from jiefen.documents.docx_style import chinese_date
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post
from jiefen.portal import codes
from jiefen.supervision import agencies

# A case with an agreement: resolved, or closed afterwards.
AGREED_STATES = (State.RESOLVED, State.CLOSED)
# Who prepares and records the court and notary steps: the case's mediators and coordinators.
ENFORCEMENT_POSTS = (Post.MEDIATION, Post.COORDINATION)
# Thresholds of the intermediate court's first-instance jurisdiction do not apply to intellectual property disputes
# (法发〔2021〕27号 art. 5), whose agreements on ownership courts do not confirm anyway (SPC interpretation of the
# Civil Procedure Law art. 355 (5)).
NO_THRESHOLDS = {Category.INTELLECTUAL_PROPERTY}
# Disputes whose agreement is a debt to pay: the categories of money owed, or any case with an amount in dispute.
DEBT_CATEGORIES = {Category.PRIVATE_LENDING, Category.CONTRACT}

LEGAL_BASIS = {
    "judicial": ["人民调解法:第33条", "民事诉讼法:第205条", "民事诉讼法:第206条",
                 "最高人民法院关于人民调解协议司法确认程序的若干规定:第2条"],
    "notarial": ["公证法:第37条", "民事诉讼法:第249条"],
}


# ---- the parties' confirmation ----


@dataclass(frozen=True)
class PartyStatus:
    party: object
    confirmation: PartyConfirmation | None

    @property
    def confirmed(self) -> bool:
        return self.confirmation is not None


def confirmation_status(agreement: Agreement) -> list[PartyStatus]:
    """Each party of the agreement's case, with their confirmation of this agreement's current text (None when
    they have not confirmed it, or confirmed a text that has changed since)."""
    parties = ordered_parties(agreement.case)
    current = agreement_hash(agreement, parties)
    confirmed = {
        c.party_id: c for c in PartyConfirmation.objects.filter(agreement=agreement, text_sha256=current)
    }
    return [PartyStatus(party, confirmed.get(party.pk)) for party in parties]


def fully_confirmed(agreement: Agreement | None) -> bool:
    return agreement is not None and all(status.confirmed for status in confirmation_status(agreement))


def _phone_digest_of(citizen) -> str:
    from jiefen.portal.services import phone_of  # the portal's account: imported late, portal imports documents

    phone = phone_of(citizen)
    return digest(phone) if phone else ""


def agreements_to_confirm(citizen) -> list[Agreement]:
    """The current agreements of the cases where the citizen's phone is a party's, newest first."""
    phone_digest = _phone_digest_of(citizen)
    if not phone_digest:
        return []
    cases = Case.objects.filter(parties__phone_digest=phone_digest, state__in=AGREED_STATES).distinct()
    agreements = [case.current_agreement() for case in cases.order_by("-registered_at")[:20]]
    return [agreement for agreement in agreements if agreement is not None]


def open_agreement(citizen, agreement_pk) -> tuple[Agreement, list]:
    """The agreement and the citizen's parties in its case, when the citizen's phone is a party's; Http404 for
    anybody else, who learns nothing (not even that the agreement exists)."""
    phone_digest = _phone_digest_of(citizen) if citizen is not None else ""
    agreement = Agreement.objects.select_related("case").filter(pk=agreement_pk).first() if phone_digest else None
    if agreement is None:
        raise Http404(_("No such agreement."))
    mine = [p for p in agreement.case.parties.all() if p.phone_digest and p.phone_digest == phone_digest]
    if not mine:
        raise Http404(_("No such agreement."))
    return agreement, mine


def is_current(agreement: Agreement) -> bool:
    current = agreement.case.current_agreement()
    return current is not None and current.pk == agreement.pk


def _code_scope(agreement_pk: int, phone_digest: str) -> str:
    return f"agreement:{agreement_pk}:{phone_digest}"


def _may_confirm(agreement: Agreement) -> None:
    if not is_current(agreement):
        raise ValidationError({"agreement": [_("This agreement has been replaced by a revised one.")]})
    if agreement.case.state not in AGREED_STATES:
        raise ValidationError({"agreement": [_("This agreement cannot be confirmed now.")]})


def request_code(citizen, agreement_pk, *, now=None) -> ConfirmationCode:
    """Text a 6-digit code to the citizen's phone to confirm this agreement's text as it reads now."""
    from jiefen.portal.services import phone_of

    agreement, _parties = open_agreement(citizen, agreement_pk)
    _may_confirm(agreement)
    now = now or timezone.now()
    phone = phone_of(citizen)
    phone_digest = digest(phone)
    codes.refuse_too_soon(
        ConfirmationCode.objects.filter(phone_digest=phone_digest, created_at__gte=now - timedelta(hours=1)), now
    )
    sha = agreement_hash(agreement)
    return codes.send_code(
        phone, _code_scope(agreement.pk, phone_digest),
        lambda code: _(
            "Your code to confirm the mediation agreement of case %(number)s (text fingerprint %(sha)s) is "
            "%(code)s, valid for 5 minutes. Entering it confirms that you accept the agreement."
        ) % {"number": agreement.case.number, "sha": sha[:8], "code": code},
        lambda **fields: ConfirmationCode.objects.create(
            agreement=agreement, phone_digest=phone_digest, text_sha256=sha, **fields
        ),
        now=now, error_field="code",
    )


def confirm(citizen, agreement_pk, code: str, text_sha256: str, *, ip: str | None = None) -> list[PartyConfirmation]:
    """Record the citizen's confirmation of the agreement text they read (``text_sha256``, sent back by the page),
    for each of their parties in the case, if ``code`` is the latest valid code for that same text."""
    agreement, parties = open_agreement(citizen, agreement_pk)
    _may_confirm(agreement)
    phone_digest = parties[0].phone_digest
    now = timezone.now()
    current = agreement_hash(agreement)
    if text_sha256 != current:
        raise ValidationError({"code": [_("The agreement's text has changed since you opened it. Please read it "
                                          "again and ask for a new code.")]})

    def same_text(row) -> None:
        if row.text_sha256 != current:
            raise ValidationError({"code": [_("The agreement's text has changed since the code was sent. Please "
                                              "read it again and ask for a new code.")]})

    _row, right = codes.check_code(
        ConfirmationCode.objects.filter(agreement=agreement, phone_digest=phone_digest),
        _code_scope(agreement.pk, phone_digest), code, now, still_valid=same_text,
    )
    if not right:
        raise ValidationError({"code": [_("The code is wrong. Please check the text message and try again.")]})
    confirmations = []
    with transaction.atomic():
        for party in parties:
            if PartyConfirmation.objects.filter(agreement=agreement, party=party, text_sha256=current).exists():
                continue
            try:
                with transaction.atomic():
                    confirmation = PartyConfirmation.objects.create(
                        agreement=agreement, party=party, party_name=party.name, text_sha256=current,
                        citizen=citizen, ip=ip,
                    )
            except IntegrityError:
                continue  # confirmed a moment ago in another tab
            note_on_case(agreement.case, AGREEMENT_CONFIRMED, actor=citizen, payload={
                "party": party.name, "sha256": current,
            })
            confirmations.append(confirmation)
    return confirmations


def revise_agreement(case: Case, actor, data) -> Agreement:
    """A new text of the agreement of a resolved case (the earlier row stays; its confirmations no longer count),
    by the case's mediator, before any court or notary has it."""
    from jiefen.cases.moves import AgreementForm

    staff = staff_of(actor)
    case = access_case(actor, case.pk)
    if staff is None or staff.post != Post.MEDIATION:
        raise PermissionDenied(_("Only the case's mediator may revise the agreement."))
    if case.mediator is not None and case.mediator.user_id not in (None, actor.pk):
        raise PermissionDenied(_("Only the mediator assigned to this case may do this."))
    if case.state != State.RESOLVED:
        raise IllegalMove(case, AGREEMENT_REVISED, _("Only the agreement of a resolved case can be revised."))
    current = case.current_agreement()
    if current is not None and _live_elsewhere(current):
        raise IllegalMove(case, AGREEMENT_REVISED, _(
            "The agreement is with a court or a notary office; record their answer before revising it."
        ))
    form = AgreementForm(data, case=case, actor=actor, move=Move.AGREE)
    cleaned_or_raise(form)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            case=case, recorded_by=actor, mediator_name=case.mediator.name if case.mediator else "",
            organisation_name=case.handling_org.name,
            **{name: form.cleaned_data[name] for name in ("facts", "terms", "performance", "signed_on")},
        )
        note_on_case(case, AGREEMENT_REVISED, actor=actor, reason=form.cleaned_data.get("reason", ""), payload={
            "signed_on": agreement.signed_on.isoformat(), "sha256": agreement_hash(agreement),
        })
    return agreement


def _live_elsewhere(agreement: Agreement) -> bool:
    return (
        CourtApplication.objects.filter(agreement=agreement).exclude(
            status__in=(*CourtApplication.ENDED, CourtApplication.Status.PREPARED)
        ).exists()
        or NotarialRequest.objects.filter(agreement=agreement).exclude(status=NotarialRequest.Status.REFUSED).exists()
    )


# ---- the 30-day window ----


def window_closes_on(agreement: Agreement, days: WorkingDays | None = None) -> datetime.date:
    """The last day to apply for judicial confirmation: 30 days after the agreement took effect (on signing,
    People's Mediation Law art. 29; the day itself not counted, Civil Code art. 201), moved to the next working
    day when it falls on a rest day or holiday (Civil Code art. 203). ``days``: a calendar to reuse."""
    days = days or WorkingDays()
    last = agreement.signed_on + timedelta(days=WINDOW_DAYS)
    while not days.is_working(last):
        last += timedelta(days=1)
    return last


def window_warnings_due(today: datetime.date) -> list[tuple[int, datetime.date, int, int]]:
    """(case id, last day, stage, handling organisation id) for every agreement whose window closes within the
    furthest active ``WindowWarning``, that no court has had yet, and that has no warning of the nearest stage yet
    (one warning per stage: the 7-day one, then the 2-day one as shipped; a scheduler that was down sends only the
    nearest). Reads the agreements signed in the few days whose windows are still open and close within the
    warnings' horizon, through the ``signed_on`` index."""
    from jiefen.scheduler.models import Firing

    warnings = list(WindowWarning.objects.filter(is_active=True).values_list("days_before", flat=True))
    if not warnings:
        return []
    horizon = max(warnings)
    days = WorkingDays()
    # A window is still open today when its 30th day comes after the last working day before today (the days
    # between, if any, are rest days, which move the last day to today or later).
    before = today - timedelta(days=1)
    while not days.is_working(before):
        before -= timedelta(days=1)
    earliest = before - timedelta(days=WINDOW_DAYS - 1)
    latest = today + timedelta(days=horizon) - timedelta(days=WINDOW_DAYS)  # a holiday only moves a last day later
    newer = Agreement.objects.filter(case=OuterRef("case"), recorded_at__gt=OuterRef("recorded_at"))
    # Filed (whatever came of it since, but a refusal): the parties have used the window, or chosen to withdraw.
    filed = CourtApplication.objects.filter(agreement=OuterRef("pk")).exclude(
        status__in=(CourtApplication.Status.PREPARED, CourtApplication.Status.REFUSED)
    )
    rows = (
        Agreement.objects.filter(signed_on__range=(earliest, latest), case__state__in=AGREED_STATES)
        .filter(~Exists(newer), ~Exists(filed))
        .values_list("case_id", "signed_on", "case__handling_org_id")
    )
    due = []
    for case_id, signed_on, org in rows:
        last = window_closes_on(Agreement(signed_on=signed_on), days)
        left = (last - today).days
        if not 0 <= left <= horizon:
            continue
        stage = min(n for n in warnings if n >= left)
        due.append((case_id, last, stage, org))
    if not due:
        return []
    fired = set(
        Firing.objects.filter(kind=Firing.Kind.CONFIRMATION_WINDOW, case_id__in={d[0] for d in due})
        .values_list("case_id", "deadline", "stage")
    )
    return [d for d in due if (d[0], d[1], d[2]) not in fired]


# ---- judicial confirmation ----


def _require(actor, case: Case) -> Case:
    staff = staff_of(actor)
    case = access_case(actor, case.pk)
    if staff is None or staff.post not in ENFORCEMENT_POSTS:
        raise PermissionDenied(_("Only mediators and coordinators deal with courts and notary offices."))
    return case


def _county_region(region):
    while region is not None and region.level not in (Level.COUNTY, Level.CITY):
        region = region.parent
    return region if region is not None and region.level == Level.COUNTY else None


def _city_region(region):
    while region is not None and region.level != Level.CITY:
        region = region.parent
    return region


def _province_of(party) -> str:
    """The province (two digits of GB/T 2260) of a party's domicile as its papers say: a person's household
    registration in the resident ID number (digits 1–6), an organisation's registering authority in the credit code
    (characters 3–8); "" when the party has neither."""
    number = party.id_number or ""
    if party.kind == party.Kind.PERSON and len(number) == 18:
        return number[:2]
    if party.kind == party.Kind.ORGANISATION and len(number) == 18:
        return number[2:4]
    return ""


def intermediate_threshold(case: Case, court: Organisation) -> IntermediateCourtThreshold | None:
    """The active threshold that puts the case's dispute at the intermediate court ``court``, if any: the lowest
    one its amount in dispute reaches, counting the thresholds for a party domiciled outside the court's province
    only when one is."""
    if case.amount is None or case.category in NO_THRESHOLDS:
        return None
    province = court.region.code[:2]
    outside = any(
        _province_of(party) not in ("", province) for party in case.parties.filter(is_representative=False)
    )
    thresholds = IntermediateCourtThreshold.objects.filter(is_active=True, amount__lte=case.amount)
    if not outside:
        thresholds = thresholds.filter(party_outside_province=False)
    return thresholds.order_by("amount").first()


def _intermediate(case: Case) -> tuple[Organisation | None, str]:
    """The intermediate court of the city the mediating organisation lies in, when the dispute belongs to it."""
    city = _city_region(case.handling_org.region)
    court = courts().filter(region=city, level=Level.CITY).first() if city else None
    threshold = intermediate_threshold(case, court) if court is not None else None
    if threshold is None:
        return None, ""
    return court, _(
        "The dispute belongs to the intermediate court (Civil Procedure Law art. 205 (2) and art. 19): "
        "%(amount)s yuan in dispute, from %(threshold)s yuan by %(rule)s."
    ) % {"amount": f"{case.amount:,.2f}", "threshold": f"{threshold.amount:,.0f}", "rule": threshold.rule}


def courts():
    return Organisation.objects.filter(kind=Organisation.Kind.COURT, is_active=True).select_related("region")


def competent_court(case: Case) -> tuple[Organisation | None, str]:
    """The court to apply to, and why (Civil Procedure Law art. 205):

    1. a dispute a court referred to mediation (委派, before filing): that court — the court whose sub-centre
       took the referral in, i.e. the basic court of the county the receiving organisation sits in (art. 205 (一);
       SPC rules on judicial confirmation art. 2 para. 2);
    2. a dispute that belongs at first instance to the intermediate court (art. 205 (二), last clause; art. 19: by
       the amount in dispute, ``IntermediateCourtThreshold``): the intermediate court of the city the mediating
       organisation lies in, with the rule;
    3. otherwise the basic court where the mediating organisation is (调解组织所在地, art. 205 (二)): the court of
       the county (district) the handling organisation lies in.

    Art. 205 (二) also allows the court of a party's domicile or of the property; staff may choose one of those
    instead, saying why. None when the registry has no court for the place (a city-level organisation): staff
    choose."""
    if case.channel == Channel.COURT:
        referral = getattr(case, "referral", None)
        sender_org = getattr(getattr(referral, "sender", None), "organisation", None)
        county = _county_region(sender_org.region) if sender_org is not None else None
        court = courts().filter(region=county, level=Level.COUNTY).first() if county else None
        if court is not None:
            return court, _("The court that referred the dispute to mediation (Civil Procedure Law art. 205 (1)).")
    court, basis = _intermediate(case)
    if court is not None:
        return court, basis
    county = _county_region(case.handling_org.region)
    court = courts().filter(region=county, level=Level.COUNTY).first() if county else None
    if court is not None:
        return court, _("The basic court where the mediating organisation is (Civil Procedure Law art. 205 (2)).")
    return None, ""


def live_application(agreement: Agreement | None) -> CourtApplication | None:
    if agreement is None:
        return None
    return CourtApplication.objects.filter(agreement=agreement).exclude(
        status__in=CourtApplication.ENDED
    ).select_related("court").first()


def prepare_application(case: Case, actor, *, court: Organisation | None = None, basis: str = "",
                        today: datetime.date | None = None) -> CourtApplication:
    """The joint application for judicial confirmation of the case's agreement, once every party has confirmed
    it on the portal, within the 30-day window, to the competent court or another the staff member names with the
    reason."""
    case = _require(actor, case)
    return _prepare(case, actor, court=court, basis=basis, today=today)


def prefill_application(case: Case, actor, *, today: datetime.date | None = None) -> CourtApplication:
    """The same application, to the competent court, prepared because a party owed reported an item of the
    agreement not performed (jiefen.followups): ``actor`` may be that party on the portal, whom the caller has
    checked; the case's mediators then print it and have it signed."""
    return _prepare(case, actor, court=None, basis="", today=today)


def _prepare(case: Case, actor, *, court, basis, today) -> CourtApplication:
    today = today or timezone.localdate()
    agreement = case.current_agreement()
    if case.state not in AGREED_STATES or agreement is None:
        raise IllegalMove(case, JUDICIAL_CONFIRMATION, _("The case has no agreement to confirm."))
    if not fully_confirmed(agreement):
        raise ValidationError({"agreement": [_("Every party must first confirm the agreement on the portal.")]})
    last = window_closes_on(agreement)
    if today > last:
        raise ValidationError({"agreement": [_(
            "The 30-day window for judicial confirmation closed on %(date)s (People's Mediation Law art. 33)."
        ) % {"date": last.isoformat()}]})
    default, default_basis = competent_court(case)
    court = court or default
    if court is None:
        raise ValidationError({"court": [_("Choose the court to apply to.")]})
    if court.kind != Organisation.Kind.COURT or not court.is_active:
        raise ValidationError({"court": [_("Choose a court from the registry.")]})
    if default is None or court.pk != default.pk:
        if not basis.strip():
            raise ValidationError({"basis": [_(
                "Say why this court: the parties' domicile or the place of the property (Civil Procedure Law "
                "art. 205 (2))."
            )]})
    else:
        basis = basis.strip() or default_basis
    if live_application(agreement) is not None:
        raise IllegalMove(case, JUDICIAL_CONFIRMATION, _("An application for this agreement already exists."))
    try:
        with transaction.atomic():
            application = CourtApplication.objects.create(
                case=case, agreement=agreement, text_sha256=agreement_hash(agreement), court=court,
                court_name=court.name, court_basis=basis.strip()[:255], window_closes_on=last, prepared_by=actor,
            )
            note_on_case(case, JUDICIAL_CONFIRMATION, actor=actor, reason=_(
                "Joint application for judicial confirmation prepared, to %(court)s; last day to file: %(date)s."
            ) % {"court": court.name, "date": chinese_date(last)}, payload={
                "status": application.status, "organisation": court.name,
            })
    except IntegrityError:
        raise IllegalMove(case, JUDICIAL_CONFIRMATION, _("An application for this agreement already exists.")) \
            from None
    return application


# status reached → statuses it may come from
COURT_STEPS = {
    CourtApplication.Status.FILED: (CourtApplication.Status.PREPARED,),
    CourtApplication.Status.ACCEPTED: (CourtApplication.Status.FILED,),
    CourtApplication.Status.CONFIRMED: (CourtApplication.Status.ACCEPTED,),
    CourtApplication.Status.REFUSED: (CourtApplication.Status.FILED, CourtApplication.Status.ACCEPTED),
    # Before the court rules (SPC interpretation of the Civil Procedure Law art. 357; SPC rules on judicial
    # confirmation art. 5 para. 2).
    CourtApplication.Status.WITHDRAWN: (CourtApplication.Status.FILED, CourtApplication.Status.ACCEPTED),
}
STEP_DATE = {
    CourtApplication.Status.FILED: "filed_on",
    CourtApplication.Status.ACCEPTED: "accepted_on",
    CourtApplication.Status.CONFIRMED: "decided_on",
    CourtApplication.Status.REFUSED: "decided_on",
    CourtApplication.Status.WITHDRAWN: "withdrawn_on",
}


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(_("No such application.")) from None


def court_application(actor, case: Case, pk) -> CourtApplication:
    case = access_case(actor, case.pk)
    application = CourtApplication.objects.filter(case=case, pk=_id(pk)).select_related("court", "agreement").first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def record_court_step(application: CourtApplication, actor, status: str, *, on: datetime.date,
                      court_case_number: str = "", ruling_number: str = "", ruling_text: str = "",
                      reason: str = "") -> CourtApplication:
    """The next step of an application, as the court made it: filed (the day the parties handed it in), accepted
    (with the court's 调确字 number), confirmed (the ruling that the agreement is valid) or refused (the ruling that
    rejects or does not accept it, with its reasons); or withdrawn by the parties before the court ruled, with
    their reason (the window's warnings stop: the parties have made their choice)."""
    case = _require(actor, application.case)
    if status not in COURT_STEPS:
        raise ValidationError({"status": [_("Unknown step.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    earlier = [d for d in (application.filed_on, application.accepted_on) if d]
    if earlier and on < max(earlier):
        raise ValidationError({"on": [_("The date cannot be before the previous step.")]})
    if status in (CourtApplication.Status.CONFIRMED, CourtApplication.Status.REFUSED) and not ruling_number.strip():
        raise ValidationError({"ruling_number": [_("Enter the number of the court's ruling.")]})
    if status == CourtApplication.Status.REFUSED and not ruling_text.strip():
        raise ValidationError({"ruling_text": [_("Enter what the court ruled and why.")]})
    if status == CourtApplication.Status.WITHDRAWN and not reason.strip():
        raise ValidationError({"reason": [_("Say why the parties withdraw the application.")]})
    changes = {"status": status, STEP_DATE[status]: on}
    if status == CourtApplication.Status.WITHDRAWN:
        changes["withdrawal_reason"] = reason.strip()
    if court_case_number.strip():
        changes["court_case_number"] = court_case_number.strip()
    if ruling_number.strip():
        changes["ruling_number"] = ruling_number.strip()
    if ruling_text.strip():
        changes["ruling_text"] = ruling_text.strip()
    with transaction.atomic():
        advance_tracked(application, status, COURT_STEPS[status], changes, case=case, what=JUDICIAL_CONFIRMATION,
                        refused=_("The application is “%(current)s”: it cannot become “%(next)s”."))
        note_on_case(case, JUDICIAL_CONFIRMATION, actor=actor, reason=_court_reason(application), payload={
            "status": status, "organisation": application.court_name,
            "court_case_number": application.court_case_number, "ruling_number": application.ruling_number,
        })
    return application


def _court_reason(application: CourtApplication) -> str:
    status, court = application.status, application.court_name
    S = CourtApplication.Status
    if status == S.FILED:
        return _("Application filed with %(court)s on %(date)s.") % {
            "court": court, "date": chinese_date(application.filed_on)}
    if status == S.ACCEPTED:
        return _("%(court)s accepted the application on %(date)s.") % {
            "court": court, "date": chinese_date(application.accepted_on)}
    if status == S.CONFIRMED:
        return _("%(court)s ruled the agreement valid on %(date)s (%(number)s).") % {
            "court": court, "date": chinese_date(application.decided_on), "number": application.ruling_number}
    if status == S.WITHDRAWN:
        return _("The parties withdrew the application to %(court)s on %(date)s: %(reason)s") % {
            "court": court, "date": chinese_date(application.withdrawn_on), "reason": application.withdrawal_reason}
    return _("%(court)s refused the application on %(date)s (%(number)s): %(text)s") % {
        "court": court, "date": chinese_date(application.decided_on), "number": application.ruling_number,
        "text": application.ruling_text}


# ---- notarial enforcement ----


def is_debt_case(case: Case) -> bool:
    """A debt agreement: a loan or other money owed (民间借贷, 合同), or any dispute over an amount of money."""
    return case.category in DEBT_CATEGORIES or case.amount is not None


def notaries():
    return Organisation.objects.filter(kind=Organisation.Kind.NOTARY, is_active=True).order_by("path")


def live_notarisation(agreement: Agreement | None) -> NotarialRequest | None:
    if agreement is None:
        return None
    return NotarialRequest.objects.filter(agreement=agreement).exclude(
        status=NotarialRequest.Status.REFUSED
    ).select_related("notary").first()


def request_notarisation(case: Case, actor, *, notary: Organisation, undertaking: bool,
                         today: datetime.date | None = None) -> NotarialRequest:
    """Hand the case's debt agreement, confirmed by every party, to a notary office for a deed with enforcement
    effect. ``undertaking``: the agreement says the debtor accepts compulsory enforcement if they do not pay
    (Notarisation Law art. 37; without it the deed cannot be enforced)."""
    case = _require(actor, case)
    agreement = case.current_agreement()
    if case.state not in AGREED_STATES or agreement is None:
        raise IllegalMove(case, NOTARIAL_ENFORCEMENT, _("The case has no agreement to notarise."))
    if not is_debt_case(case):
        raise ValidationError({"agreement": [_("Notarial enforcement is for agreements to pay money or deliver "
                                               "goods (Notarisation Law art. 37).")]})
    if not fully_confirmed(agreement):
        raise ValidationError({"agreement": [_("Every party must first confirm the agreement on the portal.")]})
    if not undertaking:
        raise ValidationError({"undertaking": [_(
            "The agreement must state that the debtor accepts compulsory enforcement (Notarisation Law art. 37)."
        )]})
    if notary is None or notary.kind != Organisation.Kind.NOTARY or not notary.is_active:
        raise ValidationError({"notary": [_("Choose a notary office from the registry.")]})
    if live_notarisation(agreement) is not None:
        raise IllegalMove(case, NOTARIAL_ENFORCEMENT, _("This agreement is already with a notary office."))
    try:
        with transaction.atomic():
            request = NotarialRequest.objects.create(
                case=case, agreement=agreement, notary=notary, notary_name=notary.name,
                requested_on=today or timezone.localdate(), requested_by=actor,
            )
            note_on_case(case, NOTARIAL_ENFORCEMENT, actor=actor, reason=_(
                "Agreement handed to %(notary)s for notarisation with enforcement effect."
            ) % {"notary": notary.name}, payload={"notarial_status": request.status, "organisation": notary.name})
    except IntegrityError:
        raise IllegalMove(case, NOTARIAL_ENFORCEMENT, _("This agreement is already with a notary office.")) from None
    return request


def notarial_request(actor, case: Case, pk) -> NotarialRequest:
    case = access_case(actor, case.pk)
    request = NotarialRequest.objects.filter(case=case, pk=_id(pk)).select_related("notary").first()
    if request is None:
        raise Http404(_("No such request."))
    return request


# status reached → statuses it may come from
NOTARY_STEPS = {
    NotarialRequest.Status.ACCEPTED: (NotarialRequest.Status.REQUESTED,),
    NotarialRequest.Status.NOTARISED: NotarialRequest.OPEN,
    NotarialRequest.Status.REFUSED: NotarialRequest.OPEN,
}


def office_records_itself(request: NotarialRequest) -> bool:
    """Whether the notary office works on the platform: its staff then record its steps, the mediators do not."""
    return agencies.on_platform(request.notary)


def record_notary_result(request: NotarialRequest, actor, status: str, *, on: datetime.date,
                         certificate_number: str = "", note: str = "") -> NotarialRequest:
    """The case's mediators or coordinators record what a notary office off the platform did."""
    case = _require(actor, request.case)
    if office_records_itself(request):
        raise IllegalMove(case, NOTARIAL_ENFORCEMENT, _(
            "%(notary)s works on the platform: its staff record its steps there."
        ) % {"notary": request.notary_name})
    return record_notary_step(request, actor, status, on=on, certificate_number=certificate_number, note=note)


def record_notary_step(request: NotarialRequest, actor, status: str, *, on: datetime.date,
                       certificate_number: str = "", note: str = "") -> NotarialRequest:
    """The notary office's next step, a note on the case's timeline under the name of whoever recorded it: accepted;
    the certificate with enforcement effect issued, with its number; or refused, with the reason. The caller has
    checked who may record it (``record_notary_result`` for the case's staff, ``jiefen.agreements.notary`` for the
    office's own)."""
    S = NotarialRequest.Status
    case = request.case
    if status not in NOTARY_STEPS:
        raise ValidationError({"status": [_("Unknown step.")]})
    earliest = request.accepted_on or request.requested_on
    if on > timezone.localdate() or on < earliest:
        raise ValidationError({"on": [_("The date must lie between the previous step and today.")]})
    if status == S.NOTARISED and not certificate_number.strip():
        raise ValidationError({"certificate_number": [_("Enter the number of the notarial certificate.")]})
    if status == S.REFUSED and not note.strip():
        raise ValidationError({"note": [_("Say why the notary office refused.")]})
    changes = {"status": status}
    if status == S.ACCEPTED:
        changes["accepted_on"] = on
    else:
        changes.update(decided_on=on, certificate_number=certificate_number.strip())
    if note.strip():
        changes["note"] = note.strip()
    with transaction.atomic():
        advance_tracked(request, status, NOTARY_STEPS[status], changes, case=case, what=NOTARIAL_ENFORCEMENT,
                        refused=_("The request is “%(current)s”: it cannot become “%(next)s”."))
        note_on_case(case, NOTARIAL_ENFORCEMENT, actor=actor, reason=_notary_reason(request), payload={
            "notarial_status": status, "organisation": request.notary_name,
            "certificate_number": request.certificate_number,
        })
    return request


def _notary_reason(request: NotarialRequest) -> str:
    S = NotarialRequest.Status
    notary = request.notary_name
    if request.status == S.ACCEPTED:
        return _("%(notary)s accepted the request on %(date)s.") % {
            "notary": notary, "date": chinese_date(request.accepted_on)}
    if request.status == S.NOTARISED:
        return _("%(notary)s notarised the agreement with enforcement effect on %(date)s (%(number)s).") % {
            "notary": notary, "date": chinese_date(request.decided_on), "number": request.certificate_number}
    return _("%(notary)s refused to notarise the agreement on %(date)s: %(note)s") % {
        "notary": notary, "date": chinese_date(request.decided_on), "note": request.note}


__all__ = [
    "canonical_text",
    "competent_court",
    "confirm",
    "confirmation_status",
    "prepare_application",
    "record_court_step",
    "record_notary_result",
    "record_notary_step",
    "request_code",
    "request_notarisation",
    "window_closes_on",
]
