"""The citation priors: counted from licensed rows only, shipped as JSON, and lifting the deciding article."""

import json

import pytest
from django.core.management import call_command

from jiefen.knowledge import priors, search
from jiefen.knowledge.laws import read_articles


def row(text, category, statutes, source="open-compass/LawBench:data/zero_shot/3-8.json#1"):
    return {"text": text, "category": category, "statutes": statutes, "source": source}


@pytest.mark.parametrize(
    "query, deciding",
    [
        ("离婚后孩子抚养费", {"民法典:第1085条"}),
        ("借款到期不还利息", {"民法典:第675条", "民法典:第676条", "民法典:第680条"}),
    ],
)
def test_the_deciding_article_is_in_the_top_five(law_library, query, deciding):
    assert deciding & {r.citation for r in search.rank_statutes(query, 5)}


def test_a_caller_s_category_is_used_as_given(law_library):
    query = "孩子抚养费"
    assert search.rank_statutes(query, 5, "婚姻家庭") == search.rank_statutes(query, 5)
    # 合同 has no citations of these articles: the ranking is BM25's (and the law's prior).
    assert search.rank_statutes(query, 5, "合同") != search.rank_statutes(query, 5, "婚姻家庭")


def test_the_category_prior_lifts_the_article_lawyers_cite_over_its_chapter():
    rows = [
        {"id": n, "short": a.short, "number": a.article, "label": a.label, "chapter": a.chapter, "text": a.text}
        for n, a in enumerate(read_articles())
        if a.short == "民法典" and 1076 <= a.article <= 1092
    ]
    # Counts made up for the test: lawyers citing 1084 (who raises the child) for such questions.
    cited = priors.Priors(by_category={"婚姻家庭": {"民法典:第1084条": 9}}, laws={"民法典": 9})
    query = "离婚了孩子的抚养费"
    plain = [r.citation for r in search.Index(rows).rank(query, 3)]
    lifted = search.Index(rows, cited).rank(query, 3, "婚姻家庭")
    assert lifted[0].citation == "民法典:第1084条" and plain[0] != "民法典:第1084条"
    assert lifted[0].matched  # still says which words it matched
    # Another category's text gets no lift from it.
    assert [r.citation for r in search.Index(rows, cited).rank(query, 3, "合同")] == plain


def test_the_shipped_priors_load_and_count_only_the_library_s_laws():
    shipped = priors.load()
    assert shipped.by_category["劳动争议"]["劳动合同法:第47条"] >= 10
    assert shipped.by_category["婚姻家庭"]["民法典:第1085条"] >= 1
    assert set(shipped.laws) <= {a.short for a in read_articles()}
    assert priors.load(priors.PRIORS_PATH.with_name("missing.json")) == priors.Priors()


def test_the_command_rebuilds_the_counts_from_licensed_rows_only(tmp_path):
    source, out = tmp_path / "train.jsonl", tmp_path / "priors.json"
    rows = [
        row("离婚孩子归谁", "婚姻家庭", ["民法典:第一千零八十四条", "民法典:第1084条"]),
        row("公司不给加班费", "劳动争议", ["劳动合同法:第三十一条", "不存在的法:第1条", "乱写"]),
        row("研究用的数据", "婚姻家庭", ["民法典:第1079条"], source="AndrewZhe/lawyer-llama:data/zixun_gpt4.json#1"),
    ]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    call_command("build_statute_priors", source=source, out=out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["by_category"] == {"劳动争议": {"劳动合同法:第31条": 1}, "婚姻家庭": {"民法典:第1084条": 2}}
    assert document["laws"] == {"民法典": 2, "劳动合同法": 1}
    # The licensed questions are kept per article they cited (the search indexes them); research rows never are.
    assert document["questions"] == {"劳动合同法:第31条": ["公司不给加班费"], "民法典:第1084条": ["离婚孩子归谁"]}
    assert priors.load(out).by_category == document["by_category"]


def test_an_article_is_found_by_the_words_of_the_questions_that_cited_it():
    rows = [
        {"id": n, "short": a.short, "number": a.article, "label": a.label, "chapter": a.chapter, "text": a.text}
        for n, a in enumerate(read_articles())
        if a.short == "民法典" and 1076 <= a.article <= 1092
    ]
    cited = priors.Priors(questions={"民法典:第1079条": ["老公天天打麻将不着家，我想跟他散伙"]})
    assert not search.Index(rows).rank("打麻将", 3)
    found = search.Index(rows, cited).rank("打麻将", 3)
    assert [r.citation for r in found] == ["民法典:第1079条"]
    assert found[0].asked == ("打麻将",) and found[0].matched == ()  # said apart from the article's own words
