"""The law library: the full import, versions, and citations that resolve to its articles."""

import dataclasses
import datetime

import pytest
from django.core.management import call_command

from jiefen.cases.models import DeadlineRule
from jiefen.knowledge import laws
from jiefen.knowledge.catalogue import citations_of, shipped_items
from jiefen.knowledge.citations import CitationError, arabic_number, format_citation, parse, resolve
from jiefen.knowledge.library import LibraryError, load_library
from jiefen.knowledge.models import Article, Law
from jiefen.knowledge.rights import ALL_PROVISIONS


def test_the_whole_library_loads_once_with_integer_numbers_and_every_catalogue_citation_resolves(db, capsys):
    call_command("load_laws")
    assert "65 law versions and 6182 articles added" in capsys.readouterr().out
    assert Law.objects.count() == 65 and Article.objects.count() == 6182
    counts = {law.short: law.articles.count() for law in Law.objects.all()}
    assert counts["民法典"] == 1260 and counts["人民调解法"] == 35 and counts["民事诉讼法"] == 306
    assert counts["劳动争议调解仲裁法"] == 54 and counts["最高人民法院关于适用《民事诉讼法》的解释"] == 550
    for law in Law.objects.all():
        numbers = list(law.articles.order_by("number").values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)), law.short
    article = Article.objects.get(law__short="民法典", number=1079)
    assert article.label == "第一千零七十九条" and article.chapter.endswith("第四章 离婚")
    assert Law.objects.get(short="人民调解法").effective == datetime.date(2011, 1, 1)

    call_command("load_laws")
    assert "0 law versions and 0 articles added, 6182 articles already loaded" in capsys.readouterr().out
    assert Article.objects.count() == 6182

    # Every article the catalogue, the one-time notice and the deadline rules cite is a library row.
    cited = {citation for item in shipped_items() for citation in citations_of(item)}
    cited |= {laws.parse_citation(value) for provision in ALL_PROVISIONS for value in provision.basis}
    for basis in DeadlineRule.objects.values_list("basis", flat=True):
        cited |= set(laws.find_citations(basis))
    assert len(cited) > 100
    for citation in cited:
        assert resolve(citation).text == laws.article(citation).text


def test_a_new_text_of_a_law_is_a_new_version_beside_the_old(law_library):
    old = [row for row in law_library if row.short == "人民调解法"]
    amended = [dataclasses.replace(row, effective="2030-01-01") for row in old]
    new_text = "经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以申请司法确认。"
    amended[32] = dataclasses.replace(amended[32], text=new_text)
    report = load_library(amended)
    assert (report.laws_added, report.articles_added) == (1, 35)
    assert Law.objects.filter(short="人民调解法").count() == 2
    # Until the new text takes effect the old one is cited; afterwards the new; the old stays readable.
    assert "三十日内" in resolve("人民调解法:第33条").text
    assert resolve("人民调解法:第33条", on=datetime.date(2030, 1, 1)).text.startswith("经人民调解委员会调解达成")
    assert "三十日内" in resolve("人民调解法:第33条", on=datetime.date(2029, 12, 31)).text


def test_a_version_whose_text_changed_is_refused(law_library):
    row = next(row for row in law_library if row.short == "人民调解法" and row.article == 4)
    with pytest.raises(LibraryError, match="人民调解法:第4条"):
        load_library([dataclasses.replace(row, text="人民调解委员会调解民间纠纷，收取费用。")])
    assert Article.objects.get(law__short="人民调解法", number=4).text == row.text


@pytest.mark.parametrize(
    "written, expected",
    [
        ("民法典:第1079条", ("民法典", 1079)),
        ("民法典：第1079条", ("民法典", 1079)),
        ("《民法典》第一千零七十九条", ("民法典", 1079)),
        ("民法典第1079条", ("民法典", 1079)),
        ("《中华人民共和国民法典》第一千零七十九条第二款", ("民法典", 1079)),
        ("人民调解法第三十三条", ("人民调解法", 33)),
        ("劳动争议调解仲裁法:第十四条", ("劳动争议调解仲裁法", 14)),
        ("《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十一条",
         ("最高人民法院关于适用《民事诉讼法》的解释", 351)),
    ],
)
def test_citations_are_read_as_citizens_and_sources_write_them(written, expected):
    assert parse(written) == laws.Citation(*expected)


def test_citations_are_written_with_the_short_name_and_arabic_digits():
    assert format_citation("民法典", 1079) == "民法典:第1079条"
    assert [arabic_number(n) for n in ["十", "十七", "二百零五", "一千零七十九", "一千二百六十", "两百"]] == [
        10, 17, 205, 1079, 1260, 200,
    ]


@pytest.mark.parametrize("written", ["", "民法典", "第1079条", "民法典:第0条", "民法典:第条"])
def test_what_is_not_a_citation_says_so(written):
    with pytest.raises(CitationError, match="不是条文引用"):
        parse(written)


def test_a_citation_resolves_to_its_article_or_says_what_is_wrong(law_library):
    article = resolve("《民法典》第二百八十八条")
    assert article.law.short == "民法典" and article.number == 288 and "相邻" in article.text
    assert article.citation == "民法典:第288条"
    with pytest.raises(CitationError, match="没有名为“刑法”的法律法规"):
        resolve("刑法:第1条")
    with pytest.raises(CitationError, match="《人民调解法》没有第36条（共35条）"):
        resolve("人民调解法:第36条")
