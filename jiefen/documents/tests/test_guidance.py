"""The guidance on the legal paths left, given at termination: the paths that fit the case, each limit with its
basis from the service catalogue, as DOCX and PDF, served on the parties online."""

import io

import pytest
from docx import Document

from jiefen.cases.models import State
from jiefen.cases.workflow import SERVED_ONLINE
from jiefen.documents.guidance import guidance_content, guidance_docx, guidance_pdf
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_document
from jiefen.testing import case_in_state

pytestmark = pytest.mark.django_db


def _terminated(network, category, field):
    case = case_in_state(network, State.TERMINATED)
    case.category, case.field = category, field  # as triage would have set them
    return case


def test_a_labour_dispute_is_guided_to_labour_arbitration_and_civil_litigation_with_their_limits(network):
    guidance = guidance_content(_terminated(network, "劳动争议", "民事"))

    names = [path.name for path in guidance.paths]
    assert names == ["劳动人事争议仲裁", "诉讼"]
    arbitration = guidance.paths[0]
    assert any("一年" in line and "《劳动争议调解仲裁法》第二十七条" in line for line in arbitration.time_limits)
    litigation = guidance.paths[1]
    assert any("三年" in line and "第一百八十八条" in line for line in litigation.time_limits)
    assert not any("行政诉讼法" in line for line in litigation.time_limits)  # a civil dispute
    assert "终结评估" in guidance.opening and "被申请人明确拒绝调解" in "".join(guidance.review)
    assert "无争议事实" in guidance.undisputed  # the failure record kept them


def test_an_administrative_dispute_is_guided_to_reconsideration_and_administrative_litigation(network):
    guidance = guidance_content(_terminated(network, "行政争议", "行政"))

    assert [path.name for path in guidance.paths] == ["行政复议", "诉讼"]
    assert any("六十日" in line for line in guidance.paths[0].time_limits)
    assert all("行政诉讼法" in line for line in guidance.paths[1].time_limits)


def test_a_land_dispute_is_guided_to_administrative_adjudication_with_its_limits(network):
    guidance = guidance_content(_terminated(network, "山林土地", "民事"))

    assert [path.name for path in guidance.paths] == ["农村土地承包经营纠纷仲裁", "行政裁决", "诉讼"]
    adjudication = guidance.paths[1]
    assert adjudication.label == "（二）行政裁决" and "人民政府" in adjudication.handler
    assert any("三十日" in line and "《土地管理法》第十四条" in line for line in adjudication.time_limits)
    assert "《森林法》第二十二条" in adjudication.basis


def test_administrative_adjudication_is_not_offered_where_it_does_not_fit(network):
    assert "行政裁决" not in [p.name for p in guidance_content(_terminated(network, "合同", "民事")).paths]
    # A land dispute with an organ itself is no civil dispute for an organ to decide.
    assert "行政裁决" not in [p.name for p in guidance_content(_terminated(network, "山林土地", "行政")).paths]
    names = [p.name for p in guidance_content(_terminated(network, "知识产权", "商事")).paths]
    assert names == ["商事仲裁", "行政裁决", "诉讼"]


def test_a_neighbours_dispute_has_litigation_only(network):
    assert [p.name for p in guidance_content(_terminated(network, "邻里", "民事")).paths] == ["诉讼"]


def test_the_guidance_as_docx_and_pdf(network):
    case = _terminated(network, "劳动争议", "民事")
    text = "\n".join(p.text for p in Document(io.BytesIO(guidance_docx(case))).paragraphs)
    assert "法律途径指引书" in text and "劳动人事争议仲裁" in text and case.number in text
    assert guidance_pdf(case).startswith(b"%PDF")


def test_the_guidance_is_served_online_once_the_case_is_terminated(network):
    case = case_in_state(network, State.TERMINATED)
    applicant = case.parties.get(role="applicant")
    record = serve_document(case, ServiceRecord.Document.GUIDANCE, applicant, ServiceRecord.Method.PORTAL,
                            network.user("town_coordinator"))
    assert record.token and case.events.filter(move=SERVED_ONLINE, payload__document="guidance").exists()
    reviewing = case_in_state(network, State.TERMINATION_REVIEW)
    with pytest.raises(Exception, match="终结"):
        serve_document(reviewing, ServiceRecord.Document.GUIDANCE, reviewing.parties.first(),
                       ServiceRecord.Method.WINDOW, network.user("town_coordinator"))
