import itertools
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from jiefen.cases.groups import group_summary
from jiefen.cases.models import Case, CaseEvent, MediationSession, Party, State
from jiefen.cases.workflow import Move
from jiefen.core.taxonomy import Category
from jiefen.demo.network import PASSWORD, USERS
from jiefen.exchange.models import Referral
from jiefen.orgs.models import Mediator, Organisation, Post, Staff
from jiefen.regions.models import Region
from jiefen.regions.names import village_short_name
from jiefen.screening.models import FieldReport

pytestmark = pytest.mark.usefixtures("demo")
Kind = Organisation.Kind
CATEGORIES = set(Category.values)


@pytest.mark.parametrize(
    "nbs, everyday",
    [
        ("西门社区居委会", "西门社区"),
        ("观海社区居民委员会", "观海社区"),
        ("双河社区居委员", "双河社区"),
        ("夏庄居委会", "夏庄社区"),
        ("李庄村委会", "李庄村"),
        ("东陬山村村委会", "东陬山村"),
        ("李埝林场生活区", "李埝林场生活区"),
        ("连云港碱厂虚拟社区", "连云港碱厂虚拟社区"),
    ],
)
def test_village_names_lose_the_committee_suffix(nbs, everyday):
    assert village_short_name(nbs) == everyday


def test_the_demo_loads_quickly_and_prints_every_login(demo):
    assert demo.seconds < 30
    for username, name, *_rest in USERS:
        assert username in demo.output
        assert name in demo.output
    assert PASSWORD in demo.output
    assert "朐阳街道非诉讼服务中心" in demo.output


def test_the_network_has_a_centre_in_every_county_and_township_and_a_station_in_every_village(db):
    city = Organisation.objects.get(code="3207")
    assert (city.name, city.kind, city.level, city.parent) == ("连云港市非诉讼服务中心", Kind.CENTRE, "city", None)

    regions = {region.code: region for region in Region.objects.filter(code__startswith="3207")}
    orgs = {org.code: org for org in Organisation.objects.select_related("parent", "region")}
    for code, region in regions.items():
        own = orgs[region.prefix]
        assert own.region == region
        assert own.level == region.level
        if region.level == "county":
            assert (own.kind, own.parent.code) == (Kind.CENTRE, "3207")
            assert own.name == f"{region.name}非诉讼服务中心"
        elif region.level == "township":
            assert (own.kind, own.parent.code) == (Kind.CENTRE, code[:6])
        elif region.level == "village":
            assert own.kind == Kind.STATION
            assert own.parent.code == code[:9]
            assert own.parent.kind == Kind.CENTRE
            assert own.name.endswith("非诉讼服务站")
            assert "委员会" not in own.name and "委会" not in own.name
            assert own.escalation_target() == own.parent

    assert Organisation.objects.filter(kind=Kind.STATION).count() == 1782
    assert Organisation.objects.filter(kind=Kind.CENTRE, level="township").count() == 109
    assert Organisation.objects.filter(kind=Kind.CENTRE, level="county").count() == 7
    assert orgs["320706001001"].name == "西门社区非诉讼服务站"
    assert orgs["320706001"].name == "朐阳街道非诉讼服务中心"


def test_every_path_is_what_organisation_save_would_compute(db):
    for org in Organisation.objects.select_related("parent"):
        assert org.path == f"{org.parent.path if org.parent else ''}{org.code}/"


def test_the_court_sub_centres_and_the_city_bodies(db):
    city = Organisation.objects.get(code="3207")
    court = Organisation.objects.get(code="3207-FY")
    assert (court.name, court.kind, court.level, court.parent) == (
        "连云港市中级人民法院非诉讼服务分中心", Kind.SUB_CENTRE, "city", city
    )
    county_courts = Organisation.objects.filter(kind=Kind.SUB_CENTRE, level="county").select_related("parent")
    assert county_courts.count() == 7
    for sub_centre in county_courts:
        assert sub_centre.code == f"{sub_centre.parent.code}-FY"
        assert sub_centre.parent.kind == Kind.CENTRE
        assert sub_centre.name.endswith("人民法院非诉讼服务分中心")
    assert Organisation.objects.get(code="320706-FY").name == "海州区人民法院非诉讼服务分中心"

    bodies = {
        org.name: (org.kind, org.level, org.specialties, org.parent_id)
        for org in Organisation.objects.filter(parent=city).exclude(kind__in=[Kind.CENTRE, Kind.SUB_CENTRE])
    }
    assert bodies == {
        "连云港市劳动人事争议仲裁委员会": (Kind.ARBITRATION, "city", ["劳动争议"], city.pk),
        "连云港市医疗纠纷人民调解委员会": (Kind.INDUSTRY_MEDIATION, "city", ["医疗"], city.pk),
        "连云港市道路交通事故纠纷人民调解委员会": (Kind.INDUSTRY_MEDIATION, "city", ["道路交通事故"], city.pk),
        "连云港市连云港公证处": (Kind.NOTARY, "city", [], city.pk),
        "连云港市律师调解工作室": (Kind.LAWYER_MEDIATION, "city", ["合同", "民间借贷"], city.pk),
        "连云港市中级人民法院": (Kind.COURT, "city", [], city.pk),
    }
    # The basic courts, one per county, where judicial confirmation is applied for.
    assert Organisation.objects.filter(kind=Kind.COURT, level="county").count() == 7
    assert Organisation.objects.get(code="320706-RMFY").name == "海州区人民法院"


EXPECTED_ORG = {"city": "3207", "county": "320706", "town": "320706001"}


def test_the_demo_users_hold_their_posts_at_their_level(db):
    User = get_user_model()
    staff = {s.user.username: s for s in Staff.objects.select_related("user", "organisation")}
    assert set(staff) == {username for username, *_rest in USERS}
    posts = {"intake": Post.INTAKE, "mediator": Post.MEDIATION, "coordinator": Post.COORDINATION,
             "liaison": Post.LIAISON, "assessor": Post.ASSESSMENT, "leader": Post.LEADER}
    for level, org_code in EXPECTED_ORG.items():
        for suffix, post in posts.items():
            member = staff[f"{level}_{suffix}"]
            assert (member.organisation.code, member.post) == (org_code, post)
    assert staff["village_mediator"].organisation.code == "320706001001"
    assert staff["village2_mediator"].organisation.code == "320706001002"
    for member in staff.values():
        assert len(member.user.first_name) >= 2 and member.user.last_name == ""
        assert all("\u4e00" <= char <= "\u9fff" for char in member.user.first_name)
    user = User.objects.get(username="village_mediator")
    assert user.check_password(PASSWORD)
    assert len({u.password for u in User.objects.filter(username__in=staff)}) == 1


def test_every_mediation_post_has_a_mediator_record_and_the_registry_has_more(db):
    for member in Staff.objects.filter(post=Post.MEDIATION).select_related("user"):
        mediator = Mediator.objects.get(user=member.user)
        assert mediator.organisation_id == member.organisation_id
        assert mediator.name == member.user.first_name
        assert mediator.specialties
    registry = Mediator.objects.filter(user__isnull=True)
    assert registry.filter(organisation__code="320706001").count() >= 2
    assert registry.filter(organisation__code="3207-YLTJ").exists()
    assert registry.filter(organisation__code="3207-JTTJ").exists()
    assert registry.filter(organisation__code="3207-LSTJ").exists()
    stations = Organisation.objects.filter(kind=Kind.STATION, code__startswith="320706001")
    assert not stations.annotate(n=Count("mediators")).filter(n=0).exists()
    for mediator in Mediator.objects.all():
        assert set(mediator.specialties) <= CATEGORIES


def test_cases_in_every_state_with_complete_timelines(db):
    cases = list(Case.objects.prefetch_related("events", "parties"))
    assert 30 <= len(cases) <= 50
    assert {case.state for case in cases} == set(State.values)
    for case in cases:
        events = list(case.events.all())
        assert events[0].move == Move.REGISTER and events[0].from_state == ""
        for before, after in itertools.pairwise(events):
            assert after.from_state == before.to_state
            assert after.at >= before.at
        assert events[-1].to_state == case.state
        assert case.registered_at == events[0].at
        roles = sorted(party.role for party in case.parties.all())
        if case.is_group:  # many claimants, one of them their representative, against one respondent
            assert roles.count(Party.Role.APPLICANT) >= 2 and roles[-1:] == [Party.Role.RESPONDENT]
            assert sum(party.is_representative for party in case.parties.all()) == 1
        else:
            assert roles == [Party.Role.APPLICANT, Party.Role.RESPONDENT]
        for party in case.parties.all():
            party.full_clean()  # valid resident ID / credit code and phone
        assert case.place.level == "village"
        assert case.category in CATEGORIES or case.state in (State.REGISTERED, State.REJECTED, State.MERGED)
    assert CaseEvent.objects.filter(move=Move.ESCALATE).count() >= 2
    assert len({case.category for case in cases if case.category}) >= 12
    assert Case.objects.filter(place__code__startswith="320706001").count() > len(cases) / 2


def test_a_group_dispute_with_its_claimants_outcomes(db):
    case = Case.objects.get(is_group=True)
    summary = group_summary(case)
    assert summary.claimants == 12 and case.risk == "橙" and case.state == State.IN_MEDIATION
    assert summary.counts == {"paid": 5, "partly_paid": 3} and summary.pending == 4
    assert summary.total_claimed == case.amount == Decimal("181500")
    assert summary.total_obtained == Decimal("21600") + 19800 + 18000 + 18000 + 16500 + 3 * 10000


def test_the_village_mediators_have_cases_waiting_on_them(db):
    User = get_user_model()
    first, second = User.objects.get(username="village_mediator"), User.objects.get(username="village2_mediator")
    mine = Case.objects.filter(mediator__user=first)
    assert mine.filter(state=State.ASSIGNED).exists()
    assert mine.filter(state=State.IN_MEDIATION).exists()
    assert Case.objects.filter(mediator__user=second).open().exists()
    seen = set(Case.objects.visible_to(first).values_list("handling_org__code", flat=True))
    assert seen == {"320706001001"}
    assert not Case.objects.visible_to(first).filter(mediator__user=second).exists()
    assert MediationSession.objects.filter(recorded_by=first).exists()


def test_open_cases_have_deadlines_and_the_timeline_is_in_the_past(db):
    now = timezone.now()
    assert not CaseEvent.objects.filter(at__gt=now).exists()
    in_hand = Case.objects.filter(state__in=[State.ASSIGNED, State.IN_MEDIATION])
    assert in_hand.exists() and not in_hand.filter(deadline__isnull=True).exists()
    earliest = Case.objects.order_by("registered_at").first().registered_at
    assert (now - earliest).days >= 28  # the demo spreads its cases over the past weeks


def test_a_second_run_creates_nothing_and_returns_at_once(db):
    models = [Region, Organisation, get_user_model(), Staff, Mediator, Case, CaseEvent, Party, MediationSession]
    before = {model.__name__: model.objects.count() for model in models}
    out = StringIO()
    started = time.monotonic()

    call_command("load_demo", stdout=out)

    assert time.monotonic() - started < 0.5
    assert {model.__name__: model.objects.count() for model in models} == before
    assert "already loaded" in out.getvalue()
    assert "village2_mediator" in out.getvalue()


def test_quiet_prints_nothing(db):
    out = StringIO()
    call_command("load_demo", "--quiet", stdout=out)
    assert out.getvalue() == ""


def test_one_case_came_from_a_court_and_shows_who_referred_it(db, client):
    referral = Referral.objects.select_related("case", "sender").get()
    sender = referral.sender
    assert (sender.name, sender.kind, referral.referral_kind) == ("海州区人民法院", "court", "delegated")
    assert referral.case.channel == "court" and referral.case.state == State.TRIAGED
    assert referral.external_reference.endswith("苏0706民诉前调118号")
    client.force_login(get_user_model().objects.get(username="county_liaison"))
    page = client.get(f"/cases/{referral.case_id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "海州区人民法院" in page and f"/referrals/deliveries/?case={referral.case_id}" in page
def test_the_demo_grid_worker_has_a_lead_waiting_and_a_report_registered_as_a_case(db):
    grid = Staff.objects.get(user__username="village_grid")
    assert (grid.organisation.code, grid.post) == ("320706001001", Post.GRID)
    reports = {report.status: report for report in FieldReport.objects.filter(reporter=grid.user)}
    assert set(reports) == {"open", "case"}
    assert reports["open"].station == grid.organisation
    assert reports["case"].case.channel == "informant" and reports["case"].case.handling_org == grid.organisation


def test_cases_waiting_for_triage_have_their_proposal_and_the_triage_decisions_answer_one(db):
    from jiefen.triage.models import Proposal, TriageDecision

    waiting = Case.objects.filter(state=State.REGISTERED, channel="window")
    assert waiting.exists()
    assert not waiting.exclude(proposals__trigger=Proposal.Trigger.REGISTRATION).exists()
    assert not Proposal.objects.values("case").annotate(n=Count("id")).filter(n__gt=1).exists()
    decisions = TriageDecision.objects.filter(case__channel="window")
    assert decisions.exists() and not decisions.filter(proposal=None).exists()


def test_closed_cases_have_follow_ups_and_one_a_schedule_of_performance(db):
    from jiefen.followups.models import FollowUp, PerformanceItem

    closed = Case.objects.filter(state=State.CLOSED, events__move=Move.CLOSE).distinct()  # not the refusals
    assert closed.exists()
    assert FollowUp.objects.filter(case__in=closed).order_by().values("case").distinct().count() == closed.count()
    items = PerformanceItem.objects.all()
    assert items.count() == 2 and items.filter(marks__status="performed").count() == 1


def test_a_citizens_portal_case_lists_their_uploads_among_the_materials(db, client):
    from jiefen.demo.portal import CITIZEN_PHONE
    from jiefen.mediation.materials import materials_for_sides, materials_for_staff

    case = Case.objects.get(channel="portal")
    applicant = case.parties.get(role=Party.Role.APPLICANT)
    listed = {m.title: m for m in materials_for_staff(case)}
    assert list(listed) == ["天花板漏水.png", "维修报价单.pdf", "上门查看的照片"]
    assert [v.number for v in listed["上门查看的照片"].versions.all()] == [2, 1]
    upload = listed["天花板漏水.png"].versions.get()
    assert (upload.added_by_name, upload.added_as, upload.added_by.citizen_account.phone) == (
        applicant.name, "申请人一方", CITIZEN_PHONE)
    assert upload.file.read(8) == b"\x89PNG\r\n\x1a\n"
    assert [m.title for m in materials_for_sides(case, {"respondent"})] == ["上门查看的照片"]
    client.force_login(get_user_model().objects.get(username="village_mediator"))
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "维修报价单.pdf" in page and "补拍，光线更好" in page and f"{applicant.name}（申请人一方）" in page


def test_supervision_reaches_the_agencies_and_the_assessors_have_cases_to_grade(db, client):
    from jiefen.supervision import agencies, services
    from jiefen.supervision.models import AgencyAnswer, Urge, UrgeMessage

    User = get_user_model()
    clerk = User.objects.get(username="arbitration_clerk")
    assert (clerk.staff.organisation.code, clerk.staff.post) == ("3207-LDZC", Post.LIAISON)
    answered = AgencyAnswer.objects.select_related("urge").get(recorded_by=clerk)
    assert answered.urge.channel == "platform" and answered.channel == "platform"
    # A second urge to the commission waits on the clerk's queue; its day has passed (unless the holidays squeezed
    # the demo's days together), so it is late on the township coordinator's queue too.
    (waiting,) = agencies.urges_to(clerk)
    late = list(agencies.overdue_urges(User.objects.get(username="town_coordinator")))
    assert late == ([waiting] if waiting.reply_by < timezone.localdate() else [])
    client.force_login(clerk)
    queue = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="agency-urges"' in queue and waiting.content in queue

    texted = Urge.objects.get(channel="sms")
    assert texted.agency.code == "3207-GZC" and texted.agency_contact is not None
    assert UrgeMessage.objects.get(urge=texted).sent_at is not None

    graded = Case.objects.get(outcome_grades__isnull=False)
    county_assessor = User.objects.get(username="county_assessor")
    waiting_grade = list(services.awaiting_grade(county_assessor))
    assert waiting_grade and graded not in waiting_grade
    assert all(earlier.ended_at <= later.ended_at for earlier, later in itertools.pairwise(waiting_grade))


def test_the_notary_clerk_has_the_loan_agreement_waiting_and_the_coordinator_sees_it_waiting(db, client):
    from jiefen.agreements import notary
    from jiefen.supervision import enforceability

    User = get_user_model()
    clerk = User.objects.get(username="notary_clerk")
    assert (clerk.staff.organisation.code, clerk.staff.post) == ("3207-GZC", Post.LIAISON)
    (request,) = notary.requests_to(clerk)
    assert request.status == "requested" and request.case.summary == "亲戚间借款五万元纠纷"
    assert "自愿接受依法强制执行" in request.agreement.terms
    client.force_login(clerk)
    queue = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="notarial-requests"' in queue and request.case.number in queue
    assert client.get(f"/notary/requests/{request.pk}/").status_code == 200

    (waiting,) = enforceability.supervised_agreements(User.objects.get(username="town_coordinator"))
    assert waiting.row == request and waiting.waited_days >= 0


def test_the_demo_has_a_session_moved_a_video_session_and_a_duty_mediator_for_the_walk_in(db):
    from jiefen.mediation import walk_in
    from jiefen.mediation.models import SessionPlan

    stairwell = Case.objects.get(summary="邻居楼道堆放杂物堵塞消防通道")
    plans = list(SessionPlan.objects.filter(case=stairwell).order_by("number"))
    assert [plan.status for plan in plans] == ["rescheduled", "scheduled"] and plans[1].replaces == plans[0]
    assert CaseEvent.objects.filter(case=stairwell, move="session_rescheduled").exists()
    assert SessionPlan.objects.get(case__summary="离婚后探望子女受阻").video_link.startswith("https://")

    walk_in_case = Case.objects.get(summary="物业公司追缴业主两年物业费")
    duty = get_user_model().objects.get(username="town_mediator")
    assert walk_in_case.state == State.REGISTERED and walk_in.why_not_take(walk_in_case, duty) is None


def test_preparing_the_site_again_changes_nothing_and_keeps_the_slots_open(demo, db):
    from jiefen.portal.models import AppointmentSlot

    call_command("prepare_site", stdout=StringIO())  # the first run adds the hotline's demo to the fixture's
    cases, users = Case.objects.count(), get_user_model().objects.count()
    out = StringIO()
    call_command("prepare_site", stdout=out)
    steps = [line for line in out.getvalue().splitlines() if line.startswith("==> ")]
    assert steps == ["==> Migrating the database", "==> Loading the law library", "==> Loading the demo"]
    assert "already loaded" in out.getvalue()
    assert (Case.objects.count(), get_user_model().objects.count()) == (cases, users)
    assert AppointmentSlot.objects.filter(organisation__code="320706001001", starts_at__gte=timezone.now()).exists()
