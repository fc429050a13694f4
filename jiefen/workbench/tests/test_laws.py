"""The law library in the workbench: staff search it and open an article by its citation."""


def test_staff_search_the_library_and_see_the_matched_words_marked(login, law_library):
    client = login("village_a")
    page = client.get("/laws/", {"q": "老板拖欠农民工工资不给"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'aria-current="page">法律法规库' in page
    assert "《保障农民工工资支付条例》" in page and "<mark>" in page
    article = client.get("/laws/劳动合同法/30/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "劳动合同法:第30条" in article and "第三章 劳动合同的履行和变更" in article
    assert client.get("/laws/劳动合同法/99/").status_code == 404


def test_the_library_is_for_staff(client, law_library):
    response = client.get("/laws/")
    assert response.status_code == 302 and "/login/" in response["Location"]
