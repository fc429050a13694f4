"""The law library through the API: search and one article, for staff only, errors in the one shape."""

import pytest


@pytest.fixture
def staff_api(api, law_library):
    return api("town_intake")


def test_search_returns_ranked_articles_with_citation_text_and_matched_words(staff_api):
    response = staff_api.get("/api/laws/search", {"q": "借钱不还", "limit": 3})
    assert response.status_code == 200
    results = response.json()
    assert len(results) == 3
    first = results[0]
    assert set(first) == {"citation", "law", "number", "label", "chapter", "text", "score", "matched"}
    assert first["law"] == "民法典" and 667 <= first["number"] <= 680
    assert first["citation"] == f"民法典:第{first['number']}条" and "借款合同" in first["matched"]
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]


def test_search_needs_words_and_a_sane_limit(staff_api):
    response = staff_api.get("/api/laws/search", {"limit": 500})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"q", "limit"}


def test_one_article_by_its_citation(staff_api):
    response = staff_api.get("/api/laws/人民调解法/33/")
    assert response.status_code == 200
    body = response.json()
    assert body["citation"] == "人民调解法:第33条" and body["title"] == "中华人民共和国人民调解法"
    assert body["effective"] == "2011-01-01" and "三十日内" in body["text"]
    missing = staff_api.get("/api/laws/人民调解法/99/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "《人民调解法》没有第99条（共35条）。"


def test_only_staff_may_use_it(api, law_library):
    assert api().get("/api/laws/search", {"q": "借钱不还"}).status_code == 401
    assert api().get("/api/laws/民法典/1/").status_code == 401
