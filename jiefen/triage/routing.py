"""Where a dispute should go: the method, the organisation and its level, a mediator, and the deadline that follows,
each choice with its reason (DESIGN C2, C4).

The level follows 小事不出村、大事不出镇: a simple dispute of one village stays at the village station; a complex one,
or one between villages, goes to the township centre; one between townships to the county, between counties to the
city. A category with its own body goes there whatever the level: medical disputes to the medical dispute mediation
committee, road traffic accidents to the traffic committee, administrative disputes to reconsideration, and labour
disputes to a labour mediator near the parties or else to the labour arbitration commission. Among equal
candidates the least loaded (open cases) is proposed.
"""

import copy
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.cases.services import deadline_for
from jiefen.core.taxonomy import LEVEL_RANK, Category, Complexity, Level, Method, Risk
from jiefen.orgs.models import Mediator, Organisation, organisation_serving
from jiefen.regions.models import SIGNIFICANT_DIGITS, Region
from jiefen.regions.names import village_short_name
from jiefen.triage.methods import default_method

Kind = Organisation.Kind

# Categories with a specialised body: the kinds it may be and words of its name (the method there is the
# category's own, ``methods.METHOD_BY_CATEGORY``).
SPECIALISED_BODIES: dict[str, dict] = {
    Category.MEDICAL: {"kinds": (Kind.INDUSTRY_MEDIATION, Kind.PEOPLES_MEDIATION), "name_words": ("医疗", "医患")},
    Category.TRAFFIC: {"kinds": (Kind.INDUSTRY_MEDIATION, Kind.PEOPLES_MEDIATION), "name_words": ("交通",)},
    Category.ADMINISTRATIVE: {"kinds": (Kind.ADMINISTRATIVE,), "name_words": ("复议",)},
}
LABOUR_ARBITRATION = {"kinds": (Kind.ARBITRATION,), "name_words": ("劳动",)}
MEDIATOR_CANDIDATES = 3


@dataclass(frozen=True)
class Crossing:
    level: str = ""  # "", "village", "township" or "county": the widest division the parties' places differ in
    places: tuple[str, ...] = ()

    def detail(self) -> str:
        names = {"village": "不同村（社区）", "township": "不同乡镇街道", "county": "不同县区"}
        return f"当事人地址分属{names[self.level]}（{'、'.join(self.places)}）" if self.level else ""


def crossing_of(case: Case) -> Crossing:
    """Whether the case's place and its parties' addresses lie in different villages, townships or counties: the
    names of divisions of the case's county (and of the city's counties) are looked for in the addresses."""
    code = case.place.code
    county, city = code[: SIGNIFICANT_DIGITS[Level.COUNTY]], code[: SIGNIFICANT_DIGITS[Level.CITY]]
    names: dict[str, str] = {}
    rows = Region.objects.filter(
        Q(code__startswith=county, level__in=(Level.TOWNSHIP, Level.VILLAGE))
        | Q(code__startswith=city, level=Level.COUNTY)
    ).values_list("code", "name", "level")
    for region_code, name, level in rows:
        names.setdefault(name, region_code)
        if level == Level.VILLAGE:
            names.setdefault(village_short_name(name), region_code)
    found = {code: case.place.name}
    for address in case.parties.exclude(address="").values_list("address", flat=True):
        # The most specific division named: the longest name inside the address, village before township.
        hits = sorted((name for name in names if name in address), key=lambda n: (-len(names[n].rstrip("0")), -len(n)))
        if hits:
            found.setdefault(names[hits[0]], hits[0])
    for level in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        digits = SIGNIFICANT_DIGITS[level]
        # Compare only places known down to this level: a bare county name says nothing of its township.
        known = [c for c in found if level == Level.COUNTY or c[SIGNIFICANT_DIGITS[_above(level)]:digits].strip("0")]
        if len({c[:digits] for c in known}) > 1:
            return Crossing(str(level), tuple(found[c] for c in known))
    return Crossing()


def _above(level: str) -> str:
    return {Level.TOWNSHIP: Level.COUNTY, Level.VILLAGE: Level.TOWNSHIP}[level]


@dataclass
class Route:
    method: str
    organisation: Organisation | None
    level: str = ""
    mediator: Mediator | None = None
    deadline: object = None
    deadline_basis: str = ""
    candidates: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "organisation": self.organisation.name if self.organisation else "",
            "level": self.level,
            "mediator": self.mediator.name if self.mediator else "",
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_basis": self.deadline_basis,
            "candidates": self.candidates,
            "reasons": self.reasons,
        }


def _open_cases_by_org(org_ids) -> dict[int, int]:
    return dict(
        Case.objects.open().filter(handling_org__in=org_ids).order_by().values_list("handling_org")
        .annotate(n=Count("id"))
    )


def _specialised_body(case: Case, category: str, spec: dict) -> Organisation | None:
    """The body of the city for ``category``: of its kinds, naming the category among its specialties or a word of
    ``name_words`` in its name; the least loaded when there are several."""
    city_root = case.handling_org.path.split("/", 1)[0] + "/"
    bodies = [
        org for org in Organisation.objects.filter(path__startswith=city_root, kind__in=spec["kinds"], is_active=True)
        if category in (org.specialties or []) or any(word in org.name for word in spec["name_words"])
    ]
    if not bodies:
        return None
    load = _open_cases_by_org([org.pk for org in bodies])
    return min(bodies, key=lambda org: (load.get(org.pk, 0), org.path))


def _mediators(organisations: list[Organisation], category: str) -> list[dict]:
    """Active mediators of the organisations, those of the category's specialty first, then the least loaded."""
    mediators = list(Mediator.objects.filter(organisation__in=organisations, is_active=True).select_related(
        "organisation"
    ))
    load = dict(
        Case.objects.open().filter(mediator__in=mediators).order_by().values_list("mediator").annotate(n=Count("id"))
    )
    rows = [
        {"mediator": m, "name": m.name, "organisation": m.organisation.name, "open_cases": load.get(m.pk, 0),
         "specialist": category in (m.specialties or [])}
        for m in mediators
    ]
    rows.sort(key=lambda row: (not row["specialist"], row["open_cases"], row["name"]))
    return rows


def _at_level(start: Organisation, level: str) -> Organisation:
    """``start`` or its nearest ancestor on the ladder at ``level`` or above."""
    org = start
    while LEVEL_RANK[org.level] < LEVEL_RANK[level]:
        target = org.escalation_target()
        if target is None:
            break
        org = target
    return org


def route(case: Case, category: str, complexity: str, risk: str, crossing: Crossing | None = None) -> Route:
    crossing = crossing if crossing is not None else crossing_of(case)
    reasons: list[str] = []
    base = organisation_serving(case.place)
    method, organisation = default_method(category), None

    if category in SPECIALISED_BODIES:
        spec = SPECIALISED_BODIES[category]
        organisation = _specialised_body(case, category, spec)
        if organisation is not None:
            reasons.append(f"「{category}」纠纷由专门机构办理：{organisation.name}")
        else:
            reasons.append(f"「{category}」纠纷的专门机构未在名册中，按层级办理")
    elif category == Category.LABOUR:
        organisation, method = _labour(case, base, reasons)

    if organisation is None:
        wanted = Level.VILLAGE
        if complexity == Complexity.COMPLEX:
            wanted = Level.TOWNSHIP
            reasons.append("复杂纠纷不出镇：由乡镇（街道）中心办理")
        if crossing.level == "village":
            wanted = Level.TOWNSHIP
            reasons.append(f"{crossing.detail()}：由乡镇（街道）中心办理")
        elif crossing.level == "township":
            wanted = Level.COUNTY
            reasons.append(f"{crossing.detail()}：由县（区）中心办理")
        elif crossing.level == "county":
            wanted = Level.CITY
            reasons.append(f"{crossing.detail()}：由市中心办理")
        if risk == Risk.RED and LEVEL_RANK[wanted] < LEVEL_RANK[Level.TOWNSHIP]:
            wanted = Level.TOWNSHIP
            reasons.append("红色风险：由乡镇（街道）中心牵头")
        if wanted == Level.VILLAGE:
            reasons.append("简单纠纷小事不出村：由当地服务站（所在地中心）就地化解")
        organisation = _at_level(base, wanted)
    level = organisation.level

    candidates = _mediators([organisation], category)
    mediator = candidates[0]["mediator"] if candidates else None
    if mediator is not None:
        why = "专长相符" if candidates[0]["specialist"] else "无专长相符者，取"
        reasons.append(f"调解员{mediator.name}：{why}在办案件最少（{candidates[0]['open_cases']}件）")
    else:
        reasons.append(f"{organisation.name}在名册中没有调解员")

    proposed = copy.copy(case)
    proposed.category, proposed.complexity = category, complexity
    deadline, basis = deadline_for(proposed, timezone.localdate())
    if deadline:
        reasons.append(f"期限{deadline:%Y-%m-%d}（{basis}）")
    return Route(
        method=str(method), organisation=organisation, level=str(level), mediator=mediator, deadline=deadline,
        deadline_basis=basis,
        candidates=[{k: v for k, v in row.items() if k != "mediator"} for row in candidates[:MEDIATOR_CANDIDATES]],
        reasons=reasons,
    )


def _labour(case: Case, base: Organisation, reasons: list[str]) -> tuple[Organisation | None, str]:
    """A labour mediator at the station or township near the parties; else the labour arbitration commission."""
    township = _at_level(base, Level.TOWNSHIP)
    for organisation in dict.fromkeys([base, township]):
        if any(row["specialist"] for row in _mediators([organisation], Category.LABOUR)):
            reasons.append(f"劳动争议：{organisation.name}有劳动争议调解员，先行调解（劳动争议调解仲裁法第10条）")
            return organisation, Method.PEOPLES_MEDIATION
    reasons.append(f"劳动争议：{base.name}没有劳动争议调解员")
    arbitration = _specialised_body(case, Category.LABOUR, LABOUR_ARBITRATION)
    if arbitration is not None:
        reasons.append(f"转{arbitration.name}仲裁（劳动争议调解仲裁法第5条）")
        return arbitration, Method.ARBITRATION
    reasons.append(f"名册中无劳动人事争议仲裁委员会：由{township.name}办理")
    return township, Method.PEOPLES_MEDIATION
