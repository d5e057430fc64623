"""The five seed plans (../shared/seeds/00*.txt) as data, and their loader.

Each plan is written as faithfully as the source allows: the legal basis, the closing sentence
and the recipients line by line as printed; every other text one paragraph per line, with the
source's own headings and numbering ("1.1.", "a)", "- ", "+ ") kept inside the field it falls
in. Only extraction artefacts are removed (a sentence broken over several lines, doubled
spaces, "[bookmark: ...]" marks, a footnote marker, a stray "mailto:" line); the originals'
own slips of the pen are kept as issued ("cải cách hành tại cơ quan", "đề nghị và đề nghị",
"các cơ sở các cơ sở"...). Seed 002 went through OCR and lost its diacritics: it is written
here as it should read. Every place where the data departs from the source, or a value had to
be chosen because the source lacks it, carries a comment.

Two upper-level plans the seeds are based on are created first, with only what the child
plans tell about them: Kế hoạch số 1362/KH-GDĐT of Phòng GD&ĐT huyện Nhà Bè (for seed 000)
and Kế hoạch số 175/KH-UBND of Ủy ban nhân dân Quận 1 (for seed 002).

`load_seed_campaigns()` is idempotent: a plan whose issuing unit already has a campaign with
the same title is left as it is.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from documents.models import DocumentType
from documents.services import number_register_continue
from units.models import Tenant, Unit, UnitKind

from .models import (
    Campaign,
    Comparator,
    DateStyle,
    DeadlineKind,
    KpiIndicator,
    ParticipantType,
    ReportPeriod,
    ReportSchedule,
)
from .services import (
    campaign_create,
    campaign_launch,
    deadline_save,
    kpi_catalogue_ensure,
    phase_delete,
    phase_save,
    report_schedule_save,
    target_save,
)

D = datetime.date
SHORT = DateStyle.SHORT  # "16/9/2023"
LONG = DateStyle.LONG  # "01 tháng 02 năm 2024"
COLLECTIVE = ParticipantType.COLLECTIVE
INDIVIDUAL = ParticipantType.INDIVIDUAL


def _p(text: str) -> str:
    """Paragraphs separated by blank lines, one per line in the result; the lines a paragraph
    is wrapped over here are joined with a space."""
    blocks = textwrap.dedent(text).strip().split("\n\n")
    return "\n".join(" ".join(line.strip() for line in block.splitlines()) for block in blocks)


@dataclass(frozen=True)
class DeadlineSeed:
    kind: str
    due: datetime.date
    # The sentence printed before "trước ngày <date>".
    description: str
    date_style: str = SHORT
    receiving_unit: str = ""  # unit code in the plan's tenant
    contact_email: str = ""


@dataclass(frozen=True)
class PhaseSeed:
    name: str
    start: datetime.date
    end: datetime.date
    description: str = ""
    deadlines: tuple[DeadlineSeed, ...] = ()


@dataclass(frozen=True)
class TargetSeed:
    indicator: str  # a code of services.DEFAULT_INDICATORS
    value: Decimal
    comparator: str = Comparator.AT_LEAST
    participant_type: str = ParticipantType.ALL


@dataclass(frozen=True)
class ScheduleSeed:
    name: str
    periods: tuple[str, ...]
    due_day: int
    due_month: str
    receiving_unit: str = ""


@dataclass(frozen=True)
class PlanSeed:
    key: str
    tenant: str
    unit: str
    title: str
    start: datetime.date
    end: datetime.date
    issued_on: datetime.date
    # The number printed on the paper plan: the unit's register continues from it.
    number: int | None = None
    based_on: str = ""  # key of the upper-level plan
    participant_kinds: tuple[str, ...] = ()
    includes_issuing_unit: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    phases: tuple[PhaseSeed, ...] = ()
    targets: tuple[TargetSeed, ...] = ()
    schedules: tuple[ScheduleSeed, ...] = ()


# ---------------------------------------------------------------------------------------------
# Huyện Nhà Bè: Kế hoạch 1362/KH-GDĐT of Phòng GD&ĐT and seed 000 (Trường Mầm non Sơn Ca).
# ---------------------------------------------------------------------------------------------

NHA_BE_EMAIL = "tonghoptk.pgdnhabe@moet.edu.vn"


def _nha_be_registration(year: int, due: datetime.date, style: str, email: str = ""):
    local = "cơ quan, đơn vị" if year == 2023 else "cơ quan, đơn vị, địa phương"
    return DeadlineSeed(
        DeadlineKind.REGISTRATION,
        due,
        "Đăng ký các giải pháp, mô hình, sáng kiến tiêu biểu về cải cách hành chính năm "
        f"{year} của {local} (theo mẫu 1 và 2 đính kèm) gửi về Phòng Giáo dục và Đào tạo để "
        "tổng hợp gửi Phòng Nội vụ",
        style,
        "GDĐT",
        email,
    )


def _nha_be_award(year: int, due: datetime.date, style: str, again: str = ""):
    # One sentence carries both the result report and the award proposal; its date binds the
    # proposal to Ủy ban nhân dân Huyện, so it is one deadline of kind "award_proposal".
    # `again`: the 2024 paragraph prints "và đề nghị và đề nghị"; kept as issued.
    return DeadlineSeed(
        DeadlineKind.AWARD_PROPOSAL,
        due,
        "Thực hiện báo cáo đánh giá kết quả phong trào thi đua, kết quả mức độ hoàn thành các "
        "giải pháp, mô hình, sáng kiến tiêu biểu đã đăng ký và tiến hành khen thưởng năm "
        f"{year} theo thẩm quyền và đề nghị {again}Ủy ban nhân dân Huyện xem xét, quyết định "
        "khen thưởng",
        style,
        "GDĐT",
    )


# Section IV "Tiến độ thực hiện" of seed 000. Each year is a phase over the calendar year.
# Kế hoạch 1362 is known only through seed 000, which relays its timetable: the parent plan
# gets the same phases and deadlines (the child's deadlines may not be later than them).
NHA_BE_PHASES = (
    PhaseSeed(
        "Năm 2023",
        D(2023, 1, 1),
        D(2023, 12, 31),
        "Tổ chức triển khai phong trào thi đua.",
        (
            _nha_be_registration(2023, D(2023, 9, 16), SHORT, NHA_BE_EMAIL),
            _nha_be_award(2023, D(2023, 10, 5), SHORT),
        ),
    ),
    PhaseSeed(
        "Năm 2024",
        D(2024, 1, 1),
        D(2024, 12, 31),
        "Tiếp tục tổ chức triển khai phong trào thi đua.",
        (
            _nha_be_registration(2024, D(2024, 2, 1), LONG, NHA_BE_EMAIL),
            _nha_be_award(2024, D(2024, 10, 10), LONG, again="và đề nghị "),
        ),
    ),
    PhaseSeed(
        "Năm 2025",
        D(2025, 1, 1),
        D(2025, 12, 31),
        _p("""
            Tiếp tục tổ chức triển khai phong trào thi đua.

            Tổ chức tổng kết đánh giá kết quả triển khai thực hiện phong trào thi đua giai đoạn
            2023 - 2025.
        """),
        (
            # The 2025 registration gives no e-mail address.
            _nha_be_registration(2025, D(2025, 2, 15), LONG),
            _nha_be_award(2025, D(2025, 10, 10), LONG),
        ),
    ),
)

PLAN_1362 = PlanSeed(
    key="1362",
    tenant="nha-be",
    unit="GDĐT",
    title=_p("""
        Phát động phong trào thi đua “Cải cách hành chính” trên địa bàn huyện Nhà Bè giai đoạn
        2023 - 2025 trong ngành Giáo dục và Đào tạo huyện Nhà Bè
    """),
    start=D(2023, 1, 1),
    end=D(2025, 12, 31),
    # "Kế hoạch số 1362/KH-GDĐT ngày 14 tháng 9 năm 2023" (seed 000's legal basis).
    issued_on=D(2023, 9, 14),
    number=1362,
    # "trong ngành Giáo dục và Đào tạo huyện Nhà Bè": the district's schools.
    participant_kinds=("truong-mam-non", "truong-tieu-hoc", "truong-thcs"),
    phases=NHA_BE_PHASES,
)

SEED_000 = PlanSeed(
    key="000",
    tenant="nha-be",
    unit="MNSC",
    title=_p("""
        Phát động phong trào thi đua “Cải cách hành chính” Trường Mầm non Sơn Ca giai đoạn 2023 -
        2025
    """),
    start=D(2023, 1, 1),
    end=D(2025, 12, 31),
    # The source shows no number or date. It was written after Kế hoạch 1362 (14/9/2023) and
    # before its first deadline (16/9/2023): 15/9/2023; the school's register allocates.
    issued_on=D(2023, 9, 15),
    based_on="1362",
    includes_issuing_unit=True,
    texts={
        "legal_basis": _p("""
            Căn cứ Kế hoạch số 1362/KH-GDĐT ngày 14 tháng 9 năm 2023 của Phòng Giáo dục và Đào tạo
            huyện Nhà Bè về phát động phong trào thi đua “Cải cách hành chính” trên địa bàn huyện
            Nhà Bè giai đoạn 2023 - 2025 trong ngành Giáo dục và Đào tạo huyện Nhà Bè;
        """),
        "introduction": _p("""
            Trường Mầm non Sơn Ca xây dựng Kế hoạch phát động phong trào thi đua “Cải cách hành
            chính” giai đoạn 2023 – 2025 với các nội dung cụ thể như sau:
        """),
        "purpose": _p("""
            Triển khai có hiệu quả Kế hoạch số 843/KH-UBND ngày 29 tháng 4 năm 2021 của Ủy ban
            nhân dân Huyện về thực hiện chương trình cải cách hành chính và giải pháp nâng cao Chỉ
            số cải cách hành chính trên địa bàn huyện Nhà Bè giai đoạn 2020 - 2025; Kế hoạch số
            350/KH-UBND ngày 30 tháng 12 năm 2022 của Ủy ban nhân dân Huyện về thực hiện công tác
            cải cách hành chính trên địa bàn huyện Nhà Bè năm 2023.

            Thông qua phong trào thi đua khơi dậy tinh thần tự giác, trách nhiệm, nỗ lực của đội
            ngũ cán bộ, giáo viên, nhân viên trong nhà trường tích cực đề xuất các giải pháp, sáng
            kiến thiết thực, hiệu quả trong công tác cải cách hành chính, tạo sự chuyển biến mạnh
            mẽ trong các lĩnh vực cải cách hành chính, góp phần hoàn thành các nhiệm vụ, chỉ tiêu
            chương trình cải cách hành chính hằng năm và giai đoạn, đặc biệt cải thiện Chỉ số cải
            cách hành chính (PAR Index), Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), Chỉ số hiệu
            quả quản trị và hành chính công cấp tỉnh (PAPI), Chỉ số hài lòng về sự phục vụ hành
            chính năm (SIPAS) và Kết quả đánh giá chuyển đổi số (DTI) cấp tỉnh, cấp quốc gia; đồng
            thời, khắc phục các điểm còn hạn chế, phấn đấu đưa Huyện vào nhóm các địa phương dẫn
            đầu Thành phố về Cải cách hành chính vào năm 2025.
        """),
        "requirements": _p("""
            Phong trào thi đua được tổ chức triển khai sâu rộng với nội dung thi đua cụ thể gắn
            với mục tiêu, chỉ tiêu trong Chương trình cải cách hành chính; hình thức tổ chức phong
            phú thiết thực thu hút được nhiều đối tượng tham gia.

            Cán bộ, giáo viên, nhân viên nhà trường mạnh dạn tham mưu đề xuất các giải pháp sáng
            tạo trong công tác cải cách hành chính.

            Phối hợp, tổ chức kiểm tra, giám sát quá trình triển khai; tổ chức sơ kết, tổng kết
            đánh giá kết quả, rút kinh nghiệm; kịp thời biểu dương khen thưởng, nhân rộng các giải
            pháp, sáng kiến, các mô hình, cách làm sáng tạo trong phong trào thi đua của Huyện.
        """),
        "participants_collective": "Trường Mầm non Sơn Ca",
        "participants_individual": "Cán bộ, giáo viên, nhân viên Trường Mầm non Sơn Ca.",
        # The first paragraph's footnote ("Năm học 2023-2024 và 2024-2025.") is written in
        # parentheses where its marker stood: a plain-text field has no footnotes.
        "content_collective": _p("""
            Xây dựng kế hoạch, tổ chức phát động phong trào thi đua cải cách hành chính giai đoạn
            2023 - 2025 gắn với Kế hoạch thực hiện nhiệm vụ năm học hàng năm (năm học 2023-2024 và
            2024-2025).

            Hoàn thành nhiệm vụ, chỉ tiêu về công tác cải cách hành chính thuộc lĩnh vực giáo dục;
            mức độ hài lòng của cá nhân và tổ chức đối với sự phục vụ của đơn vị sự nghiệp công
            cung cấp trong lĩnh vực giáo dục đạt 95% trở lên, về giải quyết thủ tục hành chính đạt
            95% trở lên.

            Đăng ký các mô hình giải pháp, sáng kiến về công tác cải cách hành chính bảo đảm tính
            hợp pháp, hợp lý, hiệu quả phù hợp với tình hình thực tế và đặc điểm của nhà trường.

            Thanh toán điện tử trong cung ứng dịch vụ.

            100% các văn bản, tài liệu chính thức trao đổi giữa các cơ quan hành chính nhà nước
            được thực hiện trên môi trường điện tử trừ các văn bản bí mật nhà nước.

            Có đăng ký mô hình, giải pháp sáng kiến về cải cách hành chính được áp dụng có hiệu
            quả.

            Chỉ số cải cách hành chính hằng năm đạt từ loại “Khá” trở lên (áp dụng đối với các cơ
            quan có đánh giá xác định chỉ số cải cách hành chính hằng năm).

            Tổ chức triển khai hiệu quả Đề án “Phát triển ứng dụng dữ liệu về dân cư, định danh và
            xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến
            năm 2030” (gọi tắt là Đề án 06) của Chính phủ.
        """),
        "content_individual": _p("""
            Người đứng đầu cơ quan, đơn vị thể hiện tính gương mẫu, tiên phong đi đầu trong cải
            cách hành chính, trong thực hiện quy chế văn hóa ứng xử, đạo đức công vụ; có giải pháp
            mang lại hiệu quả cao trong chỉ đạo, điều hành để hoàn thành tốt công tác cải cách
            hành chính và không để xảy ra trường hợp cán bộ, công chức, viên chức và người lao
            động thuộc phạm vi mình quản lý có hành vi nhũng nhiễu, gây khó khăn trong thi hành
            công vụ.

            Cán bộ, giáo viên, nhân viên có tinh thần trách nhiệm trong thực hiện nhiệm vụ được
            giao; chấp hành tốt kỷ luật, kỷ cương hành chính; quy chế văn hóa ứng xử, đạo đức công
            vụ.

            Kết quả đánh giá, xếp loại đạt từ mức “Hoàn thành tốt nhiệm vụ” trở lên.

            Có đề xuất mô hình sáng kiến, giải pháp, cách làm hay, áp dụng công nghệ mới trong
            công tác cải cách hành chính nhằm nâng cao chất lượng, hiệu quả thực hiện nhiệm vụ,
            được công nhận và nhân rộng tại cơ quan, đơn vị hoặc cấp Huyện.

            Thực hiện tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại các đơn vị áp dụng chữ ký
            số trong giải quyết hồ sơ thủ tục hành chính.
        """),
        "solutions": _p("""
            Triển khai thực hiện phong trào thi đua thiết thực, hiệu quả, phù hợp với tình hình
            thực tiễn của nhà trường. Nâng cao nhận thức, tăng cường trách nhiệm của cơ quan, đơn
            vị nhất là người đứng đầu về thực hiện công tác cải cách hành chính; động viên, khuyến
            khích cán bộ, công chức, viên chức năng động, sáng tạo, đột phá vì lợi ích chung theo
            Kết luận số 14-KL/TW ngày 22 tháng 9 năm 2021 của Bộ Chính trị về khuyến khích và bảo
            vệ cán bộ năng động, sáng tạo vì lợi ích chung; khơi dậy mạnh mẽ ý thức trách nhiệm,
            khát vọng cống hiến, tinh thần đổi mới, hết lòng, hết sức phục vụ nhân dân của đội ngũ
            cán bộ, công chức, viên chức Huyện.

            Tập trung tuyên truyền nội dung Kế hoạch số 843/KH-UBND ngày 29 tháng 4 năm 2021 của
            Ủy ban nhân dân Huyện về thực hiện chương trình cải cách hành chính và giải pháp nâng
            cao Chỉ số cải cách hành chính trên địa bàn huyện Nhà Bè giai đoạn 2020 - 2025; Kế
            hoạch số 350/KH-UBND ngày 30 tháng 12 năm 2022 của Ủy ban nhân dân Huyện về thực hiện
            công tác cải cách hành chính trên địa bàn huyện Nhà Bè năm 2023. Chú trọng công tác
            kiểm tra, giám sát về công tác chỉ đạo, điều hành và kết quả thực hiện cải cách hành
            chính.

            Chủ động và duy trì thường xuyên công tác thông tin, tuyên truyền đến đội ngũ cán bộ,
            công chức, viên chức về tầm quan trọng của việc thực hiện cải cách hành chính nhằm
            nâng cao nhận thức, thái độ tích cực của đội ngũ cán bộ, công chức, viên chức trong
            thực thi nhiệm vụ được giao, phục vụ người dân và nhận được sự đồng thuận, chia sẻ,
            đóng góp của người dân; kiên quyết xử lý nghiêm những cán bộ, công chức, viên chức
            thuộc quyền quản lý có hành vi nhũng nhiễu, gây khó khăn, chậm trễ trong giải quyết
            công việc.

            Chủ động nghiên cứu, tham khảo, áp dụng nhân rộng mô hình, giải pháp về công tác cải
            cách hành chính với tinh thần hiệu quả, đồng bộ, tiết kiệm, phù hợp với tình hình thực
            tế tại cơ quan, đơn vị. Cán bộ, giáo viên, nhân viên tích cực đề xuất các sáng kiến,
            giải pháp mới, cách làm đột phá, sáng tạo, hiệu quả cao vì lợi ích chung để triển khai
            thực hiện có hiệu quả công tác cải cách hành chính trên địa bàn Huyện.

            Định kỳ sơ kết, tổng kết phong trào thi đua gắn với kết quả thực hiện Chương trình cải
            cách hành chính từng năm, từng giai đoạn, đẩy mạnh tuyên truyền, nhân rộng và kịp thời
            biểu dương, khen thưởng những mô hình mới, giải pháp, sáng tạo có hiệu quả.
        """),
        "award_forms": "Giấy khen của Ủy ban nhân dân Huyện",
        "award_criteria": _p("""
            Tùy vào đặc điểm tình hình, đơn vị xem xét quyết định số lượng và đề nghị tặng Giấy
            khen cho tập thể, cá nhân có thành tích xuất sắc trong triển khai, thực hiện phong
            trào thi đua cải cách hành chính hằng năm đạt mức “Hoàn thành tốt nhiệm vụ” trở lên.

            Không xem xét, đề nghị khen thưởng đối với tập thể có cá nhân vi phạm quy chế văn hóa
            ứng xử, đạo đức công vụ, có hành vi nhũng nhiễu, gây khó khăn cho người dân trong thi
            hành công vụ.
        """),
        "award_procedure": _p("""
            a) Thủ tục khen thưởng:

            Thực hiện theo trình tự, thủ tục được quy định tại Nghị định số 91/2017/NĐ-CP ngày 31
            tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi
            đua, khen thưởng; Quyết định số 24/2018/QĐ-UBND ngày 20 tháng 7 năm 2018 của Ủy ban
            nhân dân Thành phố về công tác thi đua, khen thưởng trên địa bàn Thành phố; Quyết định
            số 3599/QĐ-UBND ngày 28 tháng 12 năm 2018 của Ủy ban nhân dân Huyện về ban hành các
            quy trình thực hiện thủ tục hành chính thuộc phạm vi chức năng quản lý của Phòng Nội
            vụ huyện Nhà Bè.

            b) Hồ sơ đề nghị khen thưởng (01 bộ chính), gồm:

            Tờ trình đề nghị khen thưởng của cấp trình khen thưởng.

            Biên bản họp Hội đồng Thi đua - Khen thưởng của cấp trình khen thưởng.

            Báo cáo thành tích, Báo cáo tóm tắt thành tích của tập thể, cá nhân đề nghị khen
            thưởng có xác nhận của cơ quan đơn vị thuộc Huyện (thực hiện theo mẫu báo cáo quy định
            hiện hành).
        """),
        "implementation": _p("""
            Nhà trường xây dựng Kế hoạch phát động phong trào thi đua “Cải cách hành chính” giai
            đoạn 2023 – 2025 chi tiết và chịu trách nhiệm tổ chức, phân công triển khai thực hiện
            các nhiệm vụ nêu trên cụ thể, kịp thời và đạt hiệu quả cao nhất.

            Định kỳ hàng năm, báo cáo kết quả thực hiện.

            Tổ chức xem xét, lựa chọn trong đơn vị để đề xuất khen thưởng.
        """),
        "closing": _p("""
            Trên đây là Kế hoạch phát động phong trào thi đua “Cải cách hành chính” giai đoạn 2023
            – 2025 của Trường Mầm non Sơn Ca, đề nghị tập thể CB-GV-CNV nhà trường thực hiện tốt
            các nhiệm vụ đã đề ra./.
        """),
        "recipients": _p("""
            Phòng Giáo dục và Đào tạo “để báo cáo”;

            CB-GV-NV nhà trường “để thực hiện”;

            Lưu: VT.
        """),
        # The text ends without its signature block; a school's plan is signed by the
        # principal. No name is given.
        "signer_position": "HIỆU TRƯỞNG",
    },
    # Receiving unit: the school sends everything to Phòng GD&ĐT, which consolidates for
    # Phòng Nội vụ.
    phases=NHA_BE_PHASES,
    targets=(
        # "mức độ hài lòng ... đối với sự phục vụ ... đạt 95% trở lên, về giải quyết thủ tục
        # hành chính đạt 95% trở lên"; "100% các văn bản ... trên môi trường điện tử".
        TargetSeed("hai-long-phuc-vu", Decimal(95), participant_type=COLLECTIVE),
        TargetSeed("hai-long-tthc", Decimal(95), participant_type=COLLECTIVE),
        TargetSeed("van-ban-dien-tu", Decimal(100), participant_type=COLLECTIVE),
    ),
)


# ---------------------------------------------------------------------------------------------
# Seed 001: Trường Mầm non Hoa Phượng (Quận 8), the yearly CCHC work plan 2023.
# ---------------------------------------------------------------------------------------------

SEED_001 = PlanSeed(
    key="001",
    tenant="quan-8",
    unit="MNHP",
    title="Thực hiện công tác cải cách hành chính năm 2023",
    start=D(2023, 1, 1),
    end=D(2023, 12, 31),
    # The source shows no number or date. It implements Kế hoạch 39/KH-PGDĐT of 15/3/2023 and
    # must reach Phòng GD&ĐT Quận 8 before 21/3/2023: 16/3/2023; the school's register
    # allocates. (Kế hoạch 39 is not on the platform, so the plan is not `based_on` it.)
    issued_on=D(2023, 3, 16),
    includes_issuing_unit=True,
    texts={
        "theme": _p("""
            Nâng cao hiệu quả hoạt động công vụ, đẩy mạnh cải cách hành chính và cải thiện môi
            trường đầu tư; thúc đẩy phát triển kinh tế; đảm bảo an sinh xã hội
        """),
        "legal_basis": _p("""
            Thực hiện Kế hoạch số 39/KH-PGDĐT ngày 15/3/2023 của Phòng Giáo dục và Đào tạo Quận 8
            kế hoạch thực hiện công tác cải cách hành chính năm 2023;
        """),
        "introduction": _p("""
            Trường Mầm non Hoa Phượng xây dựng kế hoạch thực hiện công tác cải cách hành chính năm
            2023 với nội dung như sau:
        """),
        # Section I "Mục tiêu". "giải quyết nhanh các thủ tục hành chí, nh" is an extraction
        # artefact of "hành chính".
        "purpose": _p("""
            1. Tập trung xây dựng, triển khai có hiệu quả các nội dung của Chương trình cải cách
            hành chính và giải pháp nâng cao Chỉ số cải cách hành chính (PAR Index) của Quận 8
            giai đoạn 2021 – 2025; chương trình cải cách hành chính và giải pháp nâng cao Chỉ số
            cải cách hành chính giai đoạn 2020 - 2025.

            2. Triển khai công tác cải cách hành chính gắn với Chủ đề năm 2023 “Nâng cao hiệu quả
            hoạt động công vụ, đẩy mạnh cải cách hành chính và cải thiện môi trường đầu tư; thúc
            đẩy phát triển kinh tế; đảm bảo an sinh xã hội”.

            Tiếp tục thực hiện tốt công tác cải cách hành chính, nâng cao trách nhiệm phục vụ phụ
            huynh học sinh, người dân, tổ chức; giải quyết nhanh các thủ tục hành chính về lĩnh
            vực giáo dục, huy động nguồn lực để phục vụ cho sự phát triển kinh tế - xã hội trên
            địa bàn phù hợp với tình hình đơn vị.
        """),
        # A work plan, not a call to compete: the school's own staff take part; the plan names
        # no participants. Section II "Chỉ tiêu" is its content (the measurable part is also in
        # the targets below), section III "Nhiệm vụ trọng tâm" its solutions.
        "content_collective": _p("""
            1. Thực hiện công tác tự kiểm tra cải cách hành chính tại đơn vị.

            2. Về giải quyết hồ sơ thủ tục hành chính (TTHC)

            2.1. Tỷ lệ giải quyết hồ sơ thủ tục đúng hạn: từ 98% trở lên.

            2.2. Công khai và cập nhật kịp thời tỷ lệ giải quyết hồ sơ thủ tục hành chính, hồ sơ
            tuyển sinh đúng hạn/ trễ hạn trên cổng thông tin điện tử và email.

            2.3. 100% hồ sơ thủ tục hành chính giải quyết trễ hạn phải kịp thời thông báo xin lỗi
            phụ huynh học sinh, tổ chức, cá nhân theo quy định (nếu có).

            3. Về tỷ lệ khảo sát ý kiến mức độ hài lòng của cá nhân và tổ chức:

            - Phấn đấu mức độ hài lòng của cá nhân, tổ chức đối với sự phục vụ trong lĩnh vực giáo
            dục của đơn vị đạt 100%.

            - Phấn đấu mức độ hài lòng của cá nhân, tổ chức về giải quyết thủ tục hồ sơ đạt 100%.

            4. 100% các phản ánh, kiến nghị của cá nhân, tổ chức về quy định, thủ tục hồ sơ thuộc
            thẩm quyền giải quyết của đơn vị được tiếp nhận, xử lý, trả lời và công khai kết quả
            trả lời trên trang thông tin nhà trường.

            5. Công khai và cập nhật kịp thời tỷ lệ đánh giá sự hài lòng trên Trang thông tin điện
            tử đơn vị.

            6. 100% đơn vị áp dụng thực hiện ứng dụng thanh toán điện tử (thanh toán học phí, các
            khoản thu …)

            7. Xây dựng môi trường làm việc điện tử

            7.1. 100% các văn bản, tài liệu được trao đổi giữa các cá nhân, bộ phận, tổ chuyên
            môn, các đoàn thể được thực hiện trên môi trường điện tử trừ các văn bản có chứa bí
            mật nhà nước.

            7.2. 100% thực hiện chữ ký số trong giải quyết hồ sơ tài chính kế toán, các hồ sơ có
            tính bảo mật, đảm bảo thực hiện đúng quy định.

            7.3. Sử dụng hệ thống thư điện tử công vụ trong trao đổi công việc theo đúng quy định
            của Ủy ban nhân dân Thành phố tại Quyết định số 41/2011/QĐ-UBND ngày 17/6/2011.

            7.4. 100% Ứng dụng hệ thống báo cáo được kết nối liên thông, chia sẻ dữ liệu với hệ
            thống thông tin báo cáo Phòng Giáo dục và Đào tạo Quận 8.
        """),
        "solutions": _p("""
            1. Công tác chỉ đạo, điều hành và truyền thông về cải cách hành chính

            1.1. Thường xuyên rà soát, kiện toàn Tổ chỉ đạo Cải cách hành chính theo quy định mới
            và phù hợp với yêu cầu công tác. Hiệu trưởng là người trực tiếp quản lý, chỉ đạo công
            tác cải cách hành chính tại đơn vị.

            1.2. Xác định rõ và thực hiện đầy đủ vai trò, trách nhiệm của Hiệu trưởng trong việc
            triển khai các nội dung cải cách hành chính, đảm bảo tiến độ, chất lượng và hiệu quả.

            1.3. Tăng cường công tác tự kiểm tra cải cách hành chính, kết quả thực hiện các chỉ
            tiêu cải cách hành chính; kiểm tra việc thực hiện quy tắc ứng xử của cán bộ, viên
            chức, người lao động; kịp thời xử lý các vấn đề phát hiện qua kiểm tra.

            1.4. Nghiêm túc thực hiện theo Quyết định số 2732/QĐ-UBND ngày 26/5/2021 của Ủy ban
            nhân dân Quận 8 về ban hành Kế hoạch thực hiện chương trình cải cách hành chính và
            giải pháp nâng cao Chỉ số cải cách hành chính trên địa bàn Quận 8 giai đoạn 2020 -
            2025, Quyết định số 256/QĐ-UBND ngày 28/01/2022 của Ủy ban nhân dân Quận 8 về ban hành
            Kế hoạch thực hiện Chương trình tổng thể cải cách hành chính nhà nước trên địa bàn
            Quận 8 giai đoạn 2021 - 2030, Công văn số 1121/UBND-NV ngày 14/6/2022 của Ủy ban nhân
            dân Quận 8 về tăng cường thực hiện công tác cải cách hành chính trên địa bàn Quận 8
            giai đoạn 2022 - 2025.

            1.5. Rà soát và triển khai thực hiện các giải pháp cải thiện, khắc phục hạn chế, thiếu
            sót trong công tác đánh giá tại đơn vị.

            1.6. Khuyến khích cán bộ, viên chức, người lao động đưa ra đề xuất, sáng kiến; chủ
            động phát hiện những mô hình, giải pháp sáng tạo trong cải cách hành chính để nhân
            rộng.

            1.7. Tham gia trao đổi, học tập kinh nghiệm của các đơn vị ở địa phương khác có giải
            pháp, sáng kiến hay trong công tác cải cách hành chính để tham mưu, áp dụng phù hợp
            vào tình hình thực tiễn tại đơn vị.

            1.8. Tham gia, bồi dưỡng, cập nhật kiến thức, nâng cao năng lực cho đội ngũ làm công
            tác cải cách hành chính của đơn vị.

            1.9. Tuyên truyền, truyền thông về công tác cải cách hành chính:

            - Tuyên truyền, thực hiện các nội dung cải cách hành chính thông qua các cuộc họp đơn
            vị, trên Trang thông tin điện tử của đơn vị; tham dự tuyên truyền thông qua các hoạt
            động tập huấn, tọa đàm, trao đổi kinh nghiệm về cải cách hành chính.

            - Chủ động truyền thông về công tác cải cách hành chính một cách thiết thực đi đôi với
            mô hình tuyên truyền, rõ ràng, hiệu quả; gắn kết quả công tác cải cách hành chính với
            công tác thi đua, khen thưởng.

            - Thường xuyên đăng tin, viết bài tuyên truyền công tác cải cách hành chính, giới
            thiệu các mô hình, giải pháp hay trong thực hiện cải cách hành chính tại đơn vị.

            - Duy trì chuyên mục dành riêng về công tác cải cách hành chính giới thiệu, tuyên
            truyền các mô hình, giải pháp hay trong thực hiện cải cách hành chính tại đơn vị.

            - Phát động sâu rộng trong đội ngũ cán bộ, viên chức, người lao động tham gia các Hội
            thi, chương trình, giải thưởng; các hội thảo, tập huấn về công tác cải cách hành chính
            do thành phố, quận tổ chức với hình thức phù hợp, sinh động, hiệu quả, có sức lan tỏa.

            2. Công tác cải cách thể chế

            2.1. Nâng cao hiệu quả công tác xây dựng và ban hành văn bản thuộc thẩm quyền của
            trường.

            2.2. Thực hiện có hiệu quả quá trình chuyển đổi số, phục vụ có hiệu quả việc xây dựng,
            phát triển chính quyền số, nền kinh tế số và xã hội số.

            2.3. Thực hiện công tác theo dõi tình hình thi hành pháp luật, báo cáo kịp thời kết
            quả theo dõi thi hành pháp luật.

            2.4. Triển khai, thực hiện Đề án “Nâng cao chất lượng xây dựng văn bản quy phạm pháp
            luật trên địa bàn Thành phố Hồ Chí Minh giai đoạn 2022 - 2025”.

            2.5. Tăng cường tuyên truyền phổ biến giáo dục pháp luật đa dạng về hình thức và phù
            hợp với đơn vị.

            2.6. Thực hiện Đề án nâng cao chất lượng xây dựng văn bản quy phạm pháp luật trên địa
            bàn Quận 8 giai đoạn 2022 - 2025.

            3. Cải cách thủ tục hành chính

            3.1. Tăng cường trách nhiệm của cán bộ quản lý nhà trường trong cải cách TTHC và giải
            quyết TTHC; kết quả thực hiện là cơ sở xem xét mức độ hoàn thành nhiệm vụ của cán bộ
            quản lý nhà trường.

            3.2. Rà soát các văn bản quy phạm pháp luật đã hết hiệu lực, cập nhật các văn bản mới.

            3.3. Thực hiện công khai, minh bạch trong tiếp nhận, giải quyết thủ tục hồ sơ, bảo đảm
            100% thủ tục hồ sơ được công bố, công khai đầy đủ, đúng hạn

            3.4. Nâng cao chất lượng giải quyết hồ sơ, thủ tục hồ sơ đảm bảo chỉ tiêu kế hoạch đề
            ra. Thực hiện nghiêm việc xin lỗi đối với hồ sơ trễ hẹn. Xử lý nghiêm các trường hợp
            sai phạm, tiêu cực phát sinh trong quá trình giải quyết hồ sơ, thủ tục hồ sơ (nếu có).
            Phấn đấu không có hồ sơ thủ tục giải quyết trễ hạn.

            3.5. Rà soát, đánh giá, đề xuất cắt giảm, đơn giản hóa thủ tục hành chính liên quan
            đến hoạt động giáo dục; rà soát các thủ tục hành chính 03 (ba) năm không phát sinh hồ
            sơ; kiểm soát việc cung cấp thủ tục hành chính trên môi trường điện tử.

            3.6. Tiếp nhận, xử lý phản ánh, kiến nghị (PAKN) của phụ huynh học sinh, cá nhân, tổ
            chức về quy định, thủ tục hành chính thuộc thẩm quyền giải quyết.

            4. Cải cách tổ chức bộ máy hành chính nhà nước

            4.1. Rà soát, tham mưu sắp xếp, kiện toàn tổ chức bộ máy phù hợp với đặc điểm của đơn
            vị và quy định của pháp luật, chủ động cải cách tổ chức bộ máy trong nội bộ đơn vị.

            4.2. Tăng cường công tác khảo sát, đánh giá công tác được ủy quyền; thực hiện Đề án vị
            trí việc làm: số lượng người làm việc trong đơn vị, vị trí việc làm, tinh giản biên
            chế và chế độ chính sách đối với cán bộ, công chức, viên chức và người lao động.

            4.3. Nghiêm túc thực hiện quy chế phối hợp giữa các tổ chức đoàn thể trong công tác
            thực hiện nhiệm vụ quản lý nhà nước.

            5. Cải cách chế độ công vụ

            5.1. Tiếp tục thực hiện các quy định về cán bộ quản lý, giáo viên, nhân viên, đảm bảo
            đầy đủ chế độ, chính sách cho cán bộ quản lý, giáo viên, nhân viên nhà trường.

            5.2. Thực hiện vị trí việc làm và cơ cấu viên chức theo chức danh nghề nghiệp của
            trường theo quy định tại Nghị định số 106/2020/NĐ-CP ngày 10 tháng 9 năm 2020 của
            Chính phủ.

            5.3. Tiếp tục phát động phong trào thi đua thực hiện văn hóa công vụ đến toàn thể cán
            bộ quản lý, giáo viên, nhân viên, đưa nội dung thực hiện văn hóa công vụ vào các tiêu
            chí bình xét thi đua của đơn vị. Kịp thời biểu dương, khen thưởng những tập thể có
            thành tích tốt và những cá nhân gương mẫu trong thực hiện văn hóa công vụ; xử lý
            nghiêm tập thể, cá nhân vi phạm quy định hoặc thực hiện chưa tốt văn hóa công vụ.

            5.4. Tăng cường công tác kiểm tra việc thực hiện quy tắc ứng xử và thực thi công vụ
            của cán bộ quản lý, giáo viên, nhân viên. Triển khai thực hiện Kế hoạch số 124-KH/TU
            ngày 31 tháng 5 năm 2022 của Thành ủy về chủ trương khuyến khích và bảo vệ cán bộ năng
            động, sáng tạo vì lợi ích chung.

            5.5. Công khai, minh bạch và tăng cường ứng dụng công nghệ thông tin để nâng cao chất
            lượng tuyển dụng, nâng ngạch công chức, thăng hạng viên chức; bố trí sử dụng, đào tạo,
            quy hoạch, bổ nhiệm, luân chuyển và đánh giá, phân loại cán bộ, viên chức theo vị trí
            việc làm đã được phê duyệt.

            5.6. Tham gia đào tạo, bồi dưỡng cho đội ngũ cán bộ, viên chức; đổi mới phương thức,
            nội dung, chương trình đào tạo, bồi dưỡng theo vị trí việc làm và yêu cầu phát triển
            của đơn vị.

            - Phân công, bố trí cử 100% cán bộ, viên chức đang công tác tại đơn vị tham gia các
            lớp đào tạo, bồi dưỡng do quận, thành phố tổ chức. Đảm bảo 100% cán bộ, viên chức đang
            công tác tại đơn vị đạt chuẩn của cán bộ, viên chức chức theo quy định.

            - Tăng cường đào tạo, bồi dưỡng nghiệp vụ đối ngoại, hội nhập quốc tế, tập trung các
            nội dung liên quan đến chuyển đổi số, phục vụ yêu cầu trong giai đoạn hiện nay.

            5.7. Triển khai hiệu quả Quyết định số 2709/QĐ-UBND ngày 10/8/2022 của Ủy ban nhân dân
            thành phố về phê duyệt Đề án nâng cao năng lực, trình độ đội ngũ cán bộ, công chức,
            viên chức làm công tác cải cách hành chính ở các Sở, ngành, Ủy ban nhân dân các cấp
            trên địa bàn Thành phố Hồ Chí Minh giai đoạn 2022 - 2025.

            5.8. Triển khai thực hiện Kế hoạch số 124-KH/TU ngày 31/5/2022 của Thành ủy về chủ
            trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung.

            6. Cải cách tài chính công

            6.1. Tăng cường huy động nguồn lực xã hội để phát triển kinh tế; đẩy mạnh xã hội hóa,
            tăng cường kiểm tra về tài chính, ngân sách, hỗ trợ phát triển đơn vị:

            - Đề xuất những giải pháp nhằm thực hiện sâu rộng hơn chủ trương xã hội hóa trong lĩnh
            vực giáo dục và đào tạo.

            - Tăng cường tự kiểm tra về tài chính, ngân sách; kịp thời triển khai các giải pháp để
            thực hiện các kiến nghị sau khi được thanh tra, kiểm tra về tài chính, ngân sách.

            6.2. Xây dựng ban hành quy chế quản lý, sử dụng tài sản công; thường xuyên tự kiểm tra
            việc thực hiện các quy định về quản lý tài sản công tại đơn vị.

            6.3. Thực hiện nghiêm và đúng các quy định về cơ chế tự chủ tài chính của cơ quan nhà
            nước và đơn vị sự nghiệp công lập.

            6.4. Chủ động trong công tác đề xuất sửa chữa, nâng cấp, xây dựng trụ sở làm việc của
            đơn vị, đầu tư trang bị cơ sở vật chất, thiết bị, phương tiện phục vụ cho các hoạt
            động của cán bộ, viên chức theo quy định nhằm giải quyết nhu cầu chính đáng, hợp pháp
            của phụ huynh học sinh, người dân, tổ chức khi đến liên hệ công tác.

            7. Xây dựng và phát triển chính quyền điện tử, chính quyền số

            7.1. Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong công tác quản lý điều
            hành xử lý công việc nội bộ, nhằm đổi mới phương thức làm việc nâng cao hiệu quả hoạt
            động; tập trung triển khai Chương trình chuyển đổi số và Đề án Xây dựng đô thị thông
            minh.

            7.2. Thực hiện gửi, nhận văn bản điện tử qua phần mềm quản lý văn bản; đẩy mạnh ứng
            dụng chữ ký số trong giải quyết hồ sơ thủ tục, mở rộng việc sử dụng ứng dụng công nghệ
            thông tin trên nền tảng thiết bị di động.

            7.3. Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý, điều hành hoạt động phối hợp
            giữa các cá nhân, tổ chức đoàn thể, trong phục vụ người dân và tổ chức; mở rộng việc
            sử dụng trên nền tảng điện thoại thông minh.

            8. Khảo sát, đánh giá sự hài lòng của phụ huynh học sinh, người dân, tổ chức

            8.1. Tăng cường công tác thông tin, tuyên truyền cho người dân và tổ chức tham gia
            đánh giá sự hài lòng đối với đơn vị và cán bộ, viên chức trong giải quyết thủ tục hồ
            sơ.

            8.2. Đánh giá hài lòng của phụ huynh học sinh, người dân và tổ chức đối với sự phục vụ
            của đơn vị trong lĩnh vực giáo dục, tuyên truyền, khuyến khích người dân, tổ chức tham
            gia đánh giá sự hài lòng, phấn đấu tỷ lệ hài lòng đạt 100%.

            (Nội dung chi tiết 8 nhiệm vụ trọng tâm theo phụ lục đính kèm)
        """),
        "implementation": _p("""
            Xây dựng kế hoạch của thực hiện công tác cải cách hành chính năm 2023 và triển khai
            thực hiện tại đơn vị, đồng thời gửi về Phòng Giáo dục và Đào tạo Quận 8 trước ngày
            21/3/2023.

            - Báo cáo định kỳ kết quả thực hiện công tác cải cách hành chính của đơn vị, có 04
            loại báo cáo: quý I, 06 tháng, quý III, cả năm (đính kèm 04 phụ lục trong mỗi loại báo
            cáo) gửi trước ngày 05/3, 05/6, 05/9, 05/12 định kỳ hàng năm.
        """),
        "closing": _p("""
            Trên đây là Kế hoạch thực hiện công tác cải cách hành chính năm 2023 của Trường Mầm
            non Hoa Phượng./.
        """),
        # The text ends without "Nơi nhận" and signature block: recipients are left empty (the
        # document adds "Lưu: VT."); a school's plan is signed by the principal, name unknown.
        "signer_position": "HIỆU TRƯỞNG",
    },
    phases=(
        PhaseSeed(
            "Năm 2023",
            D(2023, 1, 1),
            D(2023, 12, 31),
            deadlines=(
                DeadlineSeed(
                    DeadlineKind.PLAN_SUBMISSION,
                    D(2023, 3, 21),
                    _p("""
                        Xây dựng kế hoạch của thực hiện công tác cải cách hành chính năm 2023 và
                        triển khai thực hiện tại đơn vị, đồng thời gửi về Phòng Giáo dục và Đào
                        tạo Quận 8
                    """),
                    SHORT,
                    "PGDĐT",
                ),
            ),
        ),
    ),
    schedules=(
        # "quý I, 06 tháng, quý III, cả năm ... gửi trước ngày 05/3, 05/6, 05/9, 05/12": the
        # receiving unit is not written there; the plan's other report goes to Phòng GD&ĐT
        # Quận 8, whose reporting system the school's is connected to (II.7.4).
        ScheduleSeed(
            "Báo cáo định kỳ kết quả thực hiện công tác cải cách hành chính của đơn vị",
            (ReportPeriod.Q1, ReportPeriod.H1, ReportPeriod.Q3, ReportPeriod.YEAR),
            5,
            ReportSchedule.DueMonth.LAST_MONTH,
            "PGDĐT",
        ),
    ),
    targets=(
        TargetSeed("tthc-dung-han", Decimal(98)),  # 2.1 "từ 98% trở lên"
        TargetSeed("xin-loi-tre-han", Decimal(100)),  # 2.3
        TargetSeed("hai-long-phuc-vu", Decimal(100)),  # 3 "Phấn đấu ... đạt 100%"
        TargetSeed("hai-long-tthc", Decimal(100)),  # 3
        TargetSeed("thanh-toan-khong-tien-mat", Decimal(100)),  # 6
        TargetSeed("van-ban-dien-tu", Decimal(100)),  # 7.1
        TargetSeed("chu-ky-so", Decimal(100)),  # 7.2
    ),
)


# ---------------------------------------------------------------------------------------------
# Quận 1: Kế hoạch 175/KH-UBND of Ủy ban nhân dân Quận 1 and seed 002 (Trường Mầm non Cô Giang).
# ---------------------------------------------------------------------------------------------

# Section II.3 "Thời gian thực hiện" and III.2.1 of seed 002, which relays Kế hoạch 175's
# timetable; the parent plan gets the same phases and deadlines.
#
# Two adjustments, both forced by the validation rules and kept minimal:
# - Đợt 1 runs "Từ ngày ban hành kế hoạch" (28/4/2023; 26/4/2023 for Kế hoạch 175), but its
#   online registration (Mẫu 1) is due "trước ngày 22 tháng 4 năm 2023", before either plan
#   was issued: the registration had already been running. A deadline may not come before
#   its phase starts, so Đợt 1 is taken from the start of the campaign year, 01/01/2023.
# - Đợt 2 runs "Từ ngày 10 tháng 6 năm 2023", the day Đợt 1 ends: phases may not overlap, so
#   it starts on 11/6/2023.
#
# The survey report of III.2.1 (to Phòng Nội vụ Quận 1 before 30/9/2023) is a report of the
# deployment and self-assessment of the models, not the Mẫu 2 result report of Đợt 1: it is
# of kind "summary" (a second "result_report" in 2023 would also be later than the parent's
# first one, which the rules forbid).
QUAN_1_PHASES = (
    PhaseSeed(
        "Đợt 1",
        D(2023, 1, 1),
        D(2023, 6, 10),
        deadlines=(
            DeadlineSeed(
                DeadlineKind.REGISTRATION,
                D(2023, 4, 22),
                _p("""
                    Triển khai đăng ký trực tuyến và thực hiện tổng hợp nội dung thi đua đã đăng
                    ký theo Mẫu 1
                """),
                LONG,
            ),
            # "... (thông qua Phòng Nội vụ Quận 1) trước ngày 10 tháng 6 năm 2023 theo Mẫu 2 và
            # đề cương đính kèm": the words after the date are moved before it, where the
            # document prints the description.
            DeadlineSeed(
                DeadlineKind.RESULT_REPORT,
                D(2023, 6, 10),
                _p("""
                    Báo cáo kết quả thực hiện các giải pháp, mô hình sáng kiến đã đăng ký giai
                    đoạn 1 về Ủy ban nhân dân Quận 1 (thông qua Phòng Nội vụ Quận 1) theo Mẫu 2 và
                    đề cương đính kèm
                """),
                LONG,
                "NV",
            ),
        ),
    ),
    PhaseSeed(
        "Đợt 2",
        D(2023, 6, 11),
        D(2023, 11, 25),
        _p("""
            - Đôn đốc, kiểm tra, hướng dẫn các tập thể, cá nhân báo cáo kết quả hoàn thành nội
            dung đã đăng ký, thực hiện nghiêm túc việc giám sát tiến độ, chất lượng nghiệm thu
            (theo mẫu).
        """),
        (
            DeadlineSeed(
                DeadlineKind.SUMMARY,
                D(2023, 9, 30),
                _p("""
                    Chủ động xây dựng báo cáo kết quả triển khai và tự đánh giá hiệu quả thực tế
                    việc áp dụng các mô hình, sáng kiến về cải cách hành chính tại đơn vị mình gửi
                    về Phòng Nội vụ Quận 1
                """),
                LONG,
                "NV",
            ),
            # The receiving unit is not written at this line; section IV.1.5 sends award
            # proposals to Ủy ban nhân dân Quận 1 "thông qua Phòng Nội vụ".
            DeadlineSeed(
                DeadlineKind.AWARD_PROPOSAL,
                D(2023, 12, 5),
                "Tổ chức tổng kết và hoàn thành hồ sơ đề xuất khen thưởng cấp thành phố",
                LONG,
                "NV",
            ),
        ),
    ),
)

PLAN_175 = PlanSeed(
    key="175",
    tenant="quan-1",
    unit="UBND",
    title=_p("""
        Phát động phong trào thi đua về cải cách hành chính, nhân rộng mô hình, giải pháp, sáng
        kiến tiêu biểu về cải cách hành chính trên địa bàn Quận 1 năm 2023
    """),
    start=D(2023, 1, 1),
    end=D(2023, 12, 31),
    # "Kế hoạch số 175/KH-UBND ngày 26 tháng 4 năm 2023" (seed 002's legal basis).
    issued_on=D(2023, 4, 26),
    number=175,
    # A district plan for "cơ quan, đơn vị, địa phương" (seed 002, II.2.3): the district's
    # offices, wards and schools.
    participant_kinds=(
        "phong-gddt",
        "phong-noi-vu",
        "ubnd-xa",
        "truong-mam-non",
        "truong-tieu-hoc",
        "truong-thcs",
    ),
    phases=QUAN_1_PHASES,
)

SEED_002 = PlanSeed(
    key="002",
    tenant="quan-1",
    unit="MNCG",
    title=_p("""
        Phát động phong trào thi đua về cải cách hành chính, nhân rộng mô hình, giải pháp, sáng
        kiến tiêu biểu về cải cách hành chính trên địa bàn Quận 1 năm 2023 tại đơn vị Trường Mầm
        non Cô Giang
    """),
    start=D(2023, 1, 1),
    end=D(2023, 12, 31),
    issued_on=D(2023, 4, 28),  # "Số: 112/KH-MNCG", "Quận 1, ngày 28 tháng 4 năm 2023"
    number=112,
    based_on="175",
    includes_issuing_unit=True,
    texts={
        # The city's theme of 2023, as the first basis line quotes it.
        "theme": _p("""
            Nâng cao hiệu quả hoạt động công vụ, đẩy mạnh cải cách hành chính và cải thiện môi
            trường đầu tư; thúc đẩy phát triển kinh tế, đảm bảo an sinh xã hội
        """),
        "legal_basis": _p("""
            Thực hiện Kế hoạch số 28/KH-UBND ngày 18 tháng 01 năm 2023 của Ủy ban nhân dân Quận 1
            về tổ chức thực hiện chủ đề năm 2023 của Thành phố: “Nâng cao hiệu quả hoạt động công
            vụ, đẩy mạnh cải cách hành chính và cải thiện môi trường đầu tư; thúc đẩy phát triển
            kinh tế, đảm bảo an sinh xã hội”;

            Thực hiện Kế hoạch số 175/KH-UBND ngày 26 tháng 4 năm 2023 của Ủy ban nhân dân Quận 1
            về Phát động phong trào thi đua về cải cách hành chính, nhân rộng mô hình, giải pháp,
            sáng kiến tiêu biểu về cải cách hành chính trên địa bàn Quận 1 năm 2023;
        """),
        "introduction": _p("""
            Trường Mầm non Cô Giang xây dựng kế hoạch phát động phong trào thi đua về cải cách
            hành chính và nhân rộng mô hình, giải pháp, sáng kiến tiêu biểu về cải cách hành chính
            tại đơn vị như sau:
        """),
        "purpose": _p("""
            - Tiếp tục nâng cao nhận thức về vị trí, vai trò và ý nghĩa của công tác phát hiện,
            bồi dưỡng và nhân rộng điển hình tiên tiến về cải cách hành chính; xem đây là một
            trong những yếu tố quan trọng, có tác dụng nêu gương, động viên các cá nhân, tập thể
            tham gia sáng tạo, đề xuất các sáng kiến thiết thực, hiệu quả phục vụ công tác cải
            cách hành chính, là động lực góp phần phát triển kinh tế - xã hội và giữ vững ổn định,
            an ninh - trật tự của Quận 1 và Thành phố.

            - Tập trung thực hiện các giải pháp trọng tâm, trọng điểm để phấn đấu hoàn thành các
            mục tiêu, chỉ tiêu của chương trình cải cách hành chính.

            - Thông qua phong trào thi đua khơi dậy tinh thần tự giác, nỗ lực thực hiện hoàn thành
            xuất sắc nhiệm vụ được giao; xây dựng và nhân rộng các điển hình tiên tiến về cải cách
            hành chính; tiếp tục đổi mới nội dung, hình thức, chất lượng công tác thi đua, khen
            thưởng, là cơ sở tham mưu đề xuất hồ sơ tham gia đăng ký dự thi Giải thưởng sáng tạo
            Thành phố Hồ Chí Minh, Lĩnh vực 3: Quản lý nhà nước định kỳ.
        """),
        "requirements": _p("""
            - Báo cáo cấp ủy cùng cấp tập trung lãnh đạo, chỉ đạo chặt chẽ việc xây dựng kế hoạch,
            đề ra tiêu chí cụ thể, triển khai và thực hiện tốt quy trình: phát hiện, xây dựng -
            bồi dưỡng, bình chọn, giới thiệu - nhân rộng, biểu dương - tôn vinh, khen thưởng và
            học tập gương điển hình tiên tiến về cải cách hành chính một cách thiết thực, hiệu
            quả.

            - Công tác phát hiện, xây dựng, nhân rộng điển hình tiên tiến về cải cách hành chính
            gắn với việc sơ kết, tổng kết các phong trào thi đua của đơn vị trong từng giai đoạn
            nhất định. Các gương điển hình được nhân rộng phải thực sự tiêu biểu, có sức lan tỏa,
            tác động tích cực để mọi người có thể học tập, làm theo.

            - Thủ trưởng đơn vị tăng cường công tác lãnh đạo, chỉ đạo, có các giải pháp khuyến
            khích cán bộ, công chức, viên chức tham mưu, sáng tạo và tiếp thu ý kiến góp ý của
            CB-CC-VC về công tác cải cách hành chính.
        """),
        # The plan has no "Đối tượng" section: the participants fields stay empty.
        # Section II.1 (content for all) and the criteria for the unit (II.2.1).
        # 1.9: "Quyết định số 67/2017/QĐ-UBND ngày 29 tháng 12 năm 2016" is as printed.
        "content_collective": _p("""
            1.1. Nêu cao trách nhiệm của người đứng đầu trong chỉ đạo, điều hành đề ra các giải
            pháp chấn chỉnh, kiểm soát thủ tục hành chính; nâng cao nhận thức đối với cán bộ, công
            chức, viên chức trong thực thi công vụ, lấy sự hài lòng của người dân làm thước đo,
            đánh giá chất lượng phục vụ. Đồng thời, đẩy mạnh công tác phối hợp thực hiện cải cách
            thủ tục hành chính trong nội bộ đơn vị; phấn đấu mỗi công chức, viên chức có trên 20%
            nhiệm vụ hoàn thành vượt tiến độ, có chất lượng và hiệu quả so kế hoạch được giao.

            1.2. Tập trung sắp xếp, kiện toàn tổ chức, bộ máy các đơn vị, đảm bảo hiệu lực, hiệu
            quả thực hiện theo Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Hội nghị lần
            thứ 6 Ban Chấp hành Trung ương khóa XII; đảm bảo đơn vị có Quy chế, quy định về tổ
            chức và hoạt động phù hợp với quy định hiện hành; đảm bảo 100% cán bộ, công chức, viên
            chức đạt chuẩn theo yêu cầu chức danh và vị trí việc làm.

            1.3. Tổ chức quán triệt, triển khai đồng bộ, thống nhất và hiệu quả các quy định pháp
            luật về kiểm soát thủ tục hành chính; niêm yết công khai, kịp thời, đầy đủ, chính xác
            và đảm bảo các yêu cầu theo quy định đối với các thủ tục hành chính đã được Chủ tịch
            Ủy ban nhân dân Thành phố công bố; không niêm yết các thủ tục hành chính đã hết hiệu
            lực thi hành, khuyến khích áp dụng các hình thức niêm yết điện tử đồng thời niêm yết
            tại đơn vị.

            1.4. Kiểm tra chặt chẽ quy trình giải quyết thủ tục hành chính tại đơn vị, kịp thời
            chấn chỉnh, nhắc nhở các trường hợp không tuân thủ đúng quy định thủ tục hành chính đã
            được công bố, công khai, không được tự thêm hồ sơ, giấy tờ ngoài quy định của pháp
            luật. Tăng cường trách nhiệm giải trình của người đứng đầu và đảm bảo quyền giám sát
            của cá nhân, tổ chức trong việc thực hiện thủ tục hành chính.

            1.5. Nghiêm túc thực hiện Thư xin lỗi và có cơ chế kiểm soát việc thực hiện Thư xin
            lỗi đối với trường hợp giải quyết thủ tục hành chính trễ hạn tại đơn vị, đảm bảo mỗi
            hồ sơ giải quyết trễ hạn phải thực hiện Thư xin lỗi không quá một lần trong suốt quá
            trình giải quyết hồ sơ. Có hình thức xử lý nghiêm (kiểm điểm, luân chuyển công tác)
            đối với cán bộ, công chức, viên chức giải quyết hồ sơ trễ hạn nhiều lần mà không có lý
            do chính đáng; bổ sung vào quy trình tiếp nhận và trả kết quả của đơn vị việc thực
            hiện Thư xin lỗi đối với hồ sơ giải quyết trễ hạn trên cơ sở quy định của Quyết định
            số 5157/QĐ-UBND ngày 30 tháng 9 năm 2016 của Chủ tịch Ủy ban nhân dân Thành phố;
            nghiên cứu, bổ sung vào tiêu chí thi đua của đơn vị để xem xét, đánh giá công chức,
            viên chức hằng năm.

            1.6. Tiếp tục nghiên cứu và đưa ra các giải pháp nhằm khắc phục, chấn chỉnh tình trạng
            lạm dụng bản sao trong tiếp nhận, giải quyết thủ tục hành chính; chủ động khắc phục
            hoặc đề xuất giải pháp khắc phục các nguyên nhân ảnh hưởng đến tiến độ giải quyết hồ
            sơ mà xuất phát từ mối quan hệ phối hợp giữa các ngành, các cấp.

            1.7. Tập trung công tác vận động CB-GV-NV, thực hiện tốt quy chế dân chủ cơ sở, phát
            huy vai trò của CB-GV-NV trong tham gia giám sát, góp ý xây dựng Đảng, xây dựng chính
            quyền. Phản ánh, phát hiện những cán bộ, đảng viên, công chức, viên chức có hành vi
            sai trái, tham nhũng, tiêu cực, không thực hiện đúng chức trách, đạo đức công vụ.

            1.8. Tiếp tục thực hiện Đề án “Xây dựng Thành phố Hồ Chí Minh thành đô thị thông minh
            giai đoạn 2017 - 2020 tầm nhìn đến năm 2025 tại Quận 1”, xây dựng chính quyền điện tử
            phục vụ người dân, doanh nghiệp; Tập thể và cá nhân cán bộ, công chức, viên chức chủ
            động đề xuất, đăng ký công trình, mô hình, giải pháp, sáng kiến thiết thực hưởng ứng
            chủ đề năm 2023.

            1.9. Thi đua đổi mới công tác tuyên truyền các chủ trương, chính sách của Đảng, pháp
            luật của Nhà nước về cải cách hành chính nhằm nâng cao nhận thức của cán bộ, công
            chức, viên chức trong thực thi công vụ, vai trò giám sát của các tổ chức, cá nhân
            trong thực hiện cải cách hành chính đối với các cơ quan nhà nước, góp phần nâng cao
            chất lượng phục vụ người dân và doanh nghiệp, trong đó đa dạng hóa các hình thức tuyên
            truyền trực tuyến và trực tiếp đến người dân và doanh nghiệp, tập trung vào các nội
            dung sau:

            - Cụ thể hóa Quyết định số 67/2017/QĐ-UBND ngày 29 tháng 12 năm 2016 của Ủy ban nhân
            dân Thành phố về Quy tắc ứng xử của cán bộ, công chức, viên chức và người lao động làm
            việc đơn vị sự nghiệp công lập trên địa bàn Thành phố Hồ Chí Minh và Kế hoạch số
            235/KH-UBND ngày 02 tháng 10 năm 2019 của Ủy ban nhân dân Quận 1 tổ chức triển khai
            thực hiện Quyết định số 2783/QĐ-UBND ngày 01 tháng 7 năm 2019 của Ủy ban nhân dân
            Thành phố về ban hành Kế hoạch triển khai thực hiện Quyết định số 1847/QĐ-TTg ngày 27
            tháng 12 năm 2018 của Thủ tướng Chính phủ về việc phê duyệt Đề án Văn hóa công vụ gắn
            với việc thực hiện Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị về
            đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.

            - Nâng cao văn hóa công sở, văn hóa công vụ, nâng cao ý thức, thái độ phục vụ người
            dân, doanh nghiệp, góp phần tăng cường kỷ luật, kỷ cương hành chính; rà soát, hoàn
            thiện quy định, nội quy, quy tắc, quy chế làm việc của đơn vị; triển khai đồng bộ các
            quy định về văn hóa công vụ trong đơn vị.

            - Ứng dụng công nghệ thông tin trong hoạt động nội bộ của đơn vị hướng tới nâng cao
            hiệu suất công việc, giảm hội họp, giấy tờ hành chính và chế độ báo cáo, tạo nền tảng
            phát triển chính quyền điện tử.

            2. Tiêu chí thi đua

            2.1. Đối với đơn vị

            - Có kế hoạch, tổ chức triển khai thực hiện công tác cải cách hành chính năm 2023 và
            phát động phong trào thi đua cải cách hành chính năm 2023. Hoàn thành tốt nhiệm vụ
            công tác cải cách hành chính tại đơn vị.

            - Hoàn thành các chỉ tiêu cam kết thực hiện nhiệm vụ công tác cải cách hành chính năm
            2023 của đơn vị và nhiệm vụ công tác cải cách hành chính của địa phương theo nội dung
            chỉ đạo của Quận ủy, Ủy ban nhân dân Quận 1.

            - Có đăng ký các công trình, mô hình, sáng kiến, giải pháp, cách làm hay trong thực
            hiện cải cách hành chính; mô hình, sáng kiến, cách làm hay phải bảo đảm tính hợp pháp
            và triển khai, áp dụng có hiệu quả; mang lại chuyển biến tích cực cho công tác cải
            cách hành chính.

            - Người đứng đầu cơ quan, đơn vị không bị xử lý kỷ luật trong năm; 100% cán bộ, công
            chức, viên chức thực hiện tốt quy tắc ứng xử trong thực thi công vụ, góp phần xây dựng
            văn hóa công sở tại đơn vị.

            - Có kết quả đánh giá danh hiệu thi đua tập thể đơn vị đạt mức Hoàn thành xuất sắc
            nhiệm vụ năm 2023.
        """),
        "content_individual": _p("""
            2.2. Đối với cán bộ, công chức, viên chức

            - Người đứng đầu đơn vị thể hiện tính gương mẫu, tiên phong đi đầu trong công tác cải
            cách hành chính, trong thực hiện quy tắc ứng xử, đạo đức công vụ; có giải pháp cải
            tiến, hiệu quả trong chỉ đạo, điều hành công tác cải cách hành chính; không để xảy ra
            trường hợp cán bộ, công chức, viên chức thuộc phạm vi quản lý có hành vi nhũng nhiễu,
            gây khó khăn trong thi hành công vụ.

            - Cán bộ, công chức, viên chức có tinh thần trách nhiệm trong thực hiện nhiệm vụ được
            giao; thực hiện tốt kỷ luật, kỷ cương hành chính; quy tắc ứng xử, đạo đức công vụ; có
            sáng kiến, giải pháp mới trong thực hiện nhiệm vụ cải cách hành chính tại đơn vị.

            - Kết quả đánh giá, xếp loại cán bộ, công chức, viên chức và người lao động năm 2023
            đạt từ “Hoàn thành tốt nhiệm vụ” trở lên.
        """),
        # II.2.3 (registration, supervision, acceptance and evidence), the veto of II.3.2 and
        # the selection criteria for replication (III.1).
        "award_criteria": _p("""
            2.3. Đối với công trình, mô hình, giải pháp, sáng kiến, cách làm hay (thực hiện theo
            mẫu đính kèm)

            - Tiêu chuẩn đăng ký: Công trình, mô hình, giải pháp, sáng kiến, cách làm hay phù hợp
            với từng lĩnh vực cải cách hành chính; có thống kê số lượng, giám sát lộ trình, tiến
            độ hoàn thành; không giới hạn số lượng đăng ký.

            - Tiêu chuẩn giám sát, triển khai thực hiện: Nội dung đăng ký có tính đột phá, sáng
            tạo, thiết thực gắn với nhiệm vụ chuyên môn, góp phần thực hiện hiệu quả công tác cải
            cách hành chính của cơ quan, đơn vị, địa phương, bám sát chủ đề năm 2023, có khả năng
            ứng dụng, nhân rộng trong thực tiễn công tác.

            - Tiêu chuẩn nghiệm thu, báo cáo:

            + Là tiêu chí đánh giá thi đua cải cách hành chính (Bảng chỉ số PAR Index) đối với tập
            thể đơn vị và đánh giá thi đua hằng quý đối với người đứng đầu, cán bộ, công chức,
            viên chức.

            + Mô hình, công trình thi đua, giải pháp, sáng kiến có chất lượng, hiệu quả, đúng
            trọng tâm 2023 và có khả năng nhân rộng.

            + Tài liệu minh chứng khi báo cáo, nghiệm thu gồm: Kế hoạch thực hiện, văn bản triển
            khai, sản phẩm cụ thể (nếu có), số liệu, hình ảnh và tài liệu minh chứng khác.

            - Không xem xét, đề nghị khen thưởng đối với tập thể có cá nhân vi phạm pháp luật, quy
            tắc ứng xử, đạo đức công vụ, có hành vi nhũng nhiễu, gây khó khăn cho người dân, doanh
            nghiệp trong thi hành công vụ.

            Những mô hình, giải pháp, sáng kiến xuất sắc, tiêu biểu về công tác cải cách hành
            chính được xem xét nhân rộng khi đảm bảo các tiêu chí sau:

            - Bảo đảm tính hợp pháp, hiệu quả theo đánh giá của cơ quan phụ trách lĩnh vực chuyên
            ngành và cơ quan có thẩm quyền công nhận theo quy định pháp luật của từng lĩnh vực.

            - Giải quyết các vấn đề đặt ra.

            - Tác động về mặt xã hội.

            - Tính ưu việt, lợi thế cạnh tranh.

            - Sự phát triển trong tương lai.

            - Được đơn vị đề nghị Thành phố khen thưởng theo điểm 4 mục II Kế hoạch này.
        """),
        # The rest of II.3.2 and III.2.2–2.3 (evaluation, selection and replication).
        "award_procedure": _p("""
            Riêng khen thưởng cấp quận được trao tại Hội nghị Tổng kết công tác cải cách hành
            chính Quận 1 năm 2023.

            Ban Chỉ đạo Cải cách hành chính tại đơn vị đánh giá, lựa chọn ít nhất 01 mô hình, sáng
            kiến về cải cách hành chính đề xuất xem xét, đề nghị khen thưởng (thời gian thực hiện:
            trong tháng 12 năm 2023); hướng dẫn, đóng góp để hoàn thiện hồ sơ tham gia đăng ký dự
            thi Giải thưởng sáng tạo Thành phố Hồ Chí Minh, Lĩnh vực 3: Quản lý nhà nước.

            Trên cơ sở kết quả đánh giá của Ban Chỉ đạo Cải cách hành chính Quận 1, nhà trường
            triển khai áp dụng nhân rộng các mô hình tiên tiến về cải cách hành chính tại trường
            và các đơn vị bạn nếu được cấp trên công nhận là công trình tiêu biểu. Thời gian thực
            hiện: trong Quý I năm 2024.
        """),
        "implementation": _p("""
            1. Thủ trưởng đơn vị

            1.1. Triển khai, phổ biến nội dung Kế hoạch này đến toàn thể cán bộ, công chức, viên
            chức của đơn vị; thực hiện các nhiệm vụ được giao tại điểm 3 mục II và điểm 2 mục III
            Kế hoạch này. Trên cơ sở các nội dung và tiêu chí thi đua, chủ động xây dựng kế hoạch,
            nghiên cứu đề xuất, đăng ký các công trình, mô hình, giải pháp phù hợp với thực tiễn
            địa phương, đơn vị nhằm đảm bảo tính khả thi và hiệu quả cao nhất.

            1.2. Trực tiếp lãnh đạo, chỉ đạo và xây dựng cơ chế kiểm soát công tác tiếp nhận, giải
            quyết, trả hồ sơ thủ tục hành chính của đơn vị. Đối với quy trình liên thông, người
            đứng đầu cơ quan, đơn vị đầu mối tiếp nhận hồ sơ chịu trách nhiệm kiểm soát, theo dõi,
            đôn đốc toàn bộ quy trình.

            1.3. Tổ chức rà soát tình hình thực tế tại đơn vị thực hiện đồng bộ 100% dịch vụ công
            trực tuyến toàn trình thuộc thẩm quyền giải quyết của đơn vị và đề ra ít nhất 01 sáng
            kiến, giải pháp nâng cao chất lượng phục vụ Nhân dân; giảm tỷ lệ đơn thư kiến nghị bức
            xúc, tăng sự hài lòng của người dân đối với sự phục vụ của các cơ quan hành chính nhà
            nước góp phần nâng cao chỉ số PAR Index, PCI, PAPI của Thành phố.

            1.4. Xây dựng văn bản phát động thi đua của đơn vị; Bản đăng ký cam kết khắc phục
            những tồn tại, hạn chế năm 2023 và danh sách sáng kiến, giải pháp của đơn vị gửi về Ủy
            ban nhân dân Quận 1 (thông qua Phòng Nội vụ) đúng tiến độ.

            1.5. Tổ chức tổng kết phong trào thi đua tại đơn vị, xét chọn những tập thể, cá nhân
            xuất sắc để xây dựng điển hình tiên tiến về cải cách hành chính và đề nghị Ủy ban nhân
            dân Quận 1 (thông qua Phòng Nội vụ) biểu dương, khen thưởng.

            2. Phân công thực hiện

            Phân công cán bộ, viên chức tham mưu thực hiện công tác đôn đốc CB-GV-NV tại đơn vị tổ
            chức triển khai thực hiện; đồng thời, tổng hợp báo cáo tiến độ thực hiện nội dung
            trong kế hoạch nêu trên của đơn vị khi có yêu cầu về Ủy ban nhân dân Quận 1 (thông qua
            Phòng Nội vụ):

            1/ Bà Phạm Thị Luật - Hiệu trưởng.

            2/ Bà Trần Liên Hương - Phó Hiệu trưởng.

            3/ Bà Trần Nguyễn Thùy Vy Vy - Chủ tịch Công đoàn.

            4/ Bà Nguyễn Thị Hồng Diệu - Bí thư chi đoàn.
        """),
        "closing": _p("""
            Trên đây là Kế hoạch phát động phong trào thi đua về cải cách hành chính và nhân rộng
            mô hình, giải pháp, sáng kiến tiêu biểu về cải cách hành chính gắn với triển khai thực
            hiện chủ đề năm 2023 của Thành phố tại đơn vị Trường Mầm non Cô Giang, đề nghị tập thể
            CB-GV-NV tại đơn vị nghiêm túc thực hiện./.
        """),
        # The scan ends before "Nơi nhận" and the signature: recipients stay empty; the
        # principal who signs is named in IV.2.
        "signer_position": "HIỆU TRƯỞNG",
        "signer_name": "Phạm Thị Luật",
    },
    phases=QUAN_1_PHASES,
)


# ---------------------------------------------------------------------------------------------
# Seed 003: Phòng GD&ĐT quận Gò Vấp, the "peak" campaign 2020.
# ---------------------------------------------------------------------------------------------

SEED_003 = PlanSeed(
    key="003",
    tenant="go-vap",
    unit="GDĐT",
    title="Phát động thi đua cao điểm về Cải cách hành chính năm 2020",
    # "Đợt thi đua được phát động từ ngày ban hành Kế hoạch đến ngày 30 tháng 11 năm 2020".
    start=D(2020, 5, 14),
    end=D(2020, 11, 30),
    issued_on=D(2020, 5, 14),  # "Số: 308/KH-GDĐT", "Gò Vấp, ngày 14 tháng 5 năm 2020"
    number=308,
    # "Cơ quan Phòng Giáo dục và Đào tạo và trường Bồi dưỡng giáo dục" (the schools only
    # follow the district's plan, section III.5).
    includes_issuing_unit=True,
    participant_kinds=("don-vi-su-nghiep",),
    texts={
        "theme": "Năm đẩy mạnh hoạt động văn hóa và xây dựng nếp sống văn minh đô thị",
        # The basis and the introduction are one sentence in the source, split at its comma.
        "legal_basis": _p("""
            Thực hiện Kế hoạch số 1804/KH-UBND ngày 08 tháng 5 năm 2020 của Ủy ban nhân dân quận
            Gò Vấp phát động thi đua cao điểm về Cải cách hành chính năm 2020,
        """),
        "introduction": _p("""
            Phòng Giáo dục và Đào tạo xây dựng Kế hoạch tổ chức thực hiện như sau:
        """),
        # The three sub-items are printed "- +" by the extraction: their own marker is "+".
        "purpose": _p("""
            Đảm bảo triển khai toàn diện, hiệu quả, hoàn thành các chỉ tiêu, nhiệm vụ được giao,
            tập trung, quyết liệt thực hiện các giải pháp trọng tâm, trọng điểm để phấn đấu đến
            cuối năm 2020 hoàn thành các mục tiêu Chương trình cải cách hành chính, tham gia xây
            dựng hình ảnh chính quyền quận với nền hành chính trong sạch, vững mạnh, chuyên
            nghiệp, hiện đại, hoạt động có hiệu lực, hiệu quả, với kết quả định lượng thông qua 03
            nội dung như sau:

            + Cải thiện chỉ số hài lòng của người dân và tổ chức đối với sự phục vụ của cơ quan
            hành chính. Trọng tâm là nâng cao sự hài lòng của người dân và doanh nghiệp khi đề
            nghị giải quyết thủ tục hành chính và sử dụng các dịch vụ công thuộc lĩnh vực giáo dục
            và y tế;

            + Gia tăng tỷ lệ giải quyết hồ sơ thủ tục hành chính đúng hạn;

            + Nâng cao tỷ lệ người dân và tổ chức tham gia sử dụng dịch vụ công trực tuyến mức độ
            3, mức độ 4 tại cơ quan, đơn vị.
        """),
        "requirements": _p("""
            Gắn với Chủ đề công tác năm 2020 “Năm đẩy mạnh hoạt động văn hóa và xây dựng nếp sống
            văn minh đô thị” trong đó, thực hiện nhiệm vụ trọng tâm là “Nâng cao văn hóa công sở,
            văn hóa công vụ, nâng cao ý thức thái độ phục vụ người dân, doanh nghiệp” trên địa bàn
            quận Gò Vấp và phù hợp với Kế hoạch phát triển kinh tế - xã hội của quận năm 2020.

            Đợt phát động thi đua nhằm triển khai thực hiện sâu rộng, thu hút đông đảo cán bộ,
            công chức, viên chức tham gia thực hiện giám sát chất lượng đảm bảo đúng tiến độ, hiệu
            quả kế hoạch cải cách hành chính năm 2020 của Phòng Giáo dục và Đào tạo, góp phần hoàn
            thành Kế hoạch cải cách hành chính của quận.

            Nội dung, hình thức tổ chức thực hiện đợt thi đua phải rõ ràng, cụ thể, thực chất gắn
            với sự hài lòng của người dân, làm thước đo, đánh giá cán bộ, công chức, viên chức và
            người đứng đầu cơ quan, đơn vị.

            Thủ trưởng các cơ quan, đơn vị tăng cường công tác lãnh đạo, chỉ đạo, có các giải pháp
            khuyến khích cán bộ, công chức, viên chức tham mưu, sáng tạo phù hợp tình hình thực tế
            của đơn vị.
        """),
        "participants_collective": (
            "Cơ quan Phòng Giáo dục và Đào tạo và trường Bồi dưỡng giáo dục."
        ),
        "participants_individual": _p("""
            Các cán bộ, công chức, viên chức thuộc cơ quan Phòng Giáo dục và Đào tạo và trường Bồi
            dưỡng giáo dục.
        """),
        # Section II.2 (content for all) and the criteria for the office (II.4.a).
        "content_collective": _p("""
            Thực hiện công tác tuyên truyền các chủ trương, chính sách của Đảng, pháp luật của Nhà
            nước về cải cách hành chính nhằm giáo dục, nâng cao nhận thức đối với cán bộ, công
            chức, viên chức trong thực thi công vụ, vai trò giám sát của các tổ chức, cá nhân
            trong thực hiện cải cách hành chính đối với các cơ quan nhà nước, góp phần nâng cao
            chất lượng phục vụ người dân, doanh nghiệp.

            Thực hiện đột phá các nội dung, nhiệm vụ cải cách hành chính theo Kế hoạch của Thành
            phố, quận và các cơ quan, đơn vị năm 2020, gắn với Kế hoạch số 953/KH-UBND ngày 16
            tháng 3 năm 2020 của Ủy ban nhân dân quận về phong trào thi đua 200 ngày chào mừng Đại
            hội đại biểu Đảng bộ quận lần thứ XII và Đại hội đại biểu Đảng bộ thành phố lần thứ
            XI, nhiệm kỳ 2020 - 2025. Trong đó trọng tâm là nâng cao trách nhiệm của người đứng
            đầu trong chỉ đạo, điều hành công tác cải cách hành chính thuộc ngành, lĩnh vực và địa
            phương, lấy sự hài lòng của người dân làm thước đo để đánh giá thu nhập tăng thêm.

            Đăng ký các mô hình sáng kiến, giải pháp, cách làm hay, hiệu quả trong thực hiện cải
            cách hành chính. Đặc biệt là các giải pháp về thay đổi phương thức làm việc của các cơ
            quan, đơn vị nhà nước cho phù hợp trong đợt cao điểm phòng, chống dịch Covid - 19 trên
            địa bàn Thành phố.

            4. Tiêu chí thi đua

            a) Đối với cơ quan

            - Có kế hoạch, tổ chức triển khai thực hiện công tác cải cách hành chính năm 2020 và
            phát động phong trào thi đua cải cách hành chính năm 2020;

            - Hoàn thành tốt nhiệm vụ công tác cải cách hành tại cơ quan theo Quyết định số
            348/QĐ-UBND ngày 25 tháng 02 năm 2020 của ủy ban nhân dân quận;

            - Có đăng ký mô hình sáng kiến, giải pháp, cách làm hay trong thực hiện cải cách hành
            chính và triển khai, áp dụng hiệu quả.

            - 100% Cán bộ, công chức, viên chức thực hiện tốt quy chế ứng xử trong thực thi công
            vụ.
        """),
        "content_individual": _p("""
            b) Đối với cán bộ, công chức, viên chức

            - Người đứng đầu cơ quan thể hiện tính gương mẫu, tính tiên phong đi đầu có giải pháp
            mang lại hiệu quả cao trong chỉ đạo, điều hành công tác cải cách hành chính, trong
            thực hiện quy chế văn hóa ứng xử, đạo đức công vụ gắn với Khung tiêu chí đánh giá
            trách nhiệm người đứng đầu trong chỉ đạo, điều hành, phối hợp triển khai thực hiện
            công tác cải cách hành chính trên địa bàn quận Gò Vấp (Quyết định số 3767/QĐ-UBND ngày
            22/10/2018 của Chủ tịch Ủy ban nhân dân quận).

            - Cán bộ, công chức và viên chức có tinh thần trách nhiệm trong thực hiện nhiệm vụ
            được giao; thực hiện tốt kỷ luật, kỷ cương hành chính; quy chế văn hóa ứng xử, đạo đức
            công vụ; có giải pháp, sáng kiến trong thực hiện nhiệm vụ cải cách hành chính mang lại
            hiệu quả.
        """),
        # Section III. The source numbers two parts "4." (then "5."); kept as issued. In the
        # Văn phòng's second paragraph a stray " ." after "phu huynh" is dropped.
        "implementation": _p("""
            1. Trưởng Phòng Giáo dục và Đào tạo

            Trực tiếp quản lý, chỉ đạo phát động thi đua cao điểm về Cải cách hành chính năm 2020.
            Đánh giá và lấy hiệu quả, sáng tạo, giải pháp, sáng kiến trong công tác cải cách hành
            chính để làm căn cứ, điều kiện để xét được hưởng thu nhập bình quân tăng thêm cho cán
            bộ, công chức, viên chức theo đúng Quy định tại Nghị quyết số 03/2018/NQ-HĐND ngày 16
            tháng 3 năm 2018 của Hội đồng nhân dân Thành phố và Quyết định số 4631/QĐ-UBND ngày 19
            tháng 10 năm 2018 của Chủ tịch Ủy ban nhân dân Thành phố.

            2. Phó trưởng Phòng Giáo dục và Đào tạo

            Triển khai phát động phong trào thi đua cải cách hành chính năm 2020 đến các bộ phận
            chuyên môn phụ trách.

            Định hướng, đôn đốc, nhắc nhở công chức, viên chức bộ phận phụ trách đăng ký mô hình
            sáng kiến, giải pháp, cách làm hay trong thực hiện cải cách hành chính và triển khai,
            áp dụng hiệu quả.

            Thường xuyên đôn đốc, nhắc nhở các bộ phận, cá nhân nghiêm túc tổ chức thực hiện đầy
            đủ các nội dung công tác cải cách thủ tục hành chính, kịp thời báo cáo tiến độ đúng
            quy định cho Bộ phận đầu mối làm nhiệm vụ kiểm soát thủ tục hành chính.

            3. Các bộ phận chuyên môn:

            Đảm bảo 100% cán bộ, công chức, viên chức thực hiện tốt quy chế ứng xử trong thực thi
            công vụ.

            Các bộ phận, cá nhân được phân công giải quyết thủ tục hành chính rà soát và đảm bảo
            hoàn thành tốt nhiệm vụ công tác cải cách hành tại cơ quan nói chung và giải quyết thủ
            tục hành chính nói riêng.

            Rà soát chức năng, nhiệm vụ được phân công và căn cứ tình hình thực tế để tham mưu
            đăng ký phong trào thi đua cải cách hành chính phù hợp với chức năng, nhiệm vụ đang
            phụ trách.

            4. Văn phòng Phòng Giáo dục và Đào tạo

            Khai thác, phát huy hiệu quả hoạt động của Cổng thông tin điện tử ngành đầy mạnh triển
            khai thực hiện thi đua cao điểm gắn với Kế hoạch số 1755/KH-GDDT ngày 28 tháng 12 năm
            2018 của Phòng Giáo dục và Đào tạo tăng cường công tác thông tin, tuyên truyền cải
            cách hành chính giai đoạn 2018 – 2020, Kế hoạch số 77/KH-GDĐT ngày 03 tháng 02 năm
            2020 của Phòng Giáo dục và Đào tạo tăng cường công tác thông tin, tuyên truyền cải
            cách hành chính Năm 2020.

            Thực hiện các nội dung tuyên truyền trên Cổng thông tin điện tử của cơ quan và hướng
            dẫn, theo dõi, đôn đốc các bộ phận, cá nhân, đơn vị trực thuộc phát huy hiệu quả Cổng
            thông tin điện tử của các đơn vị để tuyên truyền về đợt thi đua cao điểm về Cải cách
            hành chính năm 2020 để người dân, doanh nhân, doanh nghiệp, phu huynh biết và tích cực
            hợp tác cùng cơ quan, chính quyền các cấp thuộc quận trong triển khai thực hiện cải
            cách hành chính thông qua việc tham gia sử dụng dịch vụ công trực tuyến mức độ 3, mức
            độ 4, tham gia đánh giá mức độ hài lòng và tham gia phản ánh kịp thời, trung thực
            những hành vi sai trái, những nhiễu, gây khó khăn của cán bộ, công chức, viên chức
            trong thi hành công vụ hoặc có những hiến kế, giải pháp đóng góp cho việc thực hiện
            cải cách hành chính trên địa bàn quận.

            4. Bộ phận tham mưu công tác Cải cách hành chính - Bộ phận đầu mối làm nhiệm vụ kiểm
            soát thủ tục hành chính

            Có trách nhiệm phối hợp với các bộ phận chuyên môn kịp thời hướng dẫn việc đăng ký và
            phát động phong trào thi đua theo kế hoạch này, tham mưu lãnh đạo thẩm định các mô
            hình, giải pháp, sáng kiến của gửi về Phòng Nội vụ (Bộ phận cải cách hành chính),
            trước ngày 25 tháng 5 năm 2020 và có báo cáo kết quả thực hiện các nội dung đăng ký
            thi đua (trước ngày 15 tháng 11 năm 2020).

            Tham mưu lãnh đạo Phòng tổ chức sơ kết, tổng kết và đề xuất khen thưởng các tập thể,
            cá nhân có thành tích xuất sắc trong thực hiện phong trào thi đua về cải cách hành
            chính theo quy định (nếu có).

            5. Các cơ sở giáo dục trực thuộc

            a) Cơ sở giáo dục công lập

            Bám sát Kế hoạch số 1804/KH-UBND ngày 08 tháng 5 năm 2020 của Ủy ban nhân dân quận Gò
            Vấp phát động thi đua cao điểm về Cải cách hành chính năm 2020 để tổ chức thực hiện.

            b) Cơ sở giáo dục tư thục

            Năm và hiều rõ mục đích, yêu cầu của đợt phát động thi đua để tuyên truyền đến phụ
            huynh và cùng tham gia hợp tác cùng cơ quan, chính quyền các cấp thuộc quận trong
            triển khai thực hiện cải cách hành chính thông qua việc tham gia sử dụng dịch vụ công
            trực tuyến mức độ 3, mức độ 4, tham gia đánh giá mức độ hài lòng và tham gia phản ánh
            kịp thời, trung thực những hành vi sai trái, những nhiễu, gây khó khăn của cán bộ,
            công chức, viên chức trong thi hành công vụ hoặc có những hiến kế, giải pháp đóng góp
            cho việc thực hiện cải cách hành chính trên địa bàn quận.
        """),
        # The extraction ends the sentence with "thực hiện /": the usual "./." is written.
        "closing": _p("""
            Trên đây là Kế hoạch phát động thi đua cao điểm cải cách hành chính năm 2020 của Phòng
            Giáo dục và Đào tạo, đề nghị các tổ chức, bộ phận, cá nhân, đơn vị có liên quan nghiêm
            túc tổ chức thực hiện./.
        """),
        "recipients": _p("""
            Văn phòng HĐND và UBND quận,

            Phòng Nội vụ,

            Các bộ phận chuyên môn của Phòng GD&ĐT,

            Các đơn vị trực thuộc,

            Lưu VT, CCHC
        """),
        "signer_position": "TRƯỞNG PHÒNG",
        "signer_name": "Nguyễn Thành Thủy",
    },
    phases=(
        PhaseSeed(
            "Đợt 1",
            D(2020, 5, 14),  # "Từ ngày ban hành kế hoạch"
            D(2020, 5, 31),
            _p("""
                Đợt thi đua được phát động từ ngày ban hành Kế hoạch đến ngày 30 tháng 11 năm 2020
                và được chia làm 02 đợt.
            """),
            (
                DeadlineSeed(
                    DeadlineKind.REGISTRATION,
                    D(2020, 5, 25),
                    _p("""
                        Triển khai đăng ký thi đua: Thủ trưởng các cơ quan có trách nhiệm triển
                        khai thực hiện và đăng ký các giải pháp, mô hình, sáng kiến tiêu biểu của
                        cơ quan (theo mẫu) gửi về Phòng Nội vụ (bộ phận cải cách hành chính)
                    """),
                    LONG,
                    "NV",
                ),
                # "Báo cáo sơ kết giai đoạn 1: trước ngày 31 tháng 5 năm 2020": no receiving
                # unit is written.
                DeadlineSeed(
                    DeadlineKind.SUMMARY, D(2020, 5, 31), "Báo cáo sơ kết giai đoạn 1", LONG
                ),
            ),
        ),
        PhaseSeed(
            "Đợt 2",
            D(2020, 6, 1),
            D(2020, 11, 30),
            _p("""
                + Đôn đốc, kiểm tra, hướng dẫn các cá nhân, đơn vị hoàn thành các nội dung đã đăng
                ký.
            """),
            (
                DeadlineSeed(
                    DeadlineKind.RESULT_REPORT,
                    D(2020, 11, 15),
                    _p("""
                        Tổ chức tổng kết, đánh giá trong phạm vi cơ quan và báo cáo kết quả hoàn
                        thành các giải pháp, mô hình, sáng kiến tiêu biểu đã đăng ký, gửi về Phòng
                        Nội vụ (Bộ phận Cải cách hành chính)
                    """),
                    LONG,
                    "NV",
                ),
            ),
        ),
    ),
    # The three quantified contents of section I.1 (satisfaction, on-time rate, online public
    # services level 3-4) are directions ("Cải thiện", "Gia tăng", "Nâng cao") without a
    # figure: no target is invented for them.
    targets=(),
)


# ---------------------------------------------------------------------------------------------
# Seed 004: Sở GD&ĐT tỉnh Lào Cai, the 2024 campaign for its divisions and schools.
# ---------------------------------------------------------------------------------------------

LAO_CAI_EMAIL = "phongtccb@laocai.edu.vn"

SEED_004 = PlanSeed(
    key="004",
    tenant="lao-cai",
    unit="SGDĐT",
    title="Phát động phong trào thi đua “Cải cách hành chính” của Sở Giáo dục và Đào tạo năm 2024",
    # The calendar year: the campaign runs to 31/10/2024 but its results are consolidated for
    # the provincial People's Committee by 05/11/2024.
    start=D(2024, 1, 1),
    end=D(2024, 12, 31),
    # The source shows no number or date. Đợt 1 starts on 01/4/2024 and the plan cites
    # documents of 29/12/2023 and 19/01/2024: 25/3/2024; the department's register allocates.
    issued_on=D(2024, 3, 25),
    # "Các phòng thuộc Sở" and "Các cơ sở giáo dục trực thuộc Sở GD&ĐT" (its upper secondary
    # and multi-level schools and its centres).
    participant_kinds=("phong-thuoc-so", "truong-thpt", "truong-lien-cap", "don-vi-su-nghiep"),
    texts={
        "legal_basis": _p("""
            Căn cứ Chỉ thị số 01/CT-UBND ngày 19/01/2024 của UBND tỉnh Lào Cai về phát động phong
            trào thi đua năm 2024;

            Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2023 của Sở Giáo dục và Đào tạo
            về ban hành Kế hoạch công tác cải cách hành chính (CCHC) trong lĩnh vực giáo dục và
            đào tạo năm 2024.
        """),
        "introduction": _p("""
            Sở Giáo dục và Đào tạo phát động phong trào thi đua về “Cải cách hành chính” năm 2024
            với các nội dung cụ thể như sau:
        """),
        "purpose": _p("""
            - Tiếp tục nâng cao nhận thức về vị trí, vai trò và ý nghĩa của công tác phát hiện,
            bồi dưỡng và nhân rộng điển hình tiên tiến về CCHC, xem đây là một trong những nhiệm
            vụ quan trọng, có tác dụng nêu gương, động viên các cá nhân, tập thể tham gia sáng
            tạo, đề xuất các sáng kiến thiết thực, hiệu quả phục vụ công tác CCHC của cơ quan, đơn
            vị.

            - Thông qua phong trào thi đua khơi dậy tinh thần tự giác, trách nhiệm, nỗ lực của đội
            ngũ công chức, viên chức Ngành Giáo dục và Đào tạo tích cực đề xuất các mô hình, giải
            pháp, sáng kiến thiết thực, hiệu quả trong công tác CCHC, tạo sự chuyển biến mạnh mẽ
            trong các lĩnh vực CCHC, góp phần hoàn thành các nhiệm vụ, chỉ tiêu chương trình CCHC
            hằng năm và giai đoạn, đặc biệt cải thiện Chỉ số CCHC (PAR Index), Chỉ số năng lực
            cạnh tranh cấp tỉnh (PCI), Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh
            (PAPI), Chỉ số hài lòng về sự phục vụ hành chính năm (SIPAS) và Kết quả đánh giá
            chuyển đổi số (DTI) của Sở Giáo dục và Đào tạo; đồng thời, khắc phục các điểm còn hạn
            chế, phấn đấu chỉ số CCHC Sở Giáo dục và Đào tạo vào nhóm 05 Sở, ngành của tỉnh Lào
            Cai năm 2024.
        """),
        "requirements": _p("""
            - Đợt phát động thi đua nhằm triển khai thực hiện sâu rộng, thu hút đông đảo công
            chức, viên chức đăng ký tham gia thực hiện, đảm bảo thực hiện đúng tiến độ, hiệu quả
            Kế hoạch thực hiện CCHC năm 2024.

            - Công tác phát hiện, xây dựng, nhân rộng điển hình tiên tiến về CCHC gắn với việc sơ
            kết, tổng kết các phong trào thi đua của đơn vị. Các mô hình, sáng kiến được nhân rộng
            phải thực sự tiêu biểu, có sức lan tỏa, tác động tích cực để công chức, viên chức có
            thể học tập, làm theo.

            - Nội dung, hình thức tổ chức thực hiện rõ ràng, cụ thể, thực chất gắn với sự hài lòng
            của người dân, làm thước đo, đánh giá công chức, viên chức và người đứng đầu cơ quan.
        """),
        "participants_collective": _p("""
            - Các phòng thuộc Sở Giáo dục và Đào tạo.

            - Các cơ sở giáo dục trực thuộc Sở GD&ĐT.
        """),
        "participants_individual": _p("""
            - Cán bộ, Công chức, và người lao động đang làm việc tại các phòng thuộc Sở Giáo dục
            và Đào tạo.

            - Giáo viên và người lao động đang làm việc tại các cơ sở giáo dục trực thuộc Sở Giáo
            dục và Đào tạo.
        """),
        "content_collective": _p("""
            a. Đối với phòng thuộc Sở

            - Xây dựng kế hoạch, tổ chức phát động phong trào thi đua CCHC năm 2024 gắn với Kế
            hoạch thực hiện công tác CCHC của Sở Giáo dục và Đào tạo năm 2024 bám sát các nội dung
            tại Đề án số 14-ĐA/TU ngày 11/12/2020 của Tỉnh ủy Lào Cai về cải cách hành chính trên
            địa bàn tỉnh Lào Cai, giai đoạn 2020 - 2025.

            - Hoàn thành nhiệm vụ, chỉ tiêu về công tác CCHC do Sở Giáo dục và Đào tạo giao năm
            2024. Trong đó: tỷ lệ giải quyết hồ sơ thủ tục hành chính đúng hạn đạt 100%, riêng
            lĩnh vực xử lý đơn, giải quyết khiếu nại, tố cáo tỷ lệ đạt 95% trở lên.

            - 100% hồ sơ thủ tục hành chính giải quyết trễ hẹn phải kịp thời có thư xin lỗi tổ
            chức, cá nhân theo quy định; mức độ hài lòng của cá nhân và tổ chức đối với dịch vụ
            giáo dục công lập đạt 95% trở lên.

            - 100% các phòng đăng ký ít nhất 01 mô hình giải pháp, sáng kiến về công tác CCHC bảo
            đảm tính hợp pháp, hợp lý, hiệu quả phù hợp với tình hình thực tế tại phòng.

            - 100% các văn bản, tài liệu chính thức trao đổi giữa Sở Giáo dục và Đào tạo và các
            đơn vị được thực hiện trên môi trường điện tử áp dụng chữ ký số, trừ các văn bản bí
            mật nhà nước.

            - Tổ chức tuyên truyền và triển khai hiệu quả Đề án “Phát triển ứng dụng dữ liệu về
            dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số Ngành Giáo dục và Đào tạo
            và quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030” (gọi tắt là Đề án 06) của
            Chính phủ.

            - 100% các hệ thống chuyên ngành được tích hợp với Cơ sở dữ liệu ngành và sử dụng Mã
            định danh công dân đã được xác thực với Cơ sở dữ liệu Quốc Gia về dân cư làm định danh
            thống nhất và duy nhất, đảm bảo phù hợp với quy định về Bảo vệ dữ liệu cá nhân, định
            hướng của Đề án 06/CP và kế hoạch Chuyển đổi số của ngành.

            - 100% công chức, viên chức sử dụng hệ thống thư điện tử công vụ để trao đổi công việc
            theo đúng quy định.

            b. Đối với các cơ sở giáo dục trực thuộc Sở Giáo dục và Đào tạo:

            - 100% đơn vị ứng dụng hình thức thanh toán không tiền mặt trong cung ứng dịch vụ.

            - 100% các đơn vị thực hiện chữ ký số trong các văn bản, tài liệu trao đổi giữa đơn vị
            và Sở Giáo dục và Đào tạo, trừ các văn bản bí mật nhà nước.

            - 100% các đơn vị đăng ký ít nhất 01 mô hình, giải pháp sáng kiến về CCHC.

            - 100% các giải pháp công nghệ thông tin được triển khai phù hợp với quy định về Bảo
            vệ dữ liệu cá nhân, định hướng của Đề án 06/CP và kế hoạch Chuyển đổi số của ngành.

            - Tổ chức tuyên truyền và thực hiện các nhiệm vụ của Đề án “Phát triển ứng dụng dữ
            liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số Ngành Giáo dục và
            Đào tạo và quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030” (gọi tắt là Đề án
            06) của Chính phủ.
        """),
        "content_individual": _p("""
            c. Đối với viên chức và người lao động

            - Người đứng đầu cơ quan, đơn vị thể hiện tính gương mẫu, tiên phong đi đầu trong
            CCHC, trong thực hiện quy chế văn hóa ứng xử, đạo đức công vụ, có giải pháp mang lại
            hiệu quả cao trong chỉ đạo, điều hành để hoàn thành tốt công tác CCHC và không để xảy
            ra trường hợp công chức, viên chức và người lao động thuộc phạm vi mình quản lý có
            hành vi nhũng nhiễu, gây khó khăn trong thi hành công vụ.

            - Công chức, viên chức có tinh thần trách nhiệm trong thực hiện nhiệm vụ được giao,
            chấp hành tốt kỷ luật, kỷ cương hành chính, quy chế văn hóa ứng xử, đạo đức công vụ.

            - Kết quả đánh giá, xếp loại đạt từ mức “Hoàn thành tốt nhiệm vụ” trở lên.

            - 100% công chức, viên chức thực hiện chữ ký số trong các văn bản, hồ sơ, sổ đầu bài,
            học bạ số…

            - Đề xuất mô hình sáng kiến, giải pháp, cách làm hay, áp dụng công nghệ mới trong công
            tác CCHC nhằm nâng cao chất lượng, hiệu quả trong thực hiện nhiệm vụ, được công nhận
            và nhân rộng tại đơn vị.

            - Sử dụng hệ thống thư điện tử công vụ trong trao đổi công việc theo đúng quy định.
        """),
        # Section IV (the source has no section III); the stray "mailto:" line is dropped.
        "implementation": _p("""
            1. Thủ trưởng các phòng và đơn vị

            - Xây dựng kế hoạch, tổ chức triển khai phong trào thi đua phù hợp với chức năng,
            nhiệm vụ của phòng và đơn vị. Tổ chức đăng ký thi đua các giải pháp, mô hình, sáng
            kiến tiêu biểu.

            - Hằng năm, lồng ghép đánh giá kết quả thực hiện phong trào thi đua vào Hội nghị tổng
            kết công tác thi đua, khen thưởng tại phòng và đơn vị.

            - Tổ chức tổng kết phong trào thi đua, xét chọn những cá nhân xuất sắc để xây dựng
            điển hình tiên tiến và đề nghị Sở Giáo dục và Đào tạo biểu dương, khen thưởng.

            2. Bộ phận Thường trực CCHC (Phòng TCCB Sở GD&ĐT)

            - Triển khai, theo dõi, đôn đốc và kiểm tra việc thực hiện phong trào thi đua của các
            phòng và đơn vị.

            - Tham mưu Giám đốc Sở Giáo dục và Đào tạo tổ chức tổng kết phong trào thi đua “Cải
            cách hành chính” năm 2024, năm học 2023-2024.

            - Phối hợp với các phòng có liên quan thường xuyên tổ chức kiểm tra việc triển khai
            thực hiện phong trào thi đua gắn với triển khai chương trình công tác cải cách hành
            chính hằng năm, giai đoạn của Sở Giáo dục và Đào tạo.

            - Thẩm định, tham mưu Giám đốc Sở Giáo dục và Đào tạo xem xét khen thưởng đối với các
            tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua.

            - Làm đầu mối tổng hợp các giải pháp, sáng kiến tiêu biểu về cải cách hành chính của
            các phòng và đơn vị.
        """),
        "closing": _p("""
            Trên đây là Kế hoạch phát động phòng trào thi đua “Cải cách hành chính” của Sở Giáo
            dục và Đào tạo năm 2024. Đề nghị Trưởng các phòng thuộc Sở; Thủ trưởng các đơn vị trực
            thuộc chủ động triển khai thực hiện./.
        """),
        "recipients": _p("""
            Sở Nội vụ;

            Lãnh đạo Sở GD&ĐT;

            Các phòng thuộc Sở GD&ĐT;

            Các đơn vị trực thuộc Sở GD&ĐT;

            Lưu: VT, TCCB.
        """),
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Thế Dũng",
    },
    phases=(
        PhaseSeed(
            "Đợt 1",
            D(2024, 4, 1),
            D(2024, 8, 25),
            # The source prints "Đợt thi đua được phát động từ nay đến ngày 31 tháng 10 năm
            # 2023", a typo in a 2024 plan whose Đợt 2 ends on 31/10/2024: written "năm 2024".
            _p("""
                Đợt thi đua được phát động từ nay đến ngày 31 tháng 10 năm 2024 và được chia làm
                02 đợt.
            """),
            (
                # "Lưu ý: ... gửi về Phòng Tổ chức cán bộ, Sở Giáo dục và Đào tạo (bản mềm gửi
                # qua địa chỉ email: phongtccb@laocai.edu.vn) để tổng hợp." for both phases.
                DeadlineSeed(
                    DeadlineKind.REGISTRATION,
                    D(2024, 8, 25),
                    _p("""
                        Trưởng các phòng thuộc Sở; Lãnh đạo các cơ sở các cơ sở giáo dục trực
                        thuộc có trách nhiệm triển khai thực hiện đăng ký các mô hình, giải pháp,
                        sáng kiến tiêu biểu
                    """),
                    LONG,
                    "TCCB",
                    LAO_CAI_EMAIL,
                ),
            ),
        ),
        PhaseSeed(
            "Đợt 2",
            D(2024, 8, 26),
            D(2024, 10, 31),
            _p("""
                + Triển khai thực hiện các giải pháp đã đăng ký.

                Lưu ý: Nội dung triển khai đợt 1, đợt 2 các phòng và đơn vị trực thuộc gửi về
                Phòng Tổ chức cán bộ, Sở Giáo dục và Đào tạo (bản mềm gửi qua địa chỉ email:
                phongtccb@laocai.edu.vn) để tổng hợp.
            """),
            (
                # "... đã đăng ký trước ngày 31 tháng 10 năm 2024 (theo mẫu báo cáo đính kèm)":
                # the words after the date are moved before it, where the document prints the
                # description.
                DeadlineSeed(
                    DeadlineKind.RESULT_REPORT,
                    D(2024, 10, 31),
                    _p("""
                        Đôn đốc, kiểm tra, hướng dẫn các cá nhân phụ trách hoàn thành những nội
                        dung đã đăng ký; báo cáo kết quả các giải pháp, mô hình, sáng kiến tiêu
                        biểu đã đăng ký (theo mẫu báo cáo đính kèm)
                    """),
                    LONG,
                    "TCCB",
                    LAO_CAI_EMAIL,
                ),
                # The provincial People's Committee is not on the platform: no receiving unit.
                DeadlineSeed(
                    DeadlineKind.SUMMARY,
                    D(2024, 11, 5),
                    "Tổ chức tổng hợp, tham mưu báo cáo Ủy ban nhân dân tỉnh",
                    LONG,
                ),
            ),
        ),
    ),
    targets=(
        # a. The divisions (and b. the schools), both collectives:
        TargetSeed("tthc-dung-han", Decimal(100), participant_type=COLLECTIVE),
        TargetSeed("xin-loi-tre-han", Decimal(100), participant_type=COLLECTIVE),
        # "mức độ hài lòng ... đối với dịch vụ giáo dục công lập đạt 95% trở lên"
        TargetSeed("hai-long-phuc-vu", Decimal(95), participant_type=COLLECTIVE),
        # "100% các phòng / các đơn vị đăng ký ít nhất 01 mô hình"
        TargetSeed("dang-ky-mo-hinh", Decimal(100), participant_type=COLLECTIVE),
        # "100% các văn bản ... trên môi trường điện tử áp dụng chữ ký số" (a.), "100% các đơn
        # vị thực hiện chữ ký số" (b.)
        TargetSeed("van-ban-dien-tu", Decimal(100), participant_type=COLLECTIVE),
        TargetSeed("chu-ky-so", Decimal(100), participant_type=COLLECTIVE),
        # b. "100% đơn vị ứng dụng hình thức thanh toán không tiền mặt"
        TargetSeed("thanh-toan-khong-tien-mat", Decimal(100), participant_type=COLLECTIVE),
        # c. "100% công chức, viên chức thực hiện chữ ký số"
        TargetSeed("chu-ky-so", Decimal(100), participant_type=INDIVIDUAL),
    ),
)

# Upper-level plans before the plans based on them.
SEED_PLANS = (PLAN_1362, SEED_000, SEED_001, PLAN_175, SEED_002, SEED_003, SEED_004)


# ---------------------------------------------------------------------------------------------
# Loader
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def _load(seed: PlanSeed, loaded: dict[str, Campaign]) -> Campaign:
    tenant = Tenant.objects.get(slug=seed.tenant)
    units = {unit.code: unit for unit in Unit.objects.filter(tenant=tenant)}
    issuing_unit = units[seed.unit]
    existing = Campaign.objects.filter(issuing_unit=issuing_unit, title=seed.title).first()
    if existing is not None:
        return existing

    kpi_catalogue_ensure(tenant)
    campaign = campaign_create(
        actor=None,
        issuing_unit=issuing_unit,
        based_on=loaded[seed.based_on] if seed.based_on else None,
        title=seed.title,
        start_date=seed.start,
        end_date=seed.end,
        includes_issuing_unit=seed.includes_issuing_unit,
        participant_kinds=list(UnitKind.objects.filter(code__in=seed.participant_kinds)),
        **seed.texts,
    )
    # A plan based on another starts with a copy of its timetable; a seed plan has its own
    # (the source's), so the copy is replaced.
    for phase in list(campaign.phases.all()):
        phase_delete(actor=None, phase=phase)
    for order, phase_seed in enumerate(seed.phases, start=1):
        phase = phase_save(
            actor=None,
            campaign=campaign,
            order=order,
            name=phase_seed.name,
            start_date=phase_seed.start,
            end_date=phase_seed.end,
            description=phase_seed.description,
        )
        for deadline in phase_seed.deadlines:
            deadline_save(
                actor=None,
                phase=phase,
                kind=deadline.kind,
                due_date=deadline.due,
                description=deadline.description,
                date_style=deadline.date_style,
                receiving_unit=units[deadline.receiving_unit] if deadline.receiving_unit else None,
                contact_email=deadline.contact_email,
                # The source plan sets it so (1362: the award dossier after "Đợt 2" ends).
                after_phase_end=deadline.due > phase_seed.end,
            )
    for schedule in seed.schedules:
        report_schedule_save(
            actor=None,
            campaign=campaign,
            name=schedule.name,
            periods=list(schedule.periods),
            due_day=schedule.due_day,
            due_month=schedule.due_month,
            receiving_unit=units[schedule.receiving_unit] if schedule.receiving_unit else None,
        )
    indicators = {i.code: i for i in KpiIndicator.objects.filter(tenant=tenant)}
    for target in seed.targets:
        target_save(
            actor=None,
            campaign=campaign,
            indicator=indicators[target.indicator],
            comparator=target.comparator,
            value=target.value,
            participant_type=target.participant_type,
        )
    if seed.number is not None:
        # The unit's paper register already holds the earlier plans of that year.
        number_register_continue(
            actor=None,
            unit=issuing_unit,
            doc_type=DocumentType.PLAN,
            year=seed.issued_on.year,
            last_number=seed.number - 1,
        )
    return campaign_launch(actor=None, campaign=campaign, issued_on=seed.issued_on, as_printed=True)


def load_seed_campaigns() -> list[Campaign]:
    """Create and launch the seed plans (and the two upper-level plans they are based on) in
    the demo tenants of `units.demo.load_demo`; a plan that already exists is skipped."""
    loaded: dict[str, Campaign] = {}
    for seed in SEED_PLANS:
        loaded[seed.key] = _load(seed, loaded)
    return list(loaded.values())
