"""The demo network on Lianyungang: centres, sub-centres, stations and bodies, staff and mediators.

Organisation codes are a region's significant digits for its centre or station (``3207``, ``320706``,
``320706001``, ``320706001001``), and the region's digits plus a suffix for every other body (``3207-FY``).
About 1,900 organisations are created level by level with ``bulk_create``; ``path`` is set here exactly as
``Organisation.save`` would (the parent's path, then the code and a slash).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from jiefen.core.taxonomy import Level
from jiefen.demo.people import People
from jiefen.orgs.models import Mediator, Organisation, Post, Staff
from jiefen.regions.models import SIGNIFICANT_DIGITS, Region
from jiefen.regions.names import village_short_name

CITY_CODE = "320700000000"
COUNTY_CODE = "320706000000"  # 海州区: the county the demo staff work in
PASSWORD = "jiefen2026"
BATCH = 500
Kind = Organisation.Kind

# code suffix, name after the city's name, kind, specialties (exactly the taxonomy's category labels)
CITY_BODIES = [
    ("LDZC", "劳动人事争议仲裁委员会", Kind.ARBITRATION, ["劳动争议"]),
    ("YLTJ", "医疗纠纷人民调解委员会", Kind.INDUSTRY_MEDIATION, ["医疗"]),
    ("JTTJ", "道路交通事故纠纷人民调解委员会", Kind.INDUSTRY_MEDIATION, ["道路交通事故"]),
    ("GZC", "连云港公证处", Kind.NOTARY, []),
    ("LSTJ", "律师调解工作室", Kind.LAWYER_MEDIATION, ["合同", "民间借贷"]),
    ("ZJFY", "中级人民法院", Kind.COURT, []),
]
# The courts themselves (not their sub-centres): where judicial confirmation is applied for (jiefen.agreements).
COURT_OF_COUNTY = "RMFY"
COURT_SUFFIX = "FY"

# username, full name, level of the demo organisation (city, county or township centre; village stations 1 and 2;
# the city's labour arbitration commission and notary office), post
USERS = [
    ("city_intake", "赵静怡", "city", Post.INTAKE),
    ("city_mediator", "钱国栋", "city", Post.MEDIATION),
    ("city_coordinator", "孙立新", "city", Post.COORDINATION),
    ("city_liaison", "李文娟", "city", Post.LIAISON),
    ("city_assessor", "周明远", "city", Post.ASSESSMENT),
    ("city_leader", "吴建华", "city", Post.LEADER),
    ("county_intake", "郑晓燕", "county", Post.INTAKE),
    ("county_mediator", "王德明", "county", Post.MEDIATION),
    ("county_coordinator", "冯志刚", "county", Post.COORDINATION),
    ("county_liaison", "陈丽华", "county", Post.LIAISON),
    ("county_assessor", "褚海峰", "county", Post.ASSESSMENT),
    ("county_leader", "卫东升", "county", Post.LEADER),
    ("town_intake", "蒋雨欣", "township", Post.INTAKE),
    ("town_mediator", "沈桂芳", "township", Post.MEDIATION),
    ("town_coordinator", "韩学军", "township", Post.COORDINATION),
    ("town_liaison", "杨秀英", "township", Post.LIAISON),
    ("town_assessor", "朱宏伟", "township", Post.ASSESSMENT),
    ("town_leader", "秦建国", "township", Post.LEADER),
    ("village_mediator", "许春梅", "village", Post.MEDIATION),
    ("village2_mediator", "何玉兰", "village2", Post.MEDIATION),
    ("village_grid", "钱晓东", "village", Post.GRID),
    # The labour arbitration commission works on the platform: its clerk answers the urges on the queue.
    ("arbitration_clerk", "邵文博", "arbitration", Post.LIAISON),
    # So does the city's notary office: its clerk records the steps of the agreements handed to it.
    ("notary_clerk", "柏雅琴", "notary", Post.LIAISON),
]
USERNAMES = [row[0] for row in USERS]
USER_MEDIATORS = {
    "city_mediator": (Mediator.Grade.CHIEF, ["合同", "民间借贷", "知识产权"]),
    "county_mediator": (Mediator.Grade.SENIOR, ["道路交通事故", "劳动争议", "征地拆迁", "消费"]),
    "town_mediator": (Mediator.Grade.SENIOR, ["婚姻家庭", "邻里", "民间借贷", "合同", "房屋宅基地"]),
    "village_mediator": (Mediator.Grade.ORDINARY, ["邻里", "婚姻家庭", "损害赔偿", "环境污染"]),
    "village2_mediator": (Mediator.Grade.ORDINARY, ["邻里", "合同", "物业"]),
}

# Mediators in the registry only (no account): key, name, place ("township" or an organisation code suffix
# under the city / 海州区), grade, invited, specialties.
REGISTRY_MEDIATORS = [
    ("qy-lawyer", "潘志远", "township", Mediator.Grade.SENIOR, True, ["合同", "民间借贷"]),
    ("qy-veteran", "田秀珍", "township", Mediator.Grade.CHIEF, False, ["邻里", "婚姻家庭", "山林土地"]),
    ("qy-judge", "丁国梁", "township", Mediator.Grade.SENIOR, True, ["房屋宅基地", "损害赔偿"]),
    ("med-1", "卢伟民", "3207-YLTJ", Mediator.Grade.CHIEF, False, ["医疗"]),
    ("med-2", "姜慧敏", "3207-YLTJ", Mediator.Grade.SENIOR, True, ["医疗"]),
    ("traffic-1", "崔永强", "3207-JTTJ", Mediator.Grade.SENIOR, False, ["道路交通事故"]),
    ("traffic-2", "钟晓红", "3207-JTTJ", Mediator.Grade.ORDINARY, False, ["道路交通事故", "损害赔偿"]),
    ("lawyer-1", "汪建平", "3207-LSTJ", Mediator.Grade.SENIOR, True, ["合同", "民间借贷"]),
    ("lawyer-2", "范静", "3207-LSTJ", Mediator.Grade.ORDINARY, True, ["合同", "知识产权"]),
    ("court-city", "石磊", "3207-FY", Mediator.Grade.SENIOR, True, ["合同", "婚姻家庭"]),
    ("court-county", "陆明华", "320706-FY", Mediator.Grade.SENIOR, True, ["婚姻家庭", "房屋宅基地", "合同"]),
]
STATION_MEDIATOR_SPECIALTIES = ["邻里", "婚姻家庭"]


def org_code(region_code: str, level: str) -> str:
    return region_code[: SIGNIFICANT_DIGITS[level]]


@dataclass
class OrgSpec:
    code: str
    name: str
    kind: str
    level: str
    region_id: int
    parent: str | None
    specialties: list = field(default_factory=list)
    address: str = ""


@dataclass
class DemoNetwork:
    """What the case builder needs: organisations by code, users by username, mediators by key."""

    orgs: dict[str, Organisation]
    users: dict
    mediators: dict[str, Mediator]
    township: str  # code of the demo township centre
    villages: list[str]  # region codes of its villages, in code order


def _plan(regions: list[dict]) -> list[list[OrgSpec]]:
    """Organisations to exist, in generations: every parent is in an earlier generation than its children."""
    by_code = {region["code"]: region for region in regions}
    full_names: dict[str, str] = {}
    for region in regions:  # sorted by code: a parent comes before its children
        parent = by_code.get(region["parent_code"])
        own = village_short_name(region["name"]) if region["level"] == "village" else region["name"]
        full_names[region["code"]] = (full_names.get(parent["code"], "") if parent else "") + own
    city = by_code[CITY_CODE]
    city_org = org_code(city["code"], Level.CITY)
    generations: list[list[OrgSpec]] = [[], [], [], []]
    generations[0].append(
        OrgSpec(city_org, f"{city['name']}非诉讼服务中心", Kind.CENTRE, Level.CITY, city["id"], None,
                address=full_names[city["code"]])
    )
    generations[1].append(
        OrgSpec(f"{city_org}-{COURT_SUFFIX}", f"{city['name']}中级人民法院非诉讼服务分中心", Kind.SUB_CENTRE,
                Level.CITY, city["id"], city_org, address=full_names[city["code"]])
    )
    for suffix, name, kind, specialties in CITY_BODIES:
        generations[1].append(
            OrgSpec(f"{city_org}-{suffix}", f"{city['name']}{name}", kind, Level.CITY, city["id"], city_org,
                    specialties, address=full_names[city["code"]])
        )
    for region in regions:
        level = region["level"]
        if level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
            continue
        code = org_code(region["code"], level)
        parent_region = by_code[region["parent_code"]]
        parent = org_code(parent_region["code"], parent_region["level"])
        address = full_names[region["code"]]
        if level == Level.COUNTY:
            generations[1].append(
                OrgSpec(code, f"{region['name']}非诉讼服务中心", Kind.CENTRE, level, region["id"], parent,
                        address=address)
            )
            generations[2].append(
                OrgSpec(f"{code}-{COURT_SUFFIX}", f"{region['name']}人民法院非诉讼服务分中心", Kind.SUB_CENTRE,
                        level, region["id"], code, address=address)
            )
            generations[2].append(
                OrgSpec(f"{code}-{COURT_OF_COUNTY}", f"{region['name']}人民法院", Kind.COURT, level, region["id"],
                        code, address=address)
            )
        elif level == Level.TOWNSHIP:
            generations[2].append(
                OrgSpec(code, f"{region['name']}非诉讼服务中心", Kind.CENTRE, level, region["id"], parent,
                        address=address)
            )
        else:
            generations[3].append(
                OrgSpec(code, f"{village_short_name(region['name'])}非诉讼服务站", Kind.STATION, level,
                        region["id"], parent, address=address)
            )
    return generations


def build_organisations() -> dict[str, Organisation]:
    """Create the organisations that do not exist yet (matched by code); return every planned one by code."""
    city = Region.objects.get(code=CITY_CODE)
    regions = list(
        Region.objects.filter(code__startswith=city.prefix)
        .order_by("code")
        .values("id", "code", "name", "level", "parent__code")
    )
    for region in regions:
        region["parent_code"] = region.pop("parent__code")
    generations = _plan(regions)
    wanted = [spec.code for generation in generations for spec in generation]
    orgs: dict[str, Organisation] = {}
    for start in range(0, len(wanted), BATCH):
        orgs.update((org.code, org) for org in Organisation.objects.filter(code__in=wanted[start : start + BATCH]))
    for generation in generations:
        new = []
        for spec in generation:
            if spec.code in orgs:
                continue
            parent = orgs[spec.parent] if spec.parent else None
            new.append(
                Organisation(
                    code=spec.code, name=spec.name, kind=spec.kind, level=spec.level, region_id=spec.region_id,
                    parent=parent, path=f"{parent.path if parent else ''}{spec.code}/",
                    specialties=spec.specialties, address=spec.address,
                )
            )
        if not new:
            continue
        Organisation.objects.bulk_create(new, batch_size=BATCH)
        if any(org.pk is None for org in new):  # a backend that cannot return ids from a bulk insert
            codes = [org.code for org in new]
            for start in range(0, len(codes), BATCH):
                orgs.update(
                    (org.code, org) for org in Organisation.objects.filter(code__in=codes[start : start + BATCH])
                )
        else:
            orgs.update((org.code, org) for org in new)
    return orgs


def demo_places(orgs: dict[str, Organisation]) -> tuple[str, list[str]]:
    """The demo township (the first of 海州区 by code) and the region codes of its villages, in code order."""
    county = org_code(COUNTY_CODE, Level.COUNTY)
    township = min(
        code for code, org in orgs.items() if org.level == Level.TOWNSHIP and org.kind == Kind.CENTRE
        and code.startswith(county)
    )
    villages = sorted(
        code for code, org in orgs.items() if org.kind == Kind.STATION and code.startswith(township)
    )
    return township, villages


def build_people(orgs: dict[str, Organisation]) -> DemoNetwork:
    """Demo users with their posts, the mediators of the registry, and a mediator at each demo village station."""
    township, villages = demo_places(orgs)
    org_of_level = {
        "city": org_code(CITY_CODE, Level.CITY),
        "county": org_code(COUNTY_CODE, Level.COUNTY),
        "township": township,
        "village": villages[0],
        "village2": villages[1],
        "arbitration": f"{org_code(CITY_CODE, Level.CITY)}-LDZC",
        "notary": f"{org_code(CITY_CODE, Level.CITY)}-GZC",
    }
    User = get_user_model()
    existing = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    password = make_password(PASSWORD)  # hashing is slow on purpose: once for every demo user
    new_users = [
        User(username=username, first_name=name, last_name="", password=password)
        for username, name, _level, _post in USERS
        if username not in existing
    ]
    User.objects.bulk_create(new_users)
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}

    with_staff = set(Staff.objects.filter(user__in=users.values()).values_list("user__username", flat=True))
    Staff.objects.bulk_create(
        Staff(user=users[username], organisation=orgs[org_of_level[level]], post=post, phone=_office_phone(index))
        for index, (username, _name, level, post) in enumerate(USERS)
        if username not in with_staff
    )

    linked = set(Mediator.objects.filter(user__in=users.values()).values_list("user__username", flat=True))
    new_mediators: dict[str, Mediator] = {}
    for username, name, level, post in USERS:
        if post == Post.MEDIATION and username not in linked:
            grade, specialties = USER_MEDIATORS[username]
            new_mediators[username] = Mediator(
                name=name, organisation=orgs[org_of_level[level]], user=users[username], grade=grade,
                specialties=specialties,
            )
    for key, name, place, grade, invited, specialties in REGISTRY_MEDIATORS:
        organisation = orgs[township if place == "township" else place]
        new_mediators[key] = Mediator(
            name=name, organisation=organisation, grade=grade, is_invited=invited, specialties=specialties
        )
    names = _station_mediator_names(len(villages))
    for village, name in zip(villages, names, strict=True):
        if village in (villages[0], villages[1]):
            continue  # these stations have the demo users village_mediator and village2_mediator
        new_mediators[f"station:{village}"] = Mediator(
            name=name, organisation=orgs[village], specialties=STATION_MEDIATOR_SPECIALTIES
        )
    # Registry mediators have no natural key: find the ones a previous run made by organisation and name.
    present = set(
        Mediator.objects.filter(user__isnull=True, organisation__in=[m.organisation for m in new_mediators.values()])
        .values_list("organisation_id", "name")
    )
    for key, mediator in list(new_mediators.items()):
        if mediator.user is None and (mediator.organisation.pk, mediator.name) in present:
            del new_mediators[key]
    Mediator.objects.bulk_create(new_mediators.values())
    mediators: dict[str, Mediator] = {}
    city_path = orgs[org_of_level["city"]].path
    in_city = Mediator.objects.filter(organisation__path__startswith=city_path)
    for mediator in in_city.select_related("user", "organisation"):
        key = _mediator_key(mediator, township)
        if key:
            mediators[key] = mediator
    return DemoNetwork(orgs=orgs, users=users, mediators=mediators, township=township, villages=villages)


def _mediator_key(mediator: Mediator, township: str) -> str | None:
    if mediator.user is not None:
        return mediator.user.username
    for key, name, place, *_rest in REGISTRY_MEDIATORS:
        if mediator.name == name and mediator.organisation.code == (township if place == "township" else place):
            return key
    if mediator.organisation.kind == Kind.STATION:
        return f"station:{mediator.organisation.code}"
    return None


def _station_mediator_names(count: int) -> list[str]:
    people = People(seed=1782)
    return [people.name("f" if index % 2 else "m") for index in range(count)]


def _office_phone(index: int) -> str:
    return f"0518-8552{index:04d}"
