"""Law search finds the article a citizen means, in the citizen's own words, and says which words did it."""

import pytest
from django.test import Client

from jiefen.knowledge import search
from jiefen.knowledge.laws import read_articles
from jiefen.knowledge.library import load_library
from jiefen.knowledge.templatetags.knowledge import highlight


def top(query, n=5):
    return search.rank_statutes(query, n)


@pytest.mark.parametrize(
    "query, law, first, last",
    [
        ("邻居装修太吵", "民法典", 288, 296),  # 相邻关系
        ("借钱不还", "民法典", 667, 680),  # 借款合同
        ("小区物业费一直不交", "民法典", 937, 950),  # 物业服务合同 (or 物业管理条例, below)
        ("离婚后孩子归谁抚养", "民法典", 1076, 1092),  # 离婚
        ("被邻居家的狗咬了", "民法典", 1245, 1251),  # 饲养动物损害责任
    ],
)
def test_a_citizens_words_find_the_chapter_of_the_civil_code_they_mean(law_library, query, law, first, last):
    results = top(query)
    hits = [r for r in results if r.law == law and first <= r.number <= last]
    assert len(hits) >= 3, [r.citation for r in results]
    assert results[0] in hits or results[0].law == "物业管理条例"


def test_unpaid_wages_find_the_labour_contract_law_and_the_migrant_wages_regulation(law_library):
    # A plain wage claim is answered from 劳动合同法 (what lawyers cite); the regulation is for migrant workers.
    results = top("老板拖欠农民工工资不给", 10)
    laws_found = {r.law for r in results}
    assert {"劳动合同法", "保障农民工工资支付条例"} <= laws_found, [r.citation for r in results]
    # 工资 is the citizen's word; 劳动报酬 the statute's: the lexicon's term is among the reasons.
    assert any("劳动报酬" in r.matched for r in results)


def test_each_result_carries_its_citation_text_and_the_words_that_matched(law_library):
    result = top("邻居装修太吵", 1)[0]
    assert result.citation == f"民法典:第{result.number}条"
    assert result.text and result.chapter.endswith("第七章 相邻关系") and result.score > 0
    assert "相邻关系" in result.matched
    # Pieces of a matched word are not listed beside it.
    assert "关系" not in result.matched


def test_nothing_relevant_gives_nothing_and_an_empty_query_too(law_library):
    assert top("") == []
    assert top("的了吗") == []


def test_the_index_follows_the_library(law_library):
    before = search.library_index()
    assert search.library_index() is before  # built once
    load_library(row for row in read_articles() if row.short == "道路交通安全法")
    assert any(r.law == "道路交通安全法" for r in top("酒后驾驶机动车"))


def test_highlighting_marks_the_matched_words_and_escapes_the_rest():
    html = highlight("不动产的相邻权利人<b>应当</b>按照有利生产、方便生活的原则", ["相邻", "相邻权利人", "生活"])
    assert html == (
        "不动产的<mark>相邻权利人</mark>&lt;b&gt;应当&lt;/b&gt;按照有利生产、方便<mark>生活</mark>的原则"
    )


def test_the_public_search_page_is_plain_and_links_each_article(law_library):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get("/services/laws/", {"q": "邻居装修太吵"}).content.decode()
    assert "法律法规库" in page and "《民法典》第二百八十八条" in page
    assert "<mark>相邻" in page
    assert 'href="/services/laws/%E6%B0%91%E6%B3%95%E5%85%B8/288/"' in page
    article = client.get("/services/laws/民法典/288/")
    assert article.status_code == 200
    text = article.content.decode()
    assert "民法典:第288条" in text and "不动产的相邻权利人" in text
    assert "/services/laws/%E6%B0%91%E6%B3%95%E5%85%B8/289/" in text
    assert client.get("/services/laws/民法典/2000/").status_code == 404
    assert client.get("/services/laws/刑法/1/").status_code == 404
