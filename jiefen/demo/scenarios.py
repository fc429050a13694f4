"""The demo's disputes, each with the moves that bring it to the state the demo shows.

Every case goes through ``register_case`` and ``perform_move`` only. ``{a}`` and ``{b}`` in the texts are the
applicant's and the respondent's names. Actors are demo usernames; mediators are demo usernames or registry
keys of ``jiefen.demo.network``. ``days_ago`` is when the case came to the window.
"""

from dataclasses import dataclass, field

from jiefen.cases.workflow import CLAIMANT_OUTCOME, Move

TOWNSHIP, COUNTY, CITY = "320706001", "320706", "3207"
XIMEN, JINHUA = "320706001001", "320706001002"  # the stations of village_mediator and village2_mediator
LABOUR_ARBITRATION, NOTARY = "3207-LDZC", "3207-GZC"


@dataclass(frozen=True)
class Person:
    sex: str  # "m" or "f"
    born: tuple[int, int] = (1960, 1998)


@dataclass(frozen=True)
class Body:
    name: str
    kind: str = "company"  # a key of jiefen.demo.people.USCC_KIND


@dataclass(frozen=True)
class Step:
    move: str
    actor: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    key: str
    days_ago: float
    place: str  # region code of the village where the dispute arose
    org: str  # organisation that registers the case
    by: str  # who registers it
    summary: str
    description: str
    claims: str
    applicant: Person | Body
    respondent: Person | Body
    amount: int | None = None
    triage: tuple[str, str, str] | None = None  # category, field, complexity
    steps: tuple[Step, ...] = ()
    # The key of an earlier scenario whose parties brought this same dispute again through another door.
    repeats: str = ""
    # A group dispute: the amount each claimant claims, the applicant (their representative) first.
    claimed: tuple[int, ...] = ()


def triage(actor):
    return Step(Move.TRIAGE, actor)


def consent(actor, method="peoples_mediation"):
    return Step(Move.CONSENT, actor, {"method": method})


def assign(actor, mediator):
    return Step(Move.ASSIGN, actor, {"mediator": mediator})


def session(actor, record, mode="on_site", attendees="", private=("", "")):
    """A session held; a public one records who attended, a back-to-back one each side's private talk."""
    applicant_record, respondent_record = private
    return Step(Move.RECORD_SESSION, actor, {
        "record": record, "mode": mode, "attendees": attendees,
        "applicant_record": applicant_record, "respondent_record": respondent_record,
    })


def agree(actor, facts, terms, performance):
    return Step(Move.AGREE, actor, {"facts": facts, "terms": terms, "performance": performance})


def transfer(actor, agency, method, reason):
    return Step(Move.TRANSFER, actor, {"agency": agency, "method": method, "reason": reason})


def merge(actor, into, reason):
    return Step(Move.MERGE, actor, {"into": into, "reason": reason})


def outcomes(actor, outcome, first, last, note, amount=None):
    """The same outcome for claimants ``first`` to ``last`` (counted from 1, the representative) of a group."""
    return Step(CLAIMANT_OUTCOME, actor, {
        "outcome": outcome, "claimants": (first, last), "note": note, "amount": amount,
    })


def step(move, actor, reason=""):
    return Step(move, actor, {"reason": reason} if reason else {})


def terminated(actor, reason, findings, reasons):
    """The coordinator's termination review: findings, reasons from the list, and the reason's text."""
    return Step(Move.TERMINATE, actor, {"reason": reason, "findings": findings, "termination_reasons": reasons})


def failed(actor, reason, cause, undisputed, disputed=""):
    """Mediation failed, with why and the record of undisputed facts."""
    return Step(Move.FAIL, actor, {
        "reason": reason, "cause": cause, "undisputed_facts": undisputed, "disputed_points": disputed,
    })


def mediated(intake, mediator, method="peoples_mediation"):
    """Triage, the parties' consent and assignment to ``mediator``, all by ``intake``."""
    return (triage(intake), consent(intake, method), assign(intake, mediator))


SCENARIOS = [
    # --- registered: waiting for triage -------------------------------------------------------------------------
    # The threat makes the proposal red: the township's coordinator and assessor have an alert to acknowledge.
    Scenario(
        "noise-upstairs", 0.8, XIMEN, XIMEN, "village_mediator",
        "楼上住户深夜噪音扰民",
        "申请人{a}住西门社区某小区3号楼402室，被申请人{b}住其楼上502室。近一个月来，被申请人家中几乎每晚23时后"
        "仍有拖动桌椅、跳绳健身等声响，申请人年迈的母亲长期失眠。申请人曾两次上门沟通、一次向物业反映，均未改善，"
        "双方在楼道内发生口角，被申请人扬言再来敲门就拿刀砍人。",
        "被申请人每晚22时后不再发出明显噪音，在地板铺设隔音垫。",
        Person("m"), Person("f"),
    ),
    Scenario(
        "property-fees", 0.2, "320706001003", TOWNSHIP, "town_intake",
        "物业公司追缴业主两年物业费",
        "申请人{a}为孔望山社区某小区提供物业服务。被申请人{b}自2024年7月起拒交物业费，累计欠费4,368元。被申请人称"
        "所在单元电梯多次故障停运、地下车库渗水，物业公司维修不及时，因此拒绝缴费。申请人多次书面催缴未果。",
        "被申请人支付拖欠的物业费4,368元。",
        Body("连云港恒泰物业服务有限公司"), Person("m"), amount=4368,
    ),
    Scenario(
        "street-vendor-fine", 1.3, "320706006002", COUNTY, "county_intake",
        "对占道经营罚款决定有异议",
        "申请人{a}在西苑社区菜市场外经营水果摊。被申请人{b}以占道经营为由对其作出罚款500元并暂扣三轮车的决定。"
        "申请人称其摊位位于市场划定的临时疏导点内，不属于占道经营，要求说明依据并返还车辆。",
        "撤销罚款决定，返还暂扣的三轮车。",
        Person("f", (1968, 1980)), Body("连云港市海州区城市管理局", "organ"), amount=500,
    ),
    # --- triaged: waiting for the parties' choice -----------------------------------------------------------------
    Scenario(
        "leaking-bathroom", 3.2, XIMEN, TOWNSHIP, "town_intake",
        "楼上卫生间漏水致楼下天花板受损",
        "申请人{a}家卫生间和厨房天花板自今年9月起出现渗水、霉斑，墙皮脱落。经物业查看，系楼上被申请人{b}家卫生间"
        "防水层老化所致。被申请人同意维修，但认为申请人索要的重新吊顶费用过高。",
        "被申请人修复防水层，赔偿吊顶及粉刷损失6,800元。",
        Person("f"), Person("m"), amount=6800, triage=("邻里", "民事", "简单"),
        steps=(triage("town_intake"),),
    ),
    Scenario(
        "elder-support", 2.1, "320706001200", TOWNSHIP, "town_intake",
        "八旬老人要求子女支付赡养费",
        "申请人{a}今年81岁，老伴去世后独居，患有高血压和糖尿病，每月仅有城乡居民养老金两百余元。申请人育有二子一女，"
        "长子{b}常年在外务工，近两年未支付生活费，三个子女对赡养费分担和轮流照料互相推诿。",
        "被申请人每月支付赡养费800元，分担医疗费用，并与其他子女轮流照料。",
        Person("f", (1944, 1946)), Person("m", (1966, 1972)), triage=("婚姻家庭", "家事", "复杂"),
        steps=(triage("town_intake"),),
    ),
    Scenario(
        "rental-deposit", 27, XIMEN, TOWNSHIP, "town_intake",
        "房东拒不退还租房押金",
        "申请人{a}租住被申请人{b}位于西门社区的一套住房，租期一年，已交押金3,000元。租期届满退房时，被申请人以墙面"
        "有污渍、热水器损坏为由拒不退还押金。申请人称热水器系自然老化，墙面属正常使用痕迹。",
        "被申请人退还押金3,000元。",
        Person("m", (1990, 1998)), Person("f", (1958, 1966)), amount=3000, triage=("房屋宅基地", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village_mediator"),
            session("village_mediator", "调解员分别听取双方陈述并实地查看房屋。热水器已使用八年，属自然老化；墙面污渍经"
                    "清洁可以去除。调解员释明《民法典》关于租赁物正常损耗由出租人承担的规定，双方同意协商解决。"),
            agree("village_mediator", "申请人租住被申请人房屋，租期届满退房后，双方就押金退还发生争议。",
                  "一、被申请人退还申请人押金2,700元；\n二、墙面清洁费用300元由申请人承担，从押金中扣除；\n"
                  "三、双方就本次房屋租赁再无其他争议。",
                  "被申请人于本协议签订之日起2日内通过银行转账一次性支付。"),
            step(Move.CLOSE, "village_mediator"),
            step(Move.REOPEN, "town_intake", "被申请人逾期未按协议退还押金，申请人申请再次调解。"),
        ),
    ),
    Scenario(
        "pig-farm", 3.0, "320706009200", "320706009", "county_intake",
        "养猪场臭味和污水影响周边村民",
        "朱麻村村民{a}等40余户反映，被申请人{b}经营的生猪养殖场紧邻村庄，夏秋季节臭味严重，污水直接排入村边沟渠，"
        "导致部分村民菜地减产。村民曾多次聚集到养殖场交涉，矛盾有激化风险。",
        "养殖场停止直排污水、完善粪污处理设施，赔偿菜地损失。",
        Person("m", (1955, 1970)), Person("m", (1972, 1985)), triage=("环境污染", "民事", "复杂"),
        steps=(
            triage("county_intake"),
            step(Move.ESCALATE, "county_intake",
                 "涉及周边三个村的村民和生态环境执法，有群体性事件苗头，需区中心协调生态环境部门共同处理。"),
        ),
    ),
    # --- accepted: waiting for assignment ----------------------------------------------------------------------
    Scenario(
        "homestead-wall", 4.5, "320706001201", TOWNSHIP, "town_intake",
        "相邻宅基地翻建院墙界址争议",
        "申请人{a}与被申请人{b}系园林村前后邻居。被申请人翻建院墙时将墙基向申请人一侧外移约40厘米，申请人认为侵占"
        "其宅基地并堵塞了排水沟。双方各自持有上世纪九十年代的宅基地使用证，四至记载不一致，多次争吵，村干部调处未果。",
        "被申请人拆除越界部分院墙，恢复原排水沟。",
        Person("m", (1956, 1968)), Person("m", (1960, 1975)), triage=("房屋宅基地", "民事", "复杂"),
        steps=(triage("town_intake"), consent("town_intake")),
    ),
    Scenario(
        "married-out-daughter", 6.4, "320706001202", "320706001202", "town_intake",
        "外嫁女要求参与村集体征地补偿款分配",
        "申请人{a}户籍一直在网疃村，2019年与外村男子结婚后户口未迁出。村集体今年分配土地征收补偿款，每人26,000元，"
        "被申请人{b}以“出嫁女不再享受”为由未将申请人列入分配名单。",
        "确认申请人的集体经济组织成员资格，按标准分配补偿款26,000元。",
        Person("f", (1990, 1995)), Body("连云港市海州区朐阳街道网疃村民委员会", "village_committee"), amount=26000,
        triage=("村务管理", "民事", "复杂"),
        steps=(
            triage("town_intake"),
            step(Move.ESCALATE, "town_intake",
                 "涉及集体经济组织成员资格认定和全村分配方案，村级调解难以化解，提请街道中心处理。"),
            consent("town_intake"),
        ),
    ),
    Scenario(
        "contract-land-boundary", 9.3, "320706001203", TOWNSHIP, "town_intake",
        "二轮延包调地引发承包地边界争议",
        "孔望山村实施第二轮土地承包到期后延包时调整地块，申请人{a}等十余户村民认为新丈量的承包地面积比原承包合同少，"
        "且地块边界与被申请人{b}的承包地重叠约1.2亩，双方在田间发生推搡。",
        "重新丈量并确认承包地边界，返还重叠的1.2亩土地。",
        Person("m", (1958, 1970)), Person("m", (1962, 1975)), triage=("山林土地", "民事", "复杂"),
        steps=(
            *mediated("town_intake", "qy-veteran"),
            step(Move.ESCALATE, "town_intake",
                 "争议涉及十余户承包户和村组调地方案，双方已发生肢体冲突，矛盾有激化苗头，提请区中心统筹化解。"),
        ),
    ),
    # --- merged: the same dispute registered twice, kept as one ----------------------------------------------------
    Scenario(
        "stairwell-clutter-again", 0.3, XIMEN, TOWNSHIP, "town_intake",
        "楼道杂物和飞线充电无人管",
        "申请人{a}再次来到窗口反映，楼上邻居{b}在楼道堆放旧家具和纸箱，还从家里拉电线给电动车充电，担心起火。",
        "请求督促对方清理楼道、停止飞线充电。",
        Person("f"), Person("m"), repeats="stairwell-clutter",
        steps=(
            merge("town_intake", "stairwell-clutter",
                  "与本社区已受理的楼道堆物纠纷为同一申请人、同一事由，并入原案件一并调解。"),
        ),
    ),
    # --- assigned: waiting for the mediator's first session ----------------------------------------------------
    Scenario(
        "stairwell-clutter", 2.4, XIMEN, TOWNSHIP, "town_intake",
        "邻居楼道堆放杂物堵塞消防通道",
        "被申请人{b}长期在楼道内堆放旧家具、纸箱和电动自行车，并私拉电线给电动车充电。申请人{a}认为存在火灾隐患，"
        "且影响老人上下楼，多次劝说无果，双方关系紧张。",
        "被申请人清理楼道杂物，停止在楼道内给电动车充电。",
        Person("f"), Person("m"), triage=("邻里", "民事", "简单"),
        steps=mediated("town_intake", "village_mediator"),
    ),
    Scenario(
        "visitation-rights", 3.6, XIMEN, TOWNSHIP, "town_intake",
        "离婚后探望子女受阻",
        "申请人{a}与被申请人{b}于2023年协议离婚，约定儿子由被申请人抚养，申请人每月可探望两次。今年以来被申请人"
        "以孩子学习紧张为由多次拒绝申请人探望，双方在电话中发生争吵。",
        "按离婚协议保障每月两次探望，寒暑假期间孩子随申请人生活一周。",
        Person("m", (1985, 1992)), Person("f", (1987, 1993)), triage=("婚姻家庭", "家事", "简单"),
        steps=mediated("town_intake", "village_mediator"),
    ),
    # The respondent has not answered since the assignment: the clock of contact has fired its first steps (texted
    # the one-time notice, delivered; the mediator's call is due), see jiefen.demo.respondent.
    Scenario(
        "unpaid-rent", 7.3, XIMEN, TOWNSHIP, "town_intake",
        "租户退租后拖欠房租和水电费",
        "申请人{a}将西门社区一套住房出租给被申请人{b}，月租金1,600元。被申请人今年8月退租搬走，拖欠两个月房租和水电费"
        "共3,720元，申请人多次打电话、发微信催要，对方起初称手头紧，后来不再回复。",
        "被申请人支付拖欠的房租3,200元和水电费520元。",
        Person("f", (1962, 1975)), Person("m", (1990, 1999)), amount=3720, triage=("房屋宅基地", "民事", "简单"),
        steps=mediated("town_intake", "village_mediator"),
    ),
    Scenario(
        "parking-lock", 1.4, JINHUA, TOWNSHIP, "town_intake",
        "小区公共车位被长期占用",
        "申请人{a}反映，同单元住户{b}在楼下公共区域安装地锁，长期独占一个公共停车位，其他住户无法停放。申请人与其"
        "交涉时双方发生争执，被申请人称该车位是其多年来一直使用的。",
        "被申请人拆除地锁，公共车位由住户按先到先停使用。",
        Person("m"), Person("m"), triage=("邻里", "民事", "简单"),
        steps=mediated("town_intake", "village2_mediator"),
    ),
    Scenario(
        "air-conditioner-drip", 2.2, "320706001004", TOWNSHIP, "town_intake",
        "空调外机滴水和噪音影响楼下住户",
        "被申请人{b}家空调外机安装在申请人{a}卧室窗户上方，冷凝水直接滴落在申请人窗台雨棚上，夜间滴答声和外机噪音"
        "影响休息。申请人要求移机或加装排水管，被申请人认为移机费用过高。",
        "被申请人加装冷凝水排水管，并对外机做减震处理。",
        Person("f"), Person("m"), triage=("邻里", "民事", "简单"),
        steps=mediated("town_intake", "station:320706001004"),
    ),
    Scenario(
        "post-surgery-infection", 5.1, "320706010003", CITY, "city_intake",
        "术后感染引发医疗损害赔偿争议",
        "申请人{a}的父亲今年9月在被申请人{b}接受髋关节置换手术，术后出现切口感染，二次手术并延长住院32天。申请人"
        "认为医院消毒措施不到位，要求赔偿；医院认为感染属于手术并发症，术前已尽到告知义务。",
        "被申请人赔偿医疗费、护理费、误工费等共计85,000元。",
        Person("m", (1972, 1980)), Body("连云港康济医院", "public_institution"), amount=85000,
        triage=("医疗", "民事", "复杂"),
        steps=mediated("city_intake", "med-1", "industry_mediation"),
    ),
    # --- in mediation --------------------------------------------------------------------------------------------
    Scenario(
        "iou-snack-shop", 8.2, XIMEN, TOWNSHIP, "town_intake",
        "借款两万元到期不还",
        "2024年3月，被申请人{b}因经营小吃店资金周转向申请人{a}借款20,000元，出具借条一张，约定2024年12月31日前"
        "归还，未约定利息。到期后申请人多次催要，被申请人以生意亏损为由拖延，仅归还2,000元。",
        "被申请人归还剩余借款18,000元。",
        Person("m"), Person("f"), amount=18000, triage=("民间借贷", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village_mediator"),
            session("village_mediator", "被申请人认可借条的真实性和欠款金额，表示目前确有困难，希望分期归还。申请人"
                    "同意分期，但要求明确还款期限。双方约定下周再次面谈，确定还款计划。"),
        ),
    ),
    Scenario(
        "scuffle-injury", 5.3, XIMEN, TOWNSHIP, "town_intake",
        "口角引发推搡致人受伤索赔",
        "申请人{a}与被申请人{b}因在小区广场停放电动车发生口角，被申请人推搡申请人致其摔倒，左手腕骨裂。派出所出警"
        "后建议双方调解。申请人已花费医疗费5,460元，误工一个月。",
        "被申请人赔偿医疗费、误工费、营养费共计12,000元，并赔礼道歉。",
        Person("m"), Person("m"), amount=12000, triage=("损害赔偿", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village_mediator"),
            session("village_mediator", "双方到场陈述事发经过。被申请人承认推搡，但称申请人先动手，对误工费计算有"
                    "异议。调解员调取了派出所出警记录。"),
            session("village_mediator", "背对背调解：调解员分别与双方沟通，释明《民法典》第一千一百七十九条关于人身"
                    "损害赔偿范围的规定。被申请人同意赔偿医疗费，误工费金额仍有差距。", "back_to_back",
                    private=("申请人表示误工费可以按实际工资计算，最低接受10,000元，但必须当面道歉。",
                             "被申请人表示愿意道歉，误工费最多承担一半，希望分两个月付清。")),
        ),
    ),
    Scenario(
        "renovation-delay", 10.4, JINHUA, TOWNSHIP, "town_intake",
        "家庭装修工期延误和质量争议",
        "申请人{a}与被申请人{b}（个体装修工）口头约定包工包料装修住房，总价86,000元，已付60,000元。约定工期两个月，"
        "实际已延误45天，且卫生间瓷砖空鼓、墙面开裂。被申请人称延误系申请人中途变更设计所致，要求付清尾款。",
        "被申请人返工修复质量问题，按延误天数扣减工程款5,000元。",
        Person("f"), Person("m"), amount=26000, triage=("合同", "民事", "复杂"),
        steps=(
            *mediated("town_intake", "village2_mediator"),
            session("village2_mediator", "调解员与社区聘请的装修行业志愿者一同到现场查看，确认卫生间约12块瓷砖空鼓、"
                    "客厅墙面有三处裂缝。双方同意由被申请人先行返工，工期延误的责任划分待返工完成后再议。"),
        ),
    ),
    Scenario(
        "inheritance-flat", 40.2, "320706001006", TOWNSHIP, "town_intake",
        "兄妹间父母遗留房屋继承分割",
        "申请人{a}与被申请人{b}系兄妹。父母先后去世，留有朐海社区住房一套（约78平方米），未留遗嘱。被申请人多年与"
        "父母同住并照料其生活，主张多分；申请人主张均等分割，并要求出售房屋后分配价款。",
        "依法均等分割遗产房屋，或由被申请人按市场价给付房屋一半价款。",
        Person("m", (1962, 1968)), Person("f", (1965, 1972)), amount=380000, triage=("婚姻家庭", "家事", "复杂"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "调解员向双方讲解《民法典》继承编关于法定继承，以及对被继承人尽了主要扶养义务的"
                    "继承人可以多分的规定。双方表示愿意顾及兄妹感情，初步同意由被申请人取得房屋所有权并向申请人支付"
                    "折价款，具体金额待房屋评估后确定。"),
        ),
    ),
    Scenario(
        "e-bike-collision", 4.3, "320706010001", COUNTY, "county_intake",
        "电动车与轿车碰撞致人受伤索赔",
        "今年10月，被申请人{b}驾驶小型轿车在新浦街道某路口右转时，与申请人{a}驾驶的电动自行车相撞，申请人右腿骨折"
        "住院18天。交警部门认定被申请人负主要责任、申请人负次要责任。交强险已赔付部分医疗费，双方对剩余损失的赔偿"
        "数额有争议。",
        "被申请人赔偿医疗费、误工费、护理费、营养费等共计46,800元。",
        Person("f", (1970, 1982)), Person("m", (1985, 1995)), amount=46800, triage=("道路交通事故", "民事", "简单"),
        steps=(
            *mediated("county_intake", "county_mediator"),
            session("county_mediator", "保险公司理赔员通过视频参加。调解员根据道路交通事故认定书，按主次责任七比三的"
                    "比例核算各项损失，双方对护理费标准仍有分歧，约定补充护理人员收入证明后再次调解。"),
        ),
    ),
    Scenario(
        "steel-payment", 7.1, "320706012001", CITY, "city_intake",
        "建材供应商追讨拖欠货款",
        "申请人{a}自2023年起向被申请人{b}供应钢材，双方签订年度供货合同，约定货到60日内付款。截至今年6月，被申请人"
        "累计拖欠货款326,500元。被申请人称其承建的工程款尚未结算，请求延期支付。",
        "被申请人支付货款326,500元及逾期付款利息。",
        Body("连云港鑫盛钢材贸易有限公司"), Body("江苏海连建设工程有限公司"), amount=326500,
        triage=("合同", "商事", "复杂"),
        steps=(
            *mediated("city_intake", "city_mediator"),
            session("city_mediator", "双方法定代表人到场，对账确认欠款本金326,500元无异议。被申请人提出分期付款并免除"
                    "利息，申请人同意考虑分期，但要求被申请人提供担保。"),
        ),
    ),
    # --- resolved: agreement reached, waiting to be closed -----------------------------------------------------
    Scenario(
        "barbecue-smoke", 15.2, XIMEN, TOWNSHIP, "town_intake",
        "临街餐馆油烟直排影响居民",
        "申请人{a}等住户反映，被申请人{b}经营的烧烤店排烟管道直接朝向居民楼，油烟和噪音从傍晚持续到凌晨，居民无法"
        "开窗。",
        "被申请人加装油烟净化设备、改造排烟管道，晚23时后停止室外烧烤。",
        Person("f", (1955, 1965)), Person("m", (1980, 1990)), triage=("环境污染", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village_mediator"),
            session("village_mediator", "调解员与社区网格员在晚间实地查看，确认排烟口距居民楼窗户不足五米。被申请人"
                    "表示愿意整改，但希望给予一定的整改时间。", "public",
                    "申请人及同楼住户代表四人，被申请人，社区网格员，调解员"),
            agree("village_mediator", "被申请人经营的烧烤店油烟直排、夜间经营噪音影响申请人等住户生活。",
                  "一、被申请人加装油烟净化器，并将排烟管道改至楼顶高空排放；\n二、被申请人每日23时后停止室外烧烤"
                  "经营；\n三、社区每月回访一次，监督协议履行。",
                  "第一项于本协议签订之日起15日内完成；第二项自签订之日起执行。"),
        ),
    ),
    Scenario(
        "cousin-loan", 18.3, "320706001007", TOWNSHIP, "town_intake",
        "亲戚间借款五万元纠纷",
        "申请人{a}与被申请人{b}系表兄弟。2022年被申请人购车向申请人借款50,000元，有微信转账记录，未写借条。申请人"
        "要求还款时，被申请人称其中20,000元是申请人归还其之前的欠款，双方各执一词。",
        "被申请人归还借款50,000元。",
        Person("m"), Person("m"), amount=50000, triage=("民间借贷", "民事", "简单"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "双方提交了微信转账记录。被申请人出示了2021年向申请人转账20,000元的记录，申请人"
                    "承认曾向被申请人借过钱。调解员引导双方对账。"),
            agree("town_mediator", "被申请人2022年向申请人借款50,000元，双方对其中20,000元是否已抵扣发生争议。",
                  "一、被申请人确认尚欠申请人借款40,000元；\n二、被申请人分三期归还，每期不少于13,000元，最后一期"
                  "付清；\n三、被申请人不履行或者不完全履行上述还款义务的，自愿接受依法强制执行；双方共同向公证机构"
                  "申请办理赋予强制执行效力的债权文书公证。",
                  "银行转账分三期支付，于2027年3月31日前全部付清。"),
        ),
    ),
    # --- closed ------------------------------------------------------------------------------------------------
    Scenario(
        "square-dance", 31, JINHUA, TOWNSHIP, "town_intake",
        "广场舞音响音量过大扰民",
        "申请人{a}家临近锦化社区小广场。被申请人{b}组织的广场舞队每晚19时至21时半在广场跳舞，音响音量很大，申请人"
        "的孩子明年参加中考，无法安心学习。",
        "降低音量，晚21时前结束活动。",
        Person("m", (1978, 1985)), Person("f", (1955, 1962)), triage=("邻里", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village2_mediator"),
            session("village2_mediator", "调解员邀请舞蹈队队长和几位居民代表座谈，现场用分贝仪测得音量约78分贝。双方"
                    "同意调低音量并缩短活动时间。", "public",
                    "申请人，被申请人及舞蹈队队员代表三人，居民代表五人，调解员"),
            agree("village2_mediator", "被申请人组织的广场舞活动音量过大、时间过长，影响申请人家庭生活和子女学习。",
                  "一、舞蹈队音响音量控制在60分贝以下，改用定向音箱；\n二、活动时间调整为每晚19时至20时30分；\n"
                  "三、中考前一个月舞蹈队移至社区东侧篮球场活动。",
                  "自本协议签订之日起执行，社区网格员每周巡查。"),
            step(Move.CLOSE, "village2_mediator"),
        ),
    ),
    Scenario(
        "unpaid-wages", 41, "320706001200", TOWNSHIP, "town_intake",
        "装修工人讨要拖欠工资",
        "申请人{a}等3名工人跟随包工头{b}在朐阳街道某小区做装修零工，约定日工资300元，共干了62个工日，工资合计"
        "18,600元至今未付。被申请人称开发商未结清工程款，无力支付。",
        "被申请人支付拖欠工资18,600元。",
        Person("m", (1968, 1980)), Person("m", (1975, 1985)), amount=18600, triage=("劳动争议", "民事", "简单"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "调解员核对了工人的考勤记录和微信聊天记录，被申请人认可用工天数和日工资标准。"
                    "街道劳动保障所工作人员到场，告知被申请人拒不支付劳动报酬的法律后果。"),
            agree("town_mediator", "申请人等3人为被申请人提供装修劳务，被申请人拖欠工资18,600元。",
                  "一、被申请人确认拖欠申请人等3人工资共计18,600元；\n二、被申请人于7日内支付10,000元，余款8,600元"
                  "于30日内付清。",
                  "银行转账至申请人指定账户。"),
            step(Move.CLOSE, "town_intake"),
        ),
    ),
    # --- a group dispute: twelve workers, one representative, each with their own outcome ------------------------
    Scenario(
        "site-wages-group", 16.3, "320706001200", TOWNSHIP, "town_intake",
        "12名农民工讨要工地拖欠工资",
        "申请人{a}等12名农民工在被申请人{b}承建的朐阳街道某安置小区工地从事钢筋、木工和泥瓦工作，自今年3月干到"
        "8月，工资合计181,500元一直未结。工人们多次到项目部讨要，被申请人以建设单位未拨付进度款为由拖延。"
        "工人们推选{a}为代表来窗口反映，情绪较为激动，称再不解决将集体到区政府上访。",
        "被申请人支付12名申请人拖欠的工资共计181,500元。",
        Person("m", (1968, 1985)), Body("连云港市海宏建筑工程有限公司"), amount=181500,
        triage=("劳动争议", "民事", "复杂"),
        claimed=(21600, 19800, 18000, 18000, 16500, 15600, 14400, 13200, 12600, 12000, 10800, 9000),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "调解员召集工人代表、被申请人项目经理和建设单位代表三方座谈，逐人核对考勤表和"
                    "工资条。建设单位同意先行拨付部分进度款专项用于支付工资。"),
            outcomes("town_mediator", "paid", 1, 5, "建设单位拨款到位，工资全额转账到账"),
            outcomes("town_mediator", "partly_paid", 6, 8, "先行支付10,000元，余款约定月底前付清", amount=10000),
        ),
    ),
    Scenario(
        "used-car", 20.4, "320706001008", TOWNSHIP, "town_intake",
        "二手车买卖隐瞒事故车争议",
        "申请人{a}从被申请人{b}处以65,000元购买一辆二手轿车，交车后发现车辆曾发生重大事故、气囊弹出过，被申请人"
        "在交易时未告知。申请人要求退车退款，被申请人拒绝。",
        "解除买卖合同，被申请人退还购车款65,000元。",
        Person("m"), Person("m"), amount=65000, triage=("合同", "民事", "简单"),
        steps=(
            triage("town_intake"),
            step(Move.REFUSE, "town_intake",
                 "被申请人明确表示不同意调解。已向申请人出具一次性告知书，告知其可向海州区人民法院提起诉讼，以及诉讼"
                 "时效和所需材料。"),
        ),
    ),
    Scenario(
        "work-injury", 50, "320706006003", COUNTY, "county_intake",
        "工厂工人工伤赔偿争议",
        "申请人{a}在被申请人{b}工作时被冲床压伤右手，经鉴定为九级伤残。被申请人未为其缴纳工伤保险，双方对一次性"
        "伤残补助金等赔偿数额有争议。",
        "被申请人支付一次性伤残补助金、一次性工伤医疗补助金和就业补助金等共计136,000元。",
        Person("m", (1980, 1990)), Body("连云港市海州区宏达机械加工厂"), amount=136000,
        triage=("劳动争议", "民事", "复杂"),
        steps=(
            triage("county_intake"),
            transfer("county_coordinator", LABOUR_ARBITRATION, "arbitration",
                     "用人单位未缴纳工伤保险，赔偿数额争议较大，申请人申请劳动仲裁，移送市劳动人事争议仲裁委员会，区中心"
                     "跟踪督办。"),
            step(Move.REPORT_RESULT, "county_liaison",
                 "市劳动人事争议仲裁委员会经仲裁调解，双方达成协议，由用人单位一次性支付各项工伤待遇118,000元，"
                 "已出具仲裁调解书并履行完毕。"),
            step(Move.CLOSE, "county_intake"),
        ),
    ),
    Scenario(
        "trademark-sign", 33, "320706011001", CITY, "city_intake",
        "店铺招牌使用近似商标引发侵权争议",
        "申请人{a}系“海州老豆腐”注册商标权利人。被申请人{b}在其新开的小吃店招牌和外卖平台店铺名称中使用“海洲老豆腐”"
        "字样，与申请人商标仅一字之差，申请人认为构成商标侵权，造成顾客混淆。",
        "被申请人停止使用近似标识，赔偿经济损失30,000元。",
        Body("连云港海州老豆腐餐饮管理有限公司"), Person("m", (1985, 1995)), amount=30000,
        triage=("知识产权", "商事", "复杂"),
        steps=(
            *mediated("city_intake", "city_mediator"),
            session("city_mediator", "调解员组织双方比对商标注册证和店铺招牌照片，向被申请人释明《商标法》关于在同一"
                    "种商品上使用近似商标构成侵权的规定，被申请人表示愿意更换招牌。"),
            agree("city_mediator", "被申请人在店铺招牌和外卖平台使用“海洲老豆腐”字样，与申请人注册商标近似。",
                  "一、被申请人更换店铺招牌并修改外卖平台店铺名称，不再使用“海洲老豆腐”字样；\n二、被申请人一次性"
                  "补偿申请人经济损失8,000元；\n三、申请人放弃其他索赔。",
                  "第一项于本协议签订之日起10日内完成；第二项于5日内一次性银行转账支付。"),
            step(Move.CLOSE, "city_mediator"),
        ),
    ),
    # --- failed, termination review, terminated ---------------------------------------------------------------
    Scenario(
        "house-deposit", 22.5, "320706001009", TOWNSHIP, "town_intake",
        "房屋买卖定金退还争议",
        "申请人{a}与被申请人{b}经中介签订二手房买卖意向书，申请人支付定金20,000元。后因申请人的贷款审批未通过无法"
        "购房，申请人要求退还定金，被申请人认为是申请人违约，定金不予退还。",
        "被申请人退还定金20,000元。",
        Person("f"), Person("m"), amount=20000, triage=("房屋宅基地", "民事", "简单"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "双方陈述。意向书约定“因买方原因不能购买的，定金不退”，但对贷款不获批准的情形"
                    "未作约定。调解员提出双方各承担一半损失的方案。"),
            failed("town_mediator",
                   "被申请人坚持定金不予退还，申请人不接受低于全额退还的方案，双方分歧较大，经两次调解未能达成协议。",
                   "no_agreement",
                   "双方经中介签订二手房买卖意向书，申请人已支付定金20,000元。\n申请人的购房贷款审批未获通过。\n"
                   "意向书对贷款不获批准的情形未作约定。",
                   "定金是否应当退还及退还数额。"),
        ),
    ),
    Scenario(
        "bike-shed", 16.2, XIMEN, TOWNSHIP, "town_intake",
        "自建车棚阻挡邻居通行",
        "被申请人{b}在一楼院外自建车棚，占用单元门前通道约一米宽，申请人{a}家老人坐轮椅出入困难。申请人要求拆除"
        "车棚，被申请人称车棚已建多年，其他住户没有意见。",
        "被申请人拆除车棚占用通道的部分。",
        Person("f"), Person("m"), triage=("邻里", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village_mediator"),
            session("village_mediator", "调解员现场测量，车棚占用通道宽约1.1米，剩余通道宽度不足以通过轮椅。调解员"
                    "提出缩小车棚的折中方案。"),
            failed("village_mediator",
                   "被申请人拒绝拆除车棚，也不接受缩小车棚的折中方案，调解未果。建议由街道协调城管部门依法处理违法搭建。",
                   "no_agreement",
                   "被申请人在一楼院外自建车棚，占用单元门前通道宽约1.1米。\n剩余通道宽度不足以通过轮椅。",
                   "车棚是否应当拆除或缩小。"),
        ),
    ),
    Scenario(
        "restaurant-partnership", 35, "320706001010", TOWNSHIP, "town_intake",
        "合伙经营餐馆散伙后账目争议",
        "申请人{a}与被申请人{b}于2022年各出资15万元合伙经营一家餐馆，口头约定利润平分。今年餐馆停业散伙，申请人"
        "认为被申请人掌管账目期间隐瞒营业收入，要求查账并分配剩余财产，被申请人称餐馆一直亏损。",
        "清算合伙财产，返还出资并分配利润，共计180,000元。",
        Person("m"), Person("m"), amount=180000, triage=("合同", "商事", "复杂"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "双方提交了部分账册和银行流水，但收银系统记录缺失。双方对出资后追加的投入和亏损"
                    "数额分歧很大。"),
            failed("town_mediator", "账目不全，需要专业审计，双方均拒绝承担审计费用，调解无法继续。", "no_agreement",
                   "双方于2022年各出资15万元合伙经营餐馆，口头约定利润平分。\n餐馆已于今年停业。",
                   "合伙期间的营业收入、追加投入和亏损数额。"),
            step(Move.REQUEST_TERMINATION, "town_mediator",
                 "双方分歧涉及合伙账目审计，超出人民调解的能力范围，申请终结调解，引导当事人通过诉讼解决。"),
        ),
    ),
    Scenario(
        "plane-tree", 28, JINHUA, TOWNSHIP, "town_intake",
        "邻居院内大树遮挡采光、落叶堵塞排水",
        "被申请人{b}家院内的一棵梧桐树树冠越过院墙，遮挡申请人{a}家一楼采光，秋季落叶堵塞雨水管。申请人要求砍伐或"
        "修剪，被申请人以树是父亲生前所栽为由拒绝。",
        "被申请人修剪越界树枝，清理落叶。",
        Person("f"), Person("m", (1950, 1960)), triage=("邻里", "民事", "简单"),
        steps=(
            *mediated("town_intake", "village2_mediator"),
            session("village2_mediator", "申请人到场，被申请人未到场。调解员电话联系被申请人，其表示不同意修剪。"),
            failed("village2_mediator", "被申请人拒绝任何修剪方案，两次调解均未到场。", "respondent_refused",
                   "被申请人院内梧桐树树冠越过院墙。"),
            step(Move.REQUEST_TERMINATION, "village2_mediator",
                 "被申请人拒不参与调解，申请终结调解，并告知申请人可依法向人民法院起诉。"),
        ),
    ),
    Scenario(
        "guarantor-recourse", 46, "320706001201", TOWNSHIP, "town_intake",
        "为他人借款担保后被追偿",
        "申请人{a}称，2023年被申请人{b}向他人借款100,000元，申请人作为担保人签字。借款到期后被申请人下落不明，出借人"
        "起诉申请人，申请人承担了担保责任。申请人要求被申请人偿还其代偿的款项。",
        "被申请人偿还代偿款100,000元及利息。",
        Person("m"), Person("m"), amount=100000, triage=("民间借贷", "民事", "复杂"),
        steps=(
            *mediated("town_intake", "town_mediator"),
            session("town_mediator", "被申请人经电话联系后到场，承认借款事实，但称无力偿还，对还款时间无法作出承诺。"),
            failed("town_mediator", "被申请人无还款能力且不愿作出任何还款承诺，调解无法达成。", "no_agreement",
                   "2023年被申请人向他人借款100,000元，申请人作为担保人签字。\n申请人已承担担保责任。\n"
                   "被申请人承认借款事实。",
                   "还款时间和方式。"),
            step(Move.REQUEST_TERMINATION, "town_mediator", "调解已无继续的可能，申请终结调解。"),
            terminated("town_coordinator",
                       "经终结评估，双方争议事实清楚，被申请人明确拒绝调解方案，继续调解已无意义。同意终结调解，已记录"
                       "无争议事实，引导申请人向人民法院起诉追偿。",
                       "被申请人承认借款事实，但无还款能力且拒绝作出还款承诺；两次调解未果。",
                       ["respondent_refuses", "no_prospect"]),
        ),
    ),
    Scenario(
        "demolition-compensation", 56, "320706100202", COUNTY, "county_intake",
        "兄弟间老宅拆迁补偿款分配争议",
        "锦屏镇李圩村实施征收，申请人{a}与被申请人{b}兄弟二人父母名下的老宅被征收，补偿款共计420,000元，由被申请人"
        "领取。申请人认为自己早年出资参与了老宅翻建，应分得一半；被申请人称父母生前由其赡养，老宅应归其所有。",
        "被申请人支付申请人应得的补偿款210,000元。",
        Person("m", (1960, 1966)), Person("m", (1963, 1970)), amount=210000, triage=("征地拆迁", "民事", "复杂"),
        steps=(
            *mediated("county_intake", "county_mediator"),
            session("county_mediator", "邀请镇征收办工作人员和村干部到场，核实了征收补偿协议和补偿款发放记录。双方对"
                    "老宅翻建的出资情况各执一词。"),
            failed("county_mediator",
                   "双方对老宅翻建出资和父母生前赡养情况各执一词，均无书面证据，三次调解未能达成一致。", "no_agreement",
                   "双方父母名下的老宅被征收，补偿款共计420,000元，由被申请人领取。",
                   "申请人是否出资参与老宅翻建；补偿款如何分配。"),
            step(Move.REQUEST_TERMINATION, "county_coordinator", "调解已进行三次，双方立场没有变化，申请终结调解。"),
            terminated("county_coordinator",
                       "经终结评估，已制作无争议事实记录，引导双方通过诉讼解决，并告知诉讼费用缓减免的申请途径。",
                       "三次调解双方立场没有变化，翻建出资和赡养情况均无书面证据，非诉讼途径难以查清。",
                       ["no_prospect", "not_suitable"]),
        ),
    ),
    # --- transferred to an agency, supervised ------------------------------------------------------------------
    Scenario(
        "dismissal-compensation", 6.2, "320706001004", TOWNSHIP, "town_intake",
        "员工被辞退后要求支付经济补偿",
        "申请人{a}在被申请人{b}工作6年，月平均工资6,200元。今年8月公司以经营困难为由口头通知其不用再上班，未支付"
        "经济补偿，也未出具解除劳动合同证明。",
        "被申请人支付违法解除劳动合同赔偿金74,400元，出具解除劳动合同证明。",
        Person("f", (1985, 1992)), Body("连云港瑞科电子科技有限公司"), amount=74400,
        triage=("劳动争议", "民事", "复杂"),
        steps=(
            triage("town_intake"),
            transfer("town_coordinator", LABOUR_ARBITRATION, "arbitration",
                     "公司拒绝到场调解，申请人要求通过劳动仲裁解决。已协助申请人准备仲裁申请材料，移送市劳动人事争议"
                     "仲裁委员会，街道中心跟踪督办。"),
        ),
    ),
    Scenario(
        "loan-notarisation", 3.4, "320706013001", CITY, "city_intake",
        "借款协议申请办理赋予强制执行效力公证",
        "申请人{a}拟向被申请人{b}出借资金150,000元用于店铺装修，双方已就借款金额、期限和利率协商一致。为保障债权"
        "实现，双方共同要求对借款协议办理赋予强制执行效力的公证。",
        "对借款协议办理赋予强制执行效力的公证。",
        Person("m", (1965, 1975)), Person("f", (1982, 1990)), amount=150000, triage=("民间借贷", "民事", "简单"),
        steps=(
            triage("city_intake"),
            transfer("city_coordinator", NOTARY, "notarisation",
                     "双方就借款协议没有争议，共同申请公证赋强，移送连云港市连云港公证处办理，市中心跟踪办理结果。"),
        ),
    ),
    # --- not admitted, withdrawn -------------------------------------------------------------------------------
    Scenario(
        "judged-already", 11.3, "320706001003", TOWNSHIP, "town_intake",
        "要求重新处理已判决的房屋腾退纠纷",
        "申请人{a}与被申请人{b}之间的房屋腾退纠纷已经海州区人民法院判决并生效。申请人对判决结果不服，要求社区和"
        "街道重新调解处理。",
        "重新确定房屋归属。",
        Person("m", (1950, 1960)), Person("m", (1970, 1980)),
        steps=(
            step(Move.REJECT, "town_intake",
                 "该纠纷已经人民法院作出生效判决，依照《人民调解法》第十八条不属于人民调解受理范围。已告知申请人可依法"
                 "申请再审，对方可申请强制执行。"),
        ),
    ),
    Scenario(
        "barking-dogs", 7.3, "320706001004", TOWNSHIP, "town_intake",
        "宠物犬夜间吠叫扰民",
        "被申请人{b}家饲养的两只犬只每晚吠叫，申请人{a}多次敲门沟通无果。",
        "被申请人妥善管束犬只，夜间不得吠叫扰民。",
        Person("f"), Person("f"), triage=("邻里", "民事", "简单"),
        steps=(
            triage("town_intake"),
            step(Move.WITHDRAW, "town_intake",
                 "双方在社区网格员见证下自行和解，被申请人已将犬只送至乡下亲戚家饲养，申请人申请撤回。"),
        ),
    ),
    Scenario(
        "online-fridge", 14.2, "320706011005", COUNTY, "county_intake",
        "网购冰箱送货后发现损坏退换争议",
        "申请人{a}在被申请人{b}的网店购买双开门冰箱一台，价款5,299元。送货安装后第二天发现冰箱门体凹陷、制冷异常，"
        "商家以签收时未当场提出为由拒绝退换。",
        "被申请人为申请人退货退款或更换新机。",
        Person("f"), Body("连云港市海州区百联家电经营部"), amount=5299, triage=("消费", "民事", "简单"),
        steps=(
            *mediated("county_intake", "county_mediator"),
            step(Move.WITHDRAW, "county_intake", "经调解员电话沟通，商家同意为申请人更换新机，申请人撤回调解申请。"),
        ),
    ),
]
