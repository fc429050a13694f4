"""The shipped service catalogue: complete, valid, and every citation a real article whose words it quotes."""

import pytest
from django.core.exceptions import ValidationError

from jiefen.cases.models import DeadlineRule
from jiefen.core.numerals import chinese_number
from jiefen.core.taxonomy import Category, Method
from jiefen.knowledge import laws
from jiefen.knowledge.catalogue import catalogue_items, citations_of, item_errors, services_for, shipped_items
from jiefen.knowledge.models import ITEM_FIELDS, ServiceItem
from jiefen.knowledge.rights import ALL_PROVISIONS

ITEMS = shipped_items()


@pytest.mark.parametrize("data", ITEMS, ids=[item["code"] for item in ITEMS])
def test_every_shipped_item_is_valid(data):
    assert set(data) == set(ITEM_FIELDS)
    assert item_errors(data) == {}
    assert data["legal_basis"] and data["steps"] and data["materials"] and data["conditions"]


def test_the_catalogue_covers_every_method_and_gives_every_category_a_way_besides_court():
    assert {item["method"] for item in ITEMS} == set(Method.values)
    assert len({item["code"] for item in ITEMS}) == len(ITEMS)
    for category in Category.values:
        ways = [item for item in ITEMS if not item["categories"] or category in item["categories"]]
        assert {item["method"] for item in ways} - {Method.LITIGATION, Method.CONSULTATION}, category
    # Every arbitration the seeds name is there, each with its own law.
    arbitration = {item["code"]: item for item in ITEMS if item["method"] == Method.ARBITRATION}
    assert {"commercial_arbitration", "labour_arbitration", "land_contract_arbitration"} <= set(arbitration)


def test_time_limits_quote_their_articles_and_state_the_same_number():
    for item in ITEMS:
        for limit in item["time_limits"]:
            text = laws.article(limit["basis"]).text
            assert limit["quote"] in text, (item["code"], limit)
    limits = {(item["code"], limit["basis"]): limit["text"] for item in ITEMS for limit in item["time_limits"]}
    # Spot checks against the statutes, in the catalogue's own words.
    assert "十五日内" in limits["labour_mediation", "劳动争议调解仲裁法:第14条"]
    assert "一年" in limits["labour_arbitration", "劳动争议调解仲裁法:第27条"]
    assert "四十五日" in limits["labour_arbitration", "劳动争议调解仲裁法:第43条"]
    assert "六十日" in limits["administrative_reconsideration", "行政复议法:第20条"]
    assert "三十日内" in limits["peoples_mediation", "人民调解法:第33条"]
    assert "30个工作日" in limits["industry_mediation", "医疗纠纷预防和处理条例:第38条"]
    assert "二年" in limits["land_contract_arbitration", "农村土地承包经营纠纷调解仲裁法:第18条"]
    assert "三年" in limits["litigation", "民法典:第188条"]
    assert "六个月" in limits["commercial_arbitration", "仲裁法:第59条"]
    assert "十五个工作日" in limits["notarisation", "公证法:第30条"]


def test_the_notice_provisions_cite_real_articles_and_quote_them():
    for provision in ALL_PROVISIONS:
        assert provision.basis
        for citation in provision.basis:
            assert laws.article(citation) is not None, citation
        assert provision.quote in laws.article(provision.basis[0]).text, provision.quote


def test_every_cited_article_is_in_the_library(db):
    rules = list(DeadlineRule.objects.values_list("basis", flat=True))
    cited = {citation for item in ITEMS for citation in citations_of(item)}
    cited |= {laws.parse_citation(value) for provision in ALL_PROVISIONS for value in provision.basis}
    cited |= {citation for basis in rules for citation in laws.find_citations(basis)}
    assert len(cited) > 100
    assert cited <= set(laws.shipped_articles())
    # The deadline rules' bases, as migrated, all name articles of the library.
    assert all(laws.find_citations(basis) for basis in rules)


def test_the_library_is_the_shared_law_text_unchanged():
    rows = laws.read_articles()
    assert len(rows) == len({row.citation for row in rows}) == 6182
    for row in rows:
        assert row.label == f"第{chinese_number(row.article)}条"
    if not laws.SOURCE.exists():
        return  # a checkout without the shared data folder: nothing to compare with (CI allows no skips)
    assert laws.read_articles(laws.SOURCE) == rows


def test_the_migration_loaded_the_shipped_catalogue(db):
    items = {item.code: item for item in ServiceItem.objects.all()}
    assert set(items) == {item["code"] for item in ITEMS}
    for data in ITEMS:
        item = items[data["code"]]
        assert {field: getattr(item, field) for field in ITEM_FIELDS} == data
        item.full_clean()


def test_the_model_refuses_unknown_articles_and_misquoted_limits(db):
    item = ServiceItem.objects.get(code="peoples_mediation")
    item.legal_basis = [*item.legal_basis, "人民调解法:第99条", "人民调解法第17条"]
    item.time_limits = [{"text": "七日", "basis": "人民调解法:第33条", "quote": "七日内"}]
    item.cost = "不收费（人民调解法:第40条）"
    item.categories = ["邻居"]
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    errors = error.value.message_dict
    assert set(errors) == {"legal_basis", "time_limits", "cost", "categories"}
    assert "人民调解法:第99条" in errors["legal_basis"][0] and "法名:第N条" in errors["legal_basis"][1]
    assert "七日内" in errors["time_limits"][0]


def test_options_for_a_category(db):
    everything = catalogue_items()
    labour = services_for("劳动争议")
    assert [item.code for item in labour] == [
        "peoples_mediation", "labour_mediation", "lawyer_mediation", "labour_arbitration", "consultation",
        "litigation",
    ]
    assert services_for("") == everything and len(everything) == len(ITEMS)
    ServiceItem.objects.filter(code="lawyer_mediation").update(is_active=False)
    assert "lawyer_mediation" not in [item.code for item in services_for("劳动争议")]
    assert "lawyer_mediation" not in [item.code for item in catalogue_items()]


def test_citations_read_as_documents_write_them():
    assert laws.cite("人民调解法:第17条") == "《人民调解法》第十七条"
    assert laws.cite("民事诉讼法:第205条") == "《民事诉讼法》第二百零五条"
    assert laws.cite("民法典:第1260条") == "《民法典》第一千二百六十条"
    assert laws.cite("最高人民法院关于适用《民事诉讼法》的解释:第110条") == (
        "《最高人民法院关于适用〈民事诉讼法〉的解释》第一百一十条"
    )
    assert laws.cite_all(["人民调解法:第17条", "人民调解法:第23条", "民法典:第188条"]) == (
        "《人民调解法》第十七条、第二十三条；《民法典》第一百八十八条"
    )
    assert laws.humanise("不收取任何费用（人民调解法:第4条）。") == "不收取任何费用（《人民调解法》第四条）。"
    # Older text that runs words into the law's name still finds the law.
    basis = "人民调解法未规定期限，参照人民法院在线调解规则:第24条（立案前调解期限三十日）"
    assert laws.find_citations(basis) == [laws.Citation("人民法院在线调解规则", 24)]
    assert laws.humanise(basis).startswith("人民调解法未规定期限，参照《人民法院在线调解规则》第二十四条")
    with pytest.raises(ValueError):
        laws.parse_citation("人民调解法第17条")
