"""The award documents cite the law, its 2025 decree and its circular from the registry
(documents.legal): number, date, issuer and full title, as a clerk would type them."""

import datetime

import pytest

from awards import services
from documents import legal
from documents.models import RenderJob
from documents.services import pdf_text
from tests.awards.test_dossier import archive_of, produce
from tests.factories import council
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

DECREE_LINE = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
    "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
    "thi hành một số điều của Luật Thi đua, khen thưởng;"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf, layout=False).split())


def _assert_cites_the_2025_texts(text: str) -> None:
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert DECREE_LINE in text
    assert "Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ;" in text
    # In the registry's order, before the plan and the minutes.
    assert text.index("Luật Thi đua") < text.index(DECREE_LINE) < text.index("Thông tư số 15")
    assert text.index("Thông tư số 15") < text.index("Căn cứ Kế hoạch")


def test_the_submission_cites_decree_152_with_its_date_and_full_title(
    tree, django_capture_on_commit_callbacks
):
    session = council(tree["office_a"], collectives=1, individuals=1, ballots=[(9, 0), (9, 0)])
    job = produce(session, django_capture_on_commit_callbacks)
    assert job.status == RenderJob.Status.DONE, job.error
    archive = archive_of(job)
    submission = next(name for name in archive.namelist() if name.startswith("01 Tờ trình"))

    _assert_cites_the_2025_texts(_flat(archive.read(submission)))


def test_the_decision_cites_decree_152_with_its_date_and_full_title(
    tree, django_capture_on_commit_callbacks
):
    session = council(tree["office_a"], collectives=1, individuals=1, ballots=[(9, 0), (9, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            actor=SYSTEM, session=session, decided_on=datetime.date(2025, 10, 15)
        )
    job = RenderJob.objects.get(builder=services.DECISION_BUILDER)
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        _assert_cites_the_2025_texts(_flat(handle.read()))


def test_the_demo_plan_cites_the_same_bases():
    from campaign import demo

    lines = demo._texts("Sở", _Named("Phòng A"), _Named("Phòng B"), 2025)["legal_basis"]
    assert lines.splitlines()[:3] == legal.citations(legal.AWARD_BASES)


class _Named:
    def __init__(self, name):
        self.name = name
