"""Demo data for learning: two real courses (Luật Thực hiện dân chủ ở cơ sở 2022, Hòa giải ở cơ sở), their question
banks and final quizzes, and a few learners with progress and attempts in different states.

The lessons summarise the laws in plain Vietnamese; like any content, they are checked against the official
texts (DOMAIN.md lists the facts) before a real deployment publishes them.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Page

from courses import services
from courses.models import (
    CompletionRule,
    CourseIndexPage,
    CourseLegalBasis,
    CoursePage,
    GradingMethod,
    LegalDocument,
    LessonLegalBasis,
    LessonPage,
    MatchingPair,
    Question,
    QuestionCategory,
    QuestionChoice,
    QuizAttempt,
    QuizPage,
    QuizRandomRule,
    ReviewPolicy,
)
from lms.models import HomePage
from units.access import EDITORS_GROUP
from units.demo import DEMO_PASSWORD
from units.models import Official

LUAT_DCCS = "10/2022/QH15"
ND_59 = "59/2023/NĐ-CP"
ND_61 = "61/2023/NĐ-CP"
LUAT_HGCS = "35/2013/QH13"
LUAT_TCD = "42/2013/QH13"
LUAT_PBGDPL = "14/2012/QH13"

LEGAL_DOCUMENTS = [
    (LUAT_DCCS, "Luật Thực hiện dân chủ ở cơ sở", "2022-11-10", "2023-07-01"),
    (ND_59, "Nghị định quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở", None, "2023-08-15"),
    (ND_61, "Nghị định về xây dựng và thực hiện hương ước, quy ước của cộng đồng dân cư", "2023-08-16", None),
    (LUAT_HGCS, "Luật Hòa giải ở cơ sở", None, "2014-01-01"),
    (LUAT_TCD, "Luật Tiếp công dân", None, None),
    (LUAT_PBGDPL, "Luật Phổ biến, giáo dục pháp luật", None, None),
]


def _p(*paragraphs: str) -> tuple[str, str]:
    return ("text", "".join(f"<p>{p}</p>" for p in paragraphs))


def _ul(intro: str, items: list[str]) -> tuple[str, str]:
    return ("text", f"<p>{intro}</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


def _quote(document: str, article: int, text: str, clause: str = "") -> tuple[str, dict]:
    return ("legal_quote", {"document": document, "article": article, "clause": clause, "text": f"<p>{text}</p>"})


def _points(points: list[str], title: str = "Ghi nhớ") -> tuple[str, dict]:
    return ("key_points", {"title": title, "points": points})


DCCS_SUMMARY = (
    "Khóa học giúp cán bộ, công chức nắm vững Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 và các nghị định "
    "hướng dẫn: những việc phải công khai, những việc Nhân dân bàn và quyết định, tham gia ý kiến, kiểm tra, "
    "giám sát, cùng hương ước, quy ước của cộng đồng dân cư."
)
DCCS_OBJECTIVES = (
    "<ul><li>Nêu được bố cục, hiệu lực và phương châm của Luật Thực hiện dân chủ ở cơ sở năm 2022.</li>"
    "<li>Xác định đúng nội dung phải công khai, nội dung Nhân dân bàn và quyết định, tham gia ý kiến, kiểm tra, "
    "giám sát ở cấp xã.</li>"
    "<li>Tổ chức được hội nghị thôn, tổ dân phố, phát phiếu lấy ý kiến hộ gia đình và biểu quyết trực tuyến.</li>"
    "<li>Hướng dẫn cộng đồng dân cư xây dựng, sửa đổi hương ước, quy ước.</li></ul>"
)

DCCS_LESSONS = [
    {
        "title": "Bài 1. Tổng quan về Luật Thực hiện dân chủ ở cơ sở năm 2022",
        "slug": "tong-quan",
        "summary": "Hoàn cảnh ra đời, bố cục, hiệu lực, phạm vi điều chỉnh và phương châm của Luật.",
        "minutes": 30,
        "legal": [(LUAT_DCCS, 1, ""), (LUAT_DCCS, 2, "")],
        "body": [
            ("heading", "Hoàn cảnh ra đời"),
            _p(
                "Ngày 10/11/2022, tại kỳ họp thứ tư, Quốc hội khóa XV đã thông qua Luật Thực hiện dân chủ ở cơ sở, "
                "số hiệu 10/2022/QH15. Luật có hiệu lực thi hành từ ngày 01/7/2023.",
                "Luật ra đời nhằm thể chế hóa chủ trương của Đảng về phát huy quyền làm chủ của Nhân dân, bảo đảm "
                "quyền con người, quyền công dân theo Hiến pháp năm 2013, đồng thời khắc phục những hạn chế sau "
                "hơn mười lăm năm thực hiện Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn năm 2007.",
            ),
            ("heading", "Bố cục của Luật"),
            _ul(
                "Luật gồm 6 chương, 91 điều:",
                [
                    "Chương I – Những quy định chung;",
                    "Chương II – Thực hiện dân chủ ở xã, phường, thị trấn;",
                    "Chương III – Thực hiện dân chủ trong cơ quan, đơn vị, tổ chức;",
                    "Chương IV – Thực hiện dân chủ ở doanh nghiệp và tổ chức có thuê mướn, sử dụng lao động;",
                    "Chương V – Trách nhiệm của cơ quan, tổ chức, cá nhân trong thực hiện dân chủ ở cơ sở;",
                    "Chương VI – Điều khoản thi hành.",
                ],
            ),
            ("heading", "Phạm vi điều chỉnh và đối tượng áp dụng"),
            _quote(
                LUAT_DCCS,
                1,
                "Luật này quy định về nguyên tắc, nội dung, hình thức thực hiện dân chủ ở cơ sở; trách nhiệm "
                "của cơ quan, tổ chức, cá nhân trong thực hiện dân chủ ở cơ sở.",
            ),
            _p(
                "Luật áp dụng đối với công dân; cơ quan, đơn vị, tổ chức, doanh nghiệp và cá nhân có liên quan "
                "(Điều 2). Như vậy, Luật không chỉ áp dụng ở xã, phường, thị trấn mà còn ở cơ quan nhà nước, đơn vị "
                "sự nghiệp công lập và doanh nghiệp."
            ),
            ("heading", "Phương châm thực hiện dân chủ ở cơ sở"),
            _p(
                "Toàn bộ Luật xoay quanh phương châm <b>“Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, "
                "dân thụ hưởng”</b>. Mỗi vế của phương châm ứng với một nhóm quyền của Nhân dân mà các bài sau "
                "lần lượt trình bày."
            ),
            _points(
                [
                    "Luật số 10/2022/QH15, thông qua ngày 10/11/2022, có hiệu lực từ 01/7/2023.",
                    "Gồm 6 chương, 91 điều.",
                    "Phương châm: Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng.",
                    "Áp dụng cả ở cấp xã, trong cơ quan, đơn vị, tổ chức và ở doanh nghiệp.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 2. Những nội dung công khai ở cấp xã",
        "slug": "noi-dung-cong-khai",
        "summary": "Những thông tin chính quyền cấp xã phải công khai để Nhân dân biết, và cách công khai.",
        "minutes": 35,
        "legal": [(LUAT_DCCS, 11, "")],
        "body": [
            ("heading", "Dân biết: quyền được thông tin"),
            _p(
                "“Dân biết” là điều kiện đầu tiên để Nhân dân thực hiện các quyền khác. Điều 11 của Luật liệt kê "
                "những nội dung mà chính quyền địa phương ở cấp xã phải công khai, trừ những thông tin thuộc bí mật "
                "nhà nước và thông tin chưa được công khai theo quy định của pháp luật."
            ),
            _ul(
                "Những nhóm nội dung chính phải công khai gồm:",
                [
                    "kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế của cấp xã;",
                    "dự toán, quyết toán ngân sách cấp xã; việc quản lý, sử dụng các loại quỹ, khoản đầu tư, "
                    "tài trợ và các khoản huy động Nhân dân đóng góp;",
                    "quy hoạch, kế hoạch sử dụng đất; việc thu hồi đất, bồi thường, hỗ trợ, tái định cư;",
                    "thủ tục hành chính, việc giải quyết thủ tục hành chính liên quan đến người dân;",
                    "chính sách an sinh xã hội, đối tượng được hưởng chính sách trên địa bàn;",
                    "kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo; vụ việc tiêu cực, tham nhũng.",
                ],
            ),
            _quote(
                LUAT_DCCS,
                11,
                "Chính quyền địa phương ở cấp xã có trách nhiệm công khai những nội dung thuộc phạm vi quản lý, "
                "trừ thông tin thuộc bí mật nhà nước và thông tin chưa được công khai theo quy định của pháp luật.",
            ),
            ("heading", "Hình thức công khai"),
            _p(
                "Thông tin được niêm yết tại trụ sở Ủy ban nhân dân cấp xã và nhà văn hóa thôn, tổ dân phố; "
                "đăng trên trang thông tin điện tử của xã; thông báo trên hệ thống loa truyền thanh; thông báo "
                "bằng văn bản đến Trưởng thôn, Tổ trưởng tổ dân phố để thông tin đến Nhân dân tại hội nghị thôn. "
                "Cần chọn hình thức phù hợp với từng đối tượng và bảo đảm thời gian niêm yết theo quy định."
            ),
            _points(
                [
                    "Điều 11 quy định những nội dung công khai ở cấp xã.",
                    "Không công khai thông tin thuộc bí mật nhà nước.",
                    "Ngân sách, đất đai, thủ tục hành chính, an sinh xã hội là những nhóm thông tin phải công khai.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 3. Những nội dung Nhân dân bàn và quyết định",
        "slug": "ban-va-quyet-dinh",
        "summary": "Dân bàn, dân làm: những việc cộng đồng dân cư tự quyết định và cách tổ chức lấy ý kiến.",
        "minutes": 40,
        "legal": [(LUAT_DCCS, 15, ""), (ND_59, None, "")],
        "body": [
            ("heading", "Những việc Nhân dân trực tiếp quyết định"),
            _p(
                "Điều 15 của Luật quy định những nội dung cộng đồng dân cư ở thôn, tổ dân phố bàn và quyết định. "
                "Đây là những việc gắn trực tiếp với đời sống của người dân, do chính người dân đóng góp và thụ hưởng."
            ),
            _ul(
                "Các nội dung chủ yếu:",
                [
                    "chủ trương và mức đóng góp xây dựng công trình công cộng, cơ sở hạ tầng trong phạm vi thôn, "
                    "tổ dân phố do Nhân dân đóng góp toàn bộ hoặc một phần kinh phí;",
                    "nội dung hương ước, quy ước của cộng đồng dân cư;",
                    "bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố;",
                    "bầu, bãi nhiệm thành viên Ban Thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng;",
                    "các công việc tự quản khác trong nội bộ cộng đồng dân cư.",
                ],
            ),
            _quote(
                LUAT_DCCS,
                15,
                "Công dân ở xã, phường, thị trấn bàn và quyết định trực tiếp về chủ trương và mức đóng góp xây "
                "dựng các công trình công cộng, cơ sở hạ tầng trong phạm vi cộng đồng dân cư do Nhân dân đóng góp "
                "toàn bộ hoặc một phần kinh phí.",
                "khoản 1",
            ),
            ("heading", "Hình thức bàn và quyết định"),
            _p(
                "Nhân dân bàn và quyết định tại hội nghị thôn, tổ dân phố; bằng phiếu lấy ý kiến hộ gia đình; "
                "hoặc biểu quyết trực tuyến khi địa phương có điều kiện. Nghị định số 59/2023/NĐ-CP (có hiệu lực từ "
                "15/8/2023) hướng dẫn cách phát phiếu lấy ý kiến hộ gia đình và tổ chức biểu quyết trực tuyến ở "
                "thôn, tổ dân phố.",
                "Kết quả bàn và quyết định được lập thành văn bản, báo cáo Ủy ban nhân dân cấp xã và công khai "
                "để Nhân dân biết, thực hiện.",
            ),
            _points(
                [
                    "Điều 15: nội dung Nhân dân bàn và quyết định.",
                    "Ba hình thức: hội nghị thôn, tổ dân phố; phiếu lấy ý kiến hộ gia đình; biểu quyết trực tuyến.",
                    "Nghị định 59/2023/NĐ-CP hướng dẫn phát phiếu hộ gia đình và biểu quyết trực tuyến.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 4. Nhân dân tham gia ý kiến trước khi cơ quan có thẩm quyền quyết định",
        "slug": "tham-gia-y-kien",
        "summary": "Dân bàn: những nội dung chính quyền phải lấy ý kiến Nhân dân trước khi quyết định.",
        "minutes": 30,
        "legal": [(LUAT_DCCS, 25, "")],
        "body": [
            ("heading", "Lấy ý kiến trước khi quyết định"),
            _p(
                "Với những việc do cơ quan nhà nước có thẩm quyền quyết định nhưng ảnh hưởng trực tiếp đến người "
                "dân, Điều 25 của Luật yêu cầu chính quyền cấp xã tổ chức để Nhân dân tham gia ý kiến trước khi "
                "quyết định. Ý kiến của Nhân dân phải được tổng hợp, tiếp thu, giải trình."
            ),
            _ul(
                "Các nội dung Nhân dân tham gia ý kiến gồm:",
                [
                    "dự thảo kế hoạch phát triển kinh tế - xã hội của cấp xã;",
                    "dự thảo quy hoạch, kế hoạch sử dụng đất; phương án bồi thường, hỗ trợ, tái định cư;",
                    "đề án thành lập, nhập, chia, điều chỉnh địa giới đơn vị hành chính cấp xã;",
                    "chủ trương đầu tư, dự án trên địa bàn có ảnh hưởng đến đời sống của Nhân dân.",
                ],
            ),
            _quote(
                LUAT_DCCS,
                25,
                "Chính quyền địa phương ở cấp xã có trách nhiệm tổ chức để công dân ở xã, phường, thị trấn tham "
                "gia ý kiến trước khi cơ quan có thẩm quyền quyết định.",
            ),
            ("heading", "Ví dụ tại Đại Lộc"),
            _p(
                "Khi sắp xếp đơn vị hành chính cấp xã năm 2025, các xã của huyện Đại Lộc đã lấy ý kiến cử tri về "
                "đề án nhập xã: đây là một nội dung Nhân dân tham gia ý kiến, không phải nội dung Nhân dân tự quyết."
            ),
            _points(
                [
                    "Điều 25: nội dung Nhân dân tham gia ý kiến.",
                    "Ý kiến của Nhân dân được tổng hợp, tiếp thu và giải trình trước khi quyết định.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 5. Nhân dân kiểm tra, giám sát",
        "slug": "kiem-tra-giam-sat",
        "summary": "Dân kiểm tra, dân giám sát: nội dung, cách thức và vai trò của Ban Thanh tra nhân dân.",
        "minutes": 35,
        "legal": [(LUAT_DCCS, 30, ""), (ND_59, None, "")],
        "body": [
            ("heading", "Nội dung Nhân dân kiểm tra, giám sát"),
            _p(
                "Điều 30 của Luật quy định những nội dung công dân ở xã, phường, thị trấn kiểm tra, giám sát: việc "
                "tổ chức thực hiện dân chủ ở cơ sở; việc thực hiện chính sách, pháp luật của chính quyền cấp xã; "
                "việc thực hiện những nội dung Nhân dân đã bàn và quyết định; việc sử dụng ngân sách và các khoản "
                "Nhân dân đóng góp; việc giải quyết khiếu nại, tố cáo."
            ),
            _quote(
                LUAT_DCCS,
                30,
                "Công dân ở xã, phường, thị trấn kiểm tra, giám sát việc tổ chức thực hiện dân chủ ở cơ sở và việc "
                "thực hiện chính sách, pháp luật của chính quyền địa phương ở cấp xã.",
            ),
            ("heading", "Ban Thanh tra nhân dân và Ban giám sát đầu tư của cộng đồng"),
            _p(
                "Nhân dân kiểm tra, giám sát trực tiếp hoặc thông qua Ban Thanh tra nhân dân và Ban giám sát đầu tư "
                "của cộng đồng. Nghị định số 59/2023/NĐ-CP quy định chi tiết về tổ chức, hoạt động của Ban Thanh "
                "tra nhân dân và việc giám sát đầu tư của cộng đồng.",
                "Ngoài ra, người dân thực hiện quyền khiếu nại, tố cáo, kiến nghị theo Luật Tiếp công dân số "
                "42/2013/QH13 và các luật có liên quan.",
            ),
            _points(
                [
                    "Điều 30: nội dung Nhân dân kiểm tra, giám sát.",
                    "Ban Thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng là kênh giám sát của Nhân dân.",
                    "Nghị định 59/2023/NĐ-CP hướng dẫn về Ban Thanh tra nhân dân và giám sát đầu tư của cộng đồng.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 6. Hương ước, quy ước của cộng đồng dân cư",
        "slug": "huong-uoc-quy-uoc",
        "summary": "Xây dựng, công nhận và thực hiện hương ước, quy ước theo Nghị định 61/2023/NĐ-CP.",
        "minutes": 25,
        "is_required": False,
        "legal": [(ND_61, None, "")],
        "body": [
            ("heading", "Hương ước, quy ước là gì"),
            _p(
                "Hương ước, quy ước là văn bản quy định các quy tắc xử sự chung do cộng đồng dân cư ở thôn, tổ dân "
                "phố cùng thỏa thuận, xây dựng và tự nguyện thực hiện, phù hợp với pháp luật và thuần phong mỹ tục. "
                "Nội dung hương ước, quy ước là một nội dung Nhân dân bàn và quyết định."
            ),
            _p(
                "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ quy định việc xây dựng và thực hiện hương "
                "ước, quy ước, thay thế Quyết định số 22/2018/QĐ-TTg của Thủ tướng Chính phủ. Hương ước, quy ước "
                "được Ủy ban nhân dân cấp xã xem xét, công nhận."
            ),
            _points(
                [
                    "Hương ước, quy ước do cộng đồng dân cư bàn và quyết định.",
                    "Ủy ban nhân dân cấp xã công nhận hương ước, quy ước.",
                    "Nghị định 61/2023/NĐ-CP thay thế Quyết định 22/2018/QĐ-TTg.",
                ]
            ),
        ],
    },
]

# Questions: (kind, text, answers, explanation, legal basis (document, article)).
# "single": answers = [right, wrong, wrong, ...]; "multiple": ([rights], [wrongs]); "true_false": bool;
# "matching": ([(item, answer), ...], [extra wrong answers]).
DCCS_QUESTIONS = {
    "Chương I – Những quy định chung": [
        (
            "single",
            "Luật Thực hiện dân chủ ở cơ sở năm 2022 có số hiệu là gì?",
            ["10/2022/QH15", "34/2007/PL-UBTVQH11", "35/2013/QH13", "42/2013/QH13"],
            "Luật Thực hiện dân chủ ở cơ sở có số hiệu 10/2022/QH15.",
            (LUAT_DCCS, None),
        ),
        (
            "single",
            "Quốc hội thông qua Luật Thực hiện dân chủ ở cơ sở vào ngày nào?",
            ["10/11/2022", "01/7/2023", "19/12/2023", "15/8/2023"],
            "Luật được Quốc hội khóa XV thông qua ngày 10/11/2022.",
            (LUAT_DCCS, None),
        ),
        (
            "single",
            "Luật Thực hiện dân chủ ở cơ sở năm 2022 có hiệu lực từ ngày nào?",
            ["01/7/2023", "10/11/2022", "01/01/2023", "15/8/2023"],
            "Luật có hiệu lực thi hành từ ngày 01/7/2023.",
            (LUAT_DCCS, None),
        ),
        (
            "single",
            "Luật Thực hiện dân chủ ở cơ sở năm 2022 gồm bao nhiêu chương, bao nhiêu điều?",
            ["6 chương, 91 điều", "5 chương, 33 điều", "6 chương, 66 điều", "7 chương, 91 điều"],
            "Luật gồm 6 chương, 91 điều.",
            (LUAT_DCCS, None),
        ),
        (
            "single",
            "Phương châm thực hiện dân chủ ở cơ sở là gì?",
            [
                "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
                "Dân biết, dân bàn, dân làm, dân kiểm tra",
                "Dân biết, dân làm, dân hưởng",
                "Dân bàn, dân quyết, dân làm",
            ],
            "Phương châm đầy đủ có sáu vế: dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng.",
            (LUAT_DCCS, None),
        ),
        (
            "true_false",
            "Luật Thực hiện dân chủ ở cơ sở chỉ áp dụng ở xã, phường, thị trấn.",
            False,
            "Luật còn áp dụng trong cơ quan, đơn vị, tổ chức và ở doanh nghiệp, tổ chức có thuê mướn lao động "
            "(Chương III, Chương IV).",
            (LUAT_DCCS, 2),
        ),
        (
            "single",
            "Điều 1 của Luật Thực hiện dân chủ ở cơ sở quy định nội dung gì?",
            ["Phạm vi điều chỉnh", "Đối tượng áp dụng", "Hiệu lực thi hành", "Giải thích từ ngữ"],
            "Điều 1 quy định phạm vi điều chỉnh của Luật.",
            (LUAT_DCCS, 1),
        ),
        (
            "single",
            "Chương II của Luật Thực hiện dân chủ ở cơ sở quy định về nội dung nào?",
            [
                "Thực hiện dân chủ ở xã, phường, thị trấn",
                "Thực hiện dân chủ ở doanh nghiệp",
                "Điều khoản thi hành",
                "Trách nhiệm của cơ quan, tổ chức, cá nhân",
            ],
            "Chương II quy định việc thực hiện dân chủ ở xã, phường, thị trấn.",
            (LUAT_DCCS, None),
        ),
        (
            "true_false",
            "Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn năm 2007 vẫn tiếp tục được áp dụng song song với Luật "
            "Thực hiện dân chủ ở cơ sở.",
            False,
            "Khi Luật có hiệu lực, Pháp lệnh năm 2007 hết hiệu lực.",
            (LUAT_DCCS, None),
        ),
    ],
    "Chương II – Công khai thông tin": [
        (
            "single",
            "Điều nào của Luật quy định những nội dung chính quyền cấp xã phải công khai?",
            ["Điều 11", "Điều 15", "Điều 25", "Điều 30"],
            "Điều 11 quy định những nội dung công khai.",
            (LUAT_DCCS, 11),
        ),
        (
            "single",
            "Thông tin nào sau đây chính quyền cấp xã KHÔNG được công khai?",
            [
                "Thông tin thuộc bí mật nhà nước",
                "Dự toán, quyết toán ngân sách cấp xã",
                "Kế hoạch sử dụng đất",
                "Thủ tục hành chính",
            ],
            "Thông tin thuộc bí mật nhà nước được loại trừ khỏi nghĩa vụ công khai.",
            (LUAT_DCCS, 11),
        ),
        (
            "single",
            "Dự toán, quyết toán ngân sách cấp xã thuộc nhóm nội dung nào?",
            [
                "Nội dung phải công khai",
                "Nội dung Nhân dân bàn và quyết định",
                "Nội dung không công khai",
                "Nội dung chỉ báo cáo cấp trên",
            ],
            "Dự toán, quyết toán ngân sách cấp xã là nội dung phải công khai.",
            (LUAT_DCCS, 11),
        ),
        (
            "multiple",
            "Những hình thức nào được dùng để công khai thông tin ở cấp xã?",
            (
                [
                    "Niêm yết tại trụ sở Ủy ban nhân dân cấp xã",
                    "Thông báo trên hệ thống loa truyền thanh",
                    "Đăng trên trang thông tin điện tử của xã",
                ],
                ["Chỉ gửi văn bản cho Hội đồng nhân dân huyện", "Lưu hồ sơ mật tại văn thư"],
            ),
            "Niêm yết, loa truyền thanh, trang thông tin điện tử… là những hình thức công khai phổ biến.",
            (LUAT_DCCS, 11),
        ),
        (
            "true_false",
            "Việc thu hồi đất, bồi thường, hỗ trợ, tái định cư trên địa bàn xã phải được công khai.",
            True,
            "Quy hoạch, kế hoạch sử dụng đất và việc thu hồi đất, bồi thường, hỗ trợ, tái định cư phải công khai.",
            (LUAT_DCCS, 11),
        ),
        (
            "single",
            "Vế nào của phương châm gắn với quyền được công khai thông tin?",
            ["Dân biết", "Dân làm", "Dân thụ hưởng", "Dân giám sát"],
            "Công khai thông tin bảo đảm để “dân biết”.",
            (LUAT_DCCS, 11),
        ),
        (
            "true_false",
            "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo ở cấp xã là nội dung phải công khai.",
            True,
            "Đây là một trong những nội dung công khai để Nhân dân biết và giám sát.",
            (LUAT_DCCS, 11),
        ),
        (
            "single",
            "Chính sách an sinh xã hội và danh sách đối tượng được hưởng trên địa bàn xã cần được xử lý thế nào?",
            [
                "Công khai để Nhân dân biết",
                "Giữ kín để tránh khiếu nại",
                "Chỉ báo cáo Phòng Nội vụ",
                "Chỉ thông báo cho người được hưởng",
            ],
            "Chính sách an sinh xã hội và đối tượng được hưởng là nội dung phải công khai.",
            (LUAT_DCCS, 11),
        ),
    ],
    "Chương II – Bàn và quyết định": [
        (
            "single",
            "Điều nào của Luật quy định những nội dung Nhân dân bàn và quyết định?",
            ["Điều 15", "Điều 11", "Điều 25", "Điều 30"],
            "Điều 15 quy định những nội dung Nhân dân bàn và quyết định.",
            (LUAT_DCCS, 15),
        ),
        (
            "single",
            "Chủ trương và mức đóng góp xây dựng đường bê tông trong thôn do Nhân dân đóng góp kinh phí thuộc nhóm "
            "nội dung nào?",
            [
                "Nhân dân bàn và quyết định",
                "Nhân dân tham gia ý kiến",
                "Chính quyền tự quyết định",
                "Chỉ cần công khai",
            ],
            "Chủ trương và mức đóng góp xây dựng công trình công cộng do Nhân dân đóng góp là nội dung Nhân dân "
            "bàn và quyết định.",
            (LUAT_DCCS, 15),
        ),
        (
            "true_false",
            "Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố là nội dung Nhân dân bàn và quyết định.",
            True,
            "Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố thuộc nội dung Nhân dân bàn và quyết định.",
            (LUAT_DCCS, 15),
        ),
        (
            "multiple",
            "Những hình thức nào để Nhân dân ở thôn, tổ dân phố bàn và quyết định?",
            (
                ["Hội nghị thôn, tổ dân phố", "Phát phiếu lấy ý kiến hộ gia đình", "Biểu quyết trực tuyến"],
                ["Trưng cầu ý dân toàn quốc", "Gửi đơn khiếu nại"],
            ),
            "Nghị định 59/2023/NĐ-CP hướng dẫn hội nghị, phiếu lấy ý kiến hộ gia đình và biểu quyết trực tuyến.",
            (ND_59, None),
        ),
        (
            "single",
            "Nghị định số 59/2023/NĐ-CP có hiệu lực từ ngày nào?",
            ["15/8/2023", "01/7/2023", "16/8/2023", "01/01/2024"],
            "Nghị định 59/2023/NĐ-CP có hiệu lực từ ngày 15/8/2023.",
            (ND_59, None),
        ),
        (
            "true_false",
            "Theo Nghị định 59/2023/NĐ-CP, Nhân dân ở thôn có thể biểu quyết trực tuyến những nội dung bàn và quyết "
            "định.",
            True,
            "Nghị định 59/2023/NĐ-CP hướng dẫn việc tổ chức biểu quyết trực tuyến ở thôn, tổ dân phố.",
            (ND_59, None),
        ),
        (
            "single",
            "Bầu, bãi nhiệm thành viên Ban Thanh tra nhân dân thuộc nhóm nội dung nào?",
            ["Nhân dân bàn và quyết định", "Nhân dân tham gia ý kiến", "Nội dung công khai", "Nội dung kiểm tra"],
            "Bầu, bãi nhiệm thành viên Ban Thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng do Nhân dân "
            "bàn và quyết định.",
            (LUAT_DCCS, 15),
        ),
        (
            "single",
            "Vế nào của phương châm thể hiện việc Nhân dân cùng góp công, góp của thực hiện những việc đã quyết định?",
            ["Dân làm", "Dân biết", "Dân kiểm tra", "Dân giám sát"],
            "“Dân làm” là Nhân dân trực tiếp thực hiện những việc đã cùng bàn và quyết định.",
            (LUAT_DCCS, 15),
        ),
        (
            "single",
            "Kết quả Nhân dân bàn và quyết định ở thôn được xử lý như thế nào?",
            [
                "Lập thành văn bản, báo cáo Ủy ban nhân dân cấp xã và công khai",
                "Chỉ lưu tại nhà Trưởng thôn",
                "Chờ Hội đồng nhân dân huyện phê duyệt mới được công bố",
                "Không cần ghi lại",
            ],
            "Kết quả được lập thành văn bản, báo cáo Ủy ban nhân dân cấp xã và công khai để Nhân dân thực hiện.",
            (LUAT_DCCS, 15),
        ),
    ],
    "Chương II – Tham gia ý kiến": [
        (
            "single",
            "Điều nào của Luật quy định những nội dung Nhân dân tham gia ý kiến trước khi cơ quan có thẩm quyền "
            "quyết định?",
            ["Điều 25", "Điều 11", "Điều 15", "Điều 30"],
            "Điều 25 quy định những nội dung Nhân dân tham gia ý kiến.",
            (LUAT_DCCS, 25),
        ),
        (
            "single",
            "Đề án nhập, chia, điều chỉnh địa giới đơn vị hành chính cấp xã thuộc nhóm nội dung nào?",
            [
                "Nhân dân tham gia ý kiến trước khi cơ quan có thẩm quyền quyết định",
                "Nhân dân bàn và quyết định",
                "Chỉ cần niêm yết công khai",
                "Không cần lấy ý kiến",
            ],
            "Đây là nội dung Nhân dân tham gia ý kiến; quyết định thuộc cơ quan có thẩm quyền.",
            (LUAT_DCCS, 25),
        ),
        (
            "true_false",
            "Dự thảo kế hoạch phát triển kinh tế - xã hội của cấp xã phải được lấy ý kiến Nhân dân trước khi quyết "
            "định.",
            True,
            "Dự thảo kế hoạch phát triển kinh tế - xã hội cấp xã là nội dung Nhân dân tham gia ý kiến.",
            (LUAT_DCCS, 25),
        ),
        (
            "single",
            "Sau khi lấy ý kiến Nhân dân, chính quyền cấp xã phải làm gì?",
            [
                "Tổng hợp, tiếp thu và giải trình ý kiến của Nhân dân",
                "Lưu ý kiến, không cần phản hồi",
                "Chỉ tiếp thu ý kiến của cán bộ thôn",
                "Hủy bỏ dự thảo nếu có một ý kiến phản đối",
            ],
            "Ý kiến của Nhân dân phải được tổng hợp, tiếp thu, giải trình.",
            (LUAT_DCCS, 25),
        ),
        (
            "true_false",
            "Với nội dung Nhân dân tham gia ý kiến, quyết định cuối cùng thuộc về cơ quan nhà nước có thẩm quyền.",
            True,
            "Nhân dân góp ý; cơ quan có thẩm quyền quyết định sau khi tiếp thu ý kiến.",
            (LUAT_DCCS, 25),
        ),
    ],
    "Chương II – Kiểm tra, giám sát": [
        (
            "single",
            "Điều nào của Luật quy định những nội dung Nhân dân kiểm tra, giám sát?",
            ["Điều 30", "Điều 11", "Điều 15", "Điều 25"],
            "Điều 30 quy định những nội dung Nhân dân kiểm tra, giám sát.",
            (LUAT_DCCS, 30),
        ),
        (
            "multiple",
            "Nhân dân ở xã thực hiện kiểm tra, giám sát thông qua những tổ chức nào?",
            (
                ["Ban Thanh tra nhân dân", "Ban giám sát đầu tư của cộng đồng"],
                ["Tòa án nhân dân huyện", "Công an xã"],
            ),
            "Ban Thanh tra nhân dân và Ban giám sát đầu tư của cộng đồng là kênh giám sát của Nhân dân.",
            (ND_59, None),
        ),
        (
            "true_false",
            "Nhân dân có quyền giám sát việc sử dụng các khoản đóng góp của chính mình.",
            True,
            "Việc sử dụng ngân sách và các khoản Nhân dân đóng góp thuộc nội dung Nhân dân kiểm tra, giám sát.",
            (LUAT_DCCS, 30),
        ),
        (
            "single",
            "Văn bản nào quy định chi tiết về tổ chức, hoạt động của Ban Thanh tra nhân dân ở xã?",
            [
                "Nghị định 59/2023/NĐ-CP",
                "Nghị định 61/2023/NĐ-CP",
                "Luật Hòa giải ở cơ sở",
                "Quyết định 22/2018/QĐ-TTg",
            ],
            "Nghị định 59/2023/NĐ-CP quy định chi tiết về Ban Thanh tra nhân dân và giám sát đầu tư của cộng đồng.",
            (ND_59, None),
        ),
        (
            "single",
            "Người dân thực hiện quyền khiếu nại, tố cáo, kiến nghị, phản ánh theo luật nào sau đây?",
            ["Luật Tiếp công dân số 42/2013/QH13", "Luật Hòa giải ở cơ sở", "Luật Đất đai", "Luật Ngân sách nhà nước"],
            "Luật Tiếp công dân quy định việc tiếp công dân đến khiếu nại, tố cáo, kiến nghị, phản ánh.",
            (LUAT_TCD, None),
        ),
        (
            "single",
            "Vế nào của phương châm gắn với hoạt động của Ban Thanh tra nhân dân?",
            ["Dân kiểm tra, dân giám sát", "Dân biết", "Dân làm", "Dân thụ hưởng"],
            "Ban Thanh tra nhân dân là tổ chức để Nhân dân kiểm tra, giám sát.",
            (LUAT_DCCS, 30),
        ),
    ],
    "Hương ước, quy ước và tổ chức thực hiện": [
        (
            "single",
            "Văn bản nào hiện quy định việc xây dựng và thực hiện hương ước, quy ước của cộng đồng dân cư?",
            ["Nghị định 61/2023/NĐ-CP", "Quyết định 22/2018/QĐ-TTg", "Nghị định 59/2023/NĐ-CP", "Luật Tiếp công dân"],
            "Nghị định 61/2023/NĐ-CP thay thế Quyết định 22/2018/QĐ-TTg.",
            (ND_61, None),
        ),
        (
            "single",
            "Cơ quan nào công nhận hương ước, quy ước của thôn, tổ dân phố?",
            [
                "Ủy ban nhân dân cấp xã",
                "Hội đồng nhân dân huyện",
                "Phòng Tư pháp",
                "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            ],
            "Hương ước, quy ước được Ủy ban nhân dân cấp xã công nhận.",
            (ND_61, None),
        ),
        (
            "true_false",
            "Nghị định 61/2023/NĐ-CP thay thế Quyết định số 22/2018/QĐ-TTg về hương ước, quy ước.",
            True,
            "Nghị định 61/2023/NĐ-CP thay thế Quyết định 22/2018/QĐ-TTg.",
            (ND_61, None),
        ),
        (
            "matching",
            "Ghép mỗi điều của Luật Thực hiện dân chủ ở cơ sở với nội dung nó quy định.",
            (
                [
                    ("Điều 11", "Những nội dung công khai"),
                    ("Điều 15", "Những nội dung Nhân dân bàn và quyết định"),
                    ("Điều 25", "Những nội dung Nhân dân tham gia ý kiến"),
                    ("Điều 30", "Những nội dung Nhân dân kiểm tra, giám sát"),
                ],
                ["Hiệu lực thi hành"],
            ),
            "Bốn điều này là xương sống của Chương II.",
            (LUAT_DCCS, None),
        ),
        (
            "matching",
            "Ghép mỗi văn bản với nội dung chính của nó.",
            (
                [
                    ("Nghị định 59/2023/NĐ-CP", "Phiếu lấy ý kiến hộ gia đình, biểu quyết trực tuyến"),
                    ("Nghị định 61/2023/NĐ-CP", "Hương ước, quy ước"),
                    ("Luật 35/2013/QH13", "Hòa giải ở cơ sở"),
                ],
                ["Bầu cử đại biểu Quốc hội"],
            ),
            "Mỗi văn bản hướng dẫn một mảng của dân chủ ở cơ sở.",
            (None, None),
        ),
        (
            "single",
            "Theo Kế hoạch của huyện Đại Lộc, các cơ quan, đơn vị báo cáo kết quả thực hiện dân chủ ở cơ sở về Ủy "
            "ban nhân dân huyện (qua Phòng Nội vụ) chậm nhất ngày nào hằng năm?",
            ["20/11", "31/12", "15/6", "09/11"],
            "Kế hoạch giao báo cáo hằng năm chậm nhất ngày 20/11.",
            (None, None),
        ),
        (
            "single",
            "Theo Kế hoạch của huyện, cơ quan nào tổng hợp danh sách cán bộ được cử đi tập huấn khi có thông báo "
            "mở lớp?",
            ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Văn hóa - Thông tin", "Phòng Tài chính - Kế hoạch"],
            "Phòng Nội vụ tổng hợp danh sách do các cơ quan, đơn vị, địa phương cử.",
            (None, None),
        ),
        (
            "single",
            "“Ngày Pháp luật Việt Nam” là ngày nào trong năm?",
            ["09/11", "20/11", "01/7", "19/12"],
            "Luật Phổ biến, giáo dục pháp luật lấy ngày 9 tháng 11 hằng năm là Ngày Pháp luật.",
            (LUAT_PBGDPL, None),
        ),
    ],
}

HGCS_SUMMARY = (
    "Khóa học dành cho hòa giải viên và công chức Tư pháp - Hộ tịch: phạm vi, nguyên tắc hòa giải ở cơ sở, "
    "hòa giải viên, tổ hòa giải và cách tiến hành một buổi hòa giải theo Luật Hòa giải ở cơ sở số 35/2013/QH13."
)
HGCS_LESSONS = [
    {
        "title": "Bài 1. Khái quát về Luật Hòa giải ở cơ sở",
        "slug": "khai-quat",
        "summary": "Hiệu lực, bố cục, khái niệm và phạm vi hòa giải ở cơ sở.",
        "minutes": 25,
        "legal": [(LUAT_HGCS, 2, ""), (LUAT_HGCS, 3, "")],
        "body": [
            ("heading", "Văn bản và hiệu lực"),
            _p(
                "Luật Hòa giải ở cơ sở số 35/2013/QH13 có hiệu lực từ ngày 01/01/2014, gồm 5 chương, 33 điều. "
                "Luật quy định về hòa giải viên, tổ hòa giải, hoạt động hòa giải ở cơ sở và trách nhiệm của cơ "
                "quan, tổ chức trong công tác này."
            ),
            ("heading", "Hòa giải ở cơ sở là gì"),
            _quote(
                LUAT_HGCS,
                2,
                "Hòa giải ở cơ sở là việc hòa giải viên hướng dẫn, giúp đỡ các bên đạt được thỏa thuận, tự "
                "nguyện giải quyết với nhau các mâu thuẫn, tranh chấp, vi phạm pháp luật theo quy định của Luật này.",
            ),
            ("heading", "Phạm vi hòa giải"),
            _p(
                "Hòa giải ở cơ sở được tiến hành với các mâu thuẫn giữa các bên (do khác biệt quan niệm, lối sống, "
                "tính tình không hợp…), tranh chấp phát sinh từ quan hệ dân sự, hôn nhân và gia đình, và những vi "
                "phạm pháp luật nhỏ chưa đến mức bị xử lý (Điều 3). Không hòa giải những việc xâm phạm lợi ích của "
                "Nhà nước, lợi ích công cộng hoặc vi phạm pháp luật phải bị truy cứu trách nhiệm hình sự."
            ),
            _points(
                [
                    "Luật số 35/2013/QH13, hiệu lực từ 01/01/2014, 5 chương, 33 điều.",
                    "Hòa giải là giúp các bên tự nguyện thỏa thuận với nhau.",
                    "Không hòa giải việc phải truy cứu trách nhiệm hình sự.",
                ]
            ),
        ],
    },
    {
        "title": "Bài 2. Nguyên tắc hòa giải ở cơ sở",
        "slug": "nguyen-tac",
        "summary": "Tự nguyện, khách quan, công bằng, giữ bí mật đời tư: những nguyên tắc hòa giải viên phải giữ.",
        "minutes": 25,
        "legal": [(LUAT_HGCS, 4, "")],
        "body": [
            _quote(
                LUAT_HGCS,
                4,
                "Tôn trọng sự tự nguyện của các bên; không bắt buộc, áp đặt các bên trong hòa giải ở cơ sở.",
                "khoản 1",
            ),
            _ul(
                "Ngoài nguyên tắc tự nguyện, hòa giải viên phải bảo đảm:",
                [
                    "phù hợp với chính sách, pháp luật, đạo đức xã hội và phong tục, tập quán tốt đẹp;",
                    "khách quan, công bằng, kịp thời, có lý, có tình;",
                    "giữ bí mật thông tin đời tư của các bên;",
                    "tôn trọng sự thật, không xúc phạm danh dự, nhân phẩm, uy tín của các bên;",
                    "bảo vệ quyền lợi của phụ nữ, trẻ em, người khuyết tật, người cao tuổi;",
                    "không lợi dụng hòa giải để ngăn cản các bên bảo vệ quyền lợi theo quy định của pháp luật.",
                ],
            ),
            _points(["Tự nguyện là nguyên tắc hàng đầu.", "Hòa giải viên không được áp đặt kết quả."]),
        ],
    },
    {
        "title": "Bài 3. Hòa giải viên và tổ hòa giải",
        "slug": "hoa-giai-vien-to-hoa-giai",
        "summary": "Tiêu chuẩn hòa giải viên, tổ hòa giải và cách tiến hành một buổi hòa giải.",
        "minutes": 30,
        "legal": [(LUAT_HGCS, 7, ""), (LUAT_HGCS, 12, "")],
        "body": [
            ("heading", "Tiêu chuẩn hòa giải viên"),
            _quote(
                LUAT_HGCS,
                7,
                "Người có đủ các tiêu chuẩn sau đây được bầu làm hòa giải viên: là công dân Việt Nam thường trú "
                "tại cơ sở, tự nguyện tham gia hoạt động hòa giải; có phẩm chất đạo đức tốt, có uy tín trong cộng "
                "đồng dân cư; có khả năng thuyết phục, vận động nhân dân, có hiểu biết pháp luật.",
            ),
            ("heading", "Tổ hòa giải"),
            _p(
                "Tổ hòa giải được thành lập ở thôn, tổ dân phố, có từ 03 hòa giải viên trở lên, trong đó có hòa "
                "giải viên nữ (Điều 12). Tổ có Tổ trưởng do các hòa giải viên bầu ra."
            ),
            ("heading", "Tiến hành hòa giải"),
            _p(
                "Hòa giải được tiến hành khi một bên hoặc các bên yêu cầu, khi hòa giải viên chứng kiến hoặc biết "
                "vụ việc, theo phân công của Tổ trưởng hoặc theo đề nghị của cơ quan, tổ chức, cá nhân có liên "
                "quan. Buổi hòa giải có thể kết thúc bằng hòa giải thành – các bên tự nguyện thực hiện thỏa thuận "
                "– hoặc hòa giải không thành, khi đó hòa giải viên hướng dẫn các bên đề nghị cơ quan có thẩm quyền "
                "giải quyết."
            ),
            _points(
                [
                    "Hòa giải viên phải thường trú tại cơ sở và tự nguyện tham gia.",
                    "Tổ hòa giải có từ 03 hòa giải viên trở lên, có hòa giải viên nữ.",
                ]
            ),
        ],
    },
]

HGCS_QUESTIONS = {
    "Luật Hòa giải ở cơ sở": [
        (
            "single",
            "Luật Hòa giải ở cơ sở có số hiệu là gì?",
            ["35/2013/QH13", "10/2022/QH15", "42/2013/QH13", "14/2012/QH13"],
            "Luật Hòa giải ở cơ sở số 35/2013/QH13.",
            (LUAT_HGCS, None),
        ),
        (
            "single",
            "Luật Hòa giải ở cơ sở có hiệu lực từ ngày nào?",
            ["01/01/2014", "01/7/2013", "01/7/2023", "09/11/2013"],
            "Luật có hiệu lực từ 01/01/2014.",
            (LUAT_HGCS, None),
        ),
        (
            "single",
            "Luật Hòa giải ở cơ sở gồm bao nhiêu chương, bao nhiêu điều?",
            ["5 chương, 33 điều", "6 chương, 91 điều", "4 chương, 33 điều", "5 chương, 45 điều"],
            "Luật gồm 5 chương, 33 điều.",
            (LUAT_HGCS, None),
        ),
        (
            "single",
            "Nguyên tắc nào được đặt lên hàng đầu trong hòa giải ở cơ sở?",
            [
                "Tôn trọng sự tự nguyện của các bên",
                "Hòa giải viên quyết định thay các bên",
                "Bắt buộc các bên phải hòa giải trước khi ra tòa trong mọi trường hợp",
                "Ưu tiên ý kiến của bên có địa vị xã hội cao hơn",
            ],
            "Hòa giải ở cơ sở tôn trọng sự tự nguyện, không bắt buộc, áp đặt các bên.",
            (LUAT_HGCS, 4),
        ),
        (
            "true_false",
            "Hòa giải viên được quyền buộc các bên chấp nhận phương án hòa giải mà mình đưa ra.",
            False,
            "Hòa giải viên hướng dẫn, giúp đỡ; không được áp đặt các bên.",
            (LUAT_HGCS, 4),
        ),
        (
            "true_false",
            "Hòa giải viên phải giữ bí mật thông tin đời tư của các bên.",
            True,
            "Giữ bí mật thông tin đời tư là một nguyên tắc hòa giải ở cơ sở.",
            (LUAT_HGCS, 4),
        ),
        (
            "single",
            "Vụ việc nào sau đây KHÔNG được hòa giải ở cơ sở?",
            [
                "Hành vi vi phạm pháp luật phải bị truy cứu trách nhiệm hình sự",
                "Mâu thuẫn giữa hai gia đình về lối đi chung",
                "Tranh chấp nhỏ về tiền vay giữa hàng xóm",
                "Mâu thuẫn vợ chồng do tính tình không hợp",
            ],
            "Không hòa giải các vi phạm pháp luật phải bị truy cứu trách nhiệm hình sự.",
            (LUAT_HGCS, 3),
        ),
        (
            "multiple",
            "Những việc nào thuộc phạm vi hòa giải ở cơ sở?",
            (
                [
                    "Mâu thuẫn giữa các bên do khác biệt lối sống, tính tình",
                    "Tranh chấp phát sinh từ quan hệ dân sự",
                    "Tranh chấp về hôn nhân và gia đình",
                ],
                ["Việc xâm phạm lợi ích của Nhà nước", "Tội phạm hình sự nghiêm trọng"],
            ),
            "Điều 3 liệt kê phạm vi hòa giải và những việc không được hòa giải.",
            (LUAT_HGCS, 3),
        ),
        (
            "single",
            "Hòa giải ở cơ sở được hiểu là gì?",
            [
                "Hòa giải viên hướng dẫn, giúp đỡ các bên tự nguyện thỏa thuận giải quyết mâu thuẫn, tranh chấp",
                "Ủy ban nhân dân xã ra quyết định giải quyết tranh chấp",
                "Tòa án giải quyết vụ việc theo thủ tục rút gọn",
                "Trưởng thôn xử phạt hành chính các bên",
            ],
            "Điều 2: hòa giải viên hướng dẫn, giúp đỡ các bên tự nguyện giải quyết với nhau.",
            (LUAT_HGCS, 2),
        ),
    ],
    "Hòa giải viên và tổ hòa giải": [
        (
            "single",
            "Tổ hòa giải có ít nhất bao nhiêu hòa giải viên?",
            ["03 hòa giải viên", "02 hòa giải viên", "05 hòa giải viên", "07 hòa giải viên"],
            "Tổ hòa giải có từ 03 hòa giải viên trở lên.",
            (LUAT_HGCS, 12),
        ),
        (
            "true_false",
            "Tổ hòa giải phải có hòa giải viên nữ.",
            True,
            "Thành phần tổ hòa giải có hòa giải viên nữ.",
            (LUAT_HGCS, 12),
        ),
        (
            "multiple",
            "Người được bầu làm hòa giải viên phải đáp ứng những tiêu chuẩn nào?",
            (
                [
                    "Là công dân Việt Nam thường trú tại cơ sở, tự nguyện tham gia",
                    "Có phẩm chất đạo đức tốt, có uy tín trong cộng đồng",
                    "Có khả năng thuyết phục, vận động nhân dân, hiểu biết pháp luật",
                ],
                ["Có bằng cử nhân luật", "Là đảng viên"],
            ),
            "Điều 7 quy định ba nhóm tiêu chuẩn của hòa giải viên.",
            (LUAT_HGCS, 7),
        ),
        (
            "true_false",
            "Hòa giải viên bắt buộc phải có bằng cử nhân luật.",
            False,
            "Luật chỉ yêu cầu có hiểu biết pháp luật, không đòi hỏi bằng cử nhân luật.",
            (LUAT_HGCS, 7),
        ),
        (
            "single",
            "Tổ hòa giải được tổ chức ở đâu?",
            ["Thôn, tổ dân phố", "Ủy ban nhân dân huyện", "Tòa án nhân dân", "Phòng Tư pháp"],
            "Tổ hòa giải được thành lập ở thôn, tổ dân phố.",
            (LUAT_HGCS, 12),
        ),
        (
            "single",
            "Theo Kế hoạch của huyện Đại Lộc, cơ quan nào tổ chức tập huấn cho công chức Tư pháp - Hộ tịch và hòa giải "
            "viên cơ sở?",
            ["Phòng Tư pháp", "Phòng Nội vụ", "Phòng Văn hóa - Thông tin", "Thanh tra huyện"],
            "Kế hoạch giao Phòng Tư pháp phối hợp tổ chức hội nghị tập huấn cho đội ngũ này.",
            (None, None),
        ),
    ],
    "Hoạt động hòa giải": [
        (
            "multiple",
            "Hòa giải được tiến hành trong những trường hợp nào?",
            (
                [
                    "Một bên hoặc các bên yêu cầu hòa giải",
                    "Hòa giải viên chứng kiến hoặc biết vụ việc",
                    "Theo đề nghị của cơ quan, tổ chức, cá nhân có liên quan",
                ],
                ["Chỉ khi có quyết định của Tòa án"],
            ),
            "Có nhiều căn cứ để tiến hành hòa giải, không chỉ khi các bên yêu cầu.",
            (LUAT_HGCS, None),
        ),
        (
            "single",
            "Khi hòa giải không thành, hòa giải viên nên làm gì?",
            [
                "Hướng dẫn các bên đề nghị cơ quan có thẩm quyền giải quyết",
                "Buộc các bên ký biên bản hòa giải thành",
                "Tự xử phạt bên có lỗi",
                "Bỏ qua vụ việc, không ghi nhận",
            ],
            "Hòa giải viên hướng dẫn các bên đề nghị cơ quan có thẩm quyền giải quyết theo quy định.",
            (LUAT_HGCS, None),
        ),
        (
            "true_false",
            "Khi hòa giải thành, các bên tự nguyện thực hiện thỏa thuận đã đạt được.",
            True,
            "Hòa giải thành dựa trên sự tự nguyện của các bên.",
            (LUAT_HGCS, None),
        ),
        (
            "matching",
            "Ghép mỗi tình huống với cách xử lý phù hợp của hòa giải viên.",
            (
                [
                    ("Hai nhà tranh chấp lối đi chung", "Tiến hành hòa giải"),
                    (
                        "Một người bị tố cáo trộm cắp tài sản có giá trị lớn",
                        "Không hòa giải, báo cơ quan có thẩm quyền",
                    ),
                    ("Các bên không đạt được thỏa thuận", "Hướng dẫn đề nghị cơ quan có thẩm quyền giải quyết"),
                ],
                ["Tự ra quyết định xử phạt"],
            ),
            "Hòa giải viên chỉ hòa giải việc thuộc phạm vi hòa giải và không thay cơ quan có thẩm quyền.",
            (LUAT_HGCS, 3),
        ),
        (
            "single",
            "Trong buổi hòa giải, thái độ nào của hòa giải viên là đúng?",
            [
                "Khách quan, công bằng, có lý, có tình",
                "Bênh vực người quen",
                "Công khai chuyện đời tư của các bên để răn đe",
                "Quyết định nhanh để kết thúc sớm",
            ],
            "Khách quan, công bằng, kịp thời, có lý, có tình là nguyên tắc hòa giải.",
            (LUAT_HGCS, 4),
        ),
    ],
}


def _legal_documents() -> dict[str, LegalDocument]:
    documents = {}
    for number, title, issued, effective in LEGAL_DOCUMENTS:
        document, _created = LegalDocument.objects.get_or_create(
            number=number, defaults={"title": title, "issued_on": issued, "effective_from": effective}
        )
        documents[number] = document
    return documents


def _category(name: str, parent: QuestionCategory | None = None) -> QuestionCategory:
    category, _created = QuestionCategory.objects.get_or_create(name=name, parent=parent)
    return category


def _question(category: QuestionCategory, spec: tuple, documents: dict, number: int) -> Question:
    kind, text, answers, explanation, (law, article) = spec
    question = Question(
        category=category,
        name=f"{category.name[:60]} – câu {number}",
        kind=kind,
        text=f"<p>{text}</p>",
        explanation=f"<p>{explanation}</p>",
        legal_document=documents.get(law) if law else None,
        article=article,
    )
    if kind == "single":
        question.choices = [QuestionChoice(text=t, is_correct=i == 0, sort_order=i) for i, t in enumerate(answers)]
    elif kind == "multiple":
        rights, wrongs = answers
        question.choices = [
            QuestionChoice(text=t, is_correct=t in rights, sort_order=i) for i, t in enumerate([*rights, *wrongs])
        ]
    elif kind == "true_false":
        question.true_is_correct = answers
    else:
        pairs, extras = answers
        question.pairs = [
            MatchingPair(prompt=p, answer=a, sort_order=i)
            for i, (p, a) in enumerate([*pairs, *(("", e) for e in extras)])
        ]
    question.save()
    return question


def _bank(root_name: str, chapters: dict, documents: dict) -> QuestionCategory:
    root = _category(root_name)
    if Question.objects.filter(category__in=QuestionCategory.objects.filter(pk__in=root.subtree_ids())).exists():
        return root
    for chapter, specs in chapters.items():
        category = _category(chapter, root)
        for number, spec in enumerate(specs, start=1):
            _question(category, spec, documents, number)
    return root


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _course(index, *, title, slug, summary, objectives, audience, hours, lessons, legal, documents, quiz) -> CoursePage:
    course = CoursePage.objects.filter(slug=slug).first()
    if course is not None:
        return course
    course = CoursePage(
        title=title,
        slug=slug,
        summary=summary,
        objectives=objectives,
        audience=audience,
        estimated_hours=Decimal(hours),
        completion_rule=CompletionRule.LESSONS_AND_QUIZ,
    )
    course.legal_basis = [
        CourseLegalBasis(document=documents[number], articles=articles, sort_order=i)
        for i, (number, articles) in enumerate(legal)
    ]
    _publish(index, course)
    for spec in lessons:
        body = [
            (kind, {**value, "document": documents[value["document"]]} if kind == "legal_quote" else value)
            for kind, value in spec["body"]
        ]
        lesson = LessonPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=body,
            estimated_minutes=spec["minutes"],
            is_required=spec.get("is_required", True),
        )
        lesson.legal_basis = [
            LessonLegalBasis(document=documents[number], article=article, clause=clause, sort_order=i)
            for i, (number, article, clause) in enumerate(spec["legal"])
        ]
        _publish(course, lesson)
    category, count, minutes = quiz
    final = QuizPage(
        title="Bài kiểm tra cuối khóa",
        slug="kiem-tra-cuoi-khoa",
        intro=f"<p>{count} câu hỏi rút ngẫu nhiên từ ngân hàng câu hỏi, làm trong {minutes} phút. "
        "Đạt từ 70% số điểm trở lên. Anh/chị được làm tối đa 3 lượt; điểm cao nhất được tính.</p>",
        time_limit_minutes=minutes,
        max_attempts=3,
        pass_mark=Decimal(70),
        grading_method=GradingMethod.HIGHEST,
        review_policy=ReviewPolicy.EXPLANATIONS,
    )
    final.random_rules = [QuizRandomRule(category=category, count=count, include_subcategories=True)]
    _publish(course, final)
    course.final_quiz = final
    course.save_revision().publish()
    return course


def _course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(
            title="Khóa học trực tuyến",
            slug="khoa-hoc",
            show_in_menus=True,
            search_description="Học trực tuyến các quy định pháp luật về dân chủ ở cơ sở và hòa giải ở cơ sở.",
            intro="<p>Các khóa học về pháp luật dân chủ ở cơ sở dành cho cán bộ, công chức, viên chức, người hoạt "
            "động không chuyên trách và hòa giải viên. Học theo tiến độ của mình, làm bài kiểm tra để được ghi nhận "
            "hoàn thành.</p>",
        )
        _publish(HomePage.objects.first(), index)
    return index


def _editors_may_edit_the_bank() -> None:
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    for model in ("question", "questioncategory", "legaldocument"):
        for action in ("add", "change", "delete", "view"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="courses", codename=f"{action}_{model}")
            )


# Officials of the demo roster who get a login, and what they have done so far.
DEMO_LEARNERS = [
    ("hocvien", None, "Học viên – đã hoàn thành khóa Luật DCCS, đang học khóa Hòa giải"),
    ("hoagiai.daihiep", ("QNAM.DAILOC.DAIHIEP.T1", "Tổ trưởng tổ hòa giải"), "Học viên – hòa giải viên, đang làm bài"),
    ("tuphap.daian", ("QNAM.DAILOC.DAIAN", "Công chức Tư pháp - Hộ tịch"), "Học viên – chưa đạt bài kiểm tra"),
    ("chutich.daihoa", ("QNAM.DAILOC.DAIHOA", "Chủ tịch UBND"), "Học viên – mới đăng ký học"),
]


def _learner(username: str, roster: tuple[str, str] | None):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None or roster is None:
        return user
    unit_code, position = roster
    official = Official.objects.filter(unit__code=unit_code, position=position, user__isnull=True).first()
    if official is None:
        return None
    user = User.objects.create_user(username=username, email=f"{username}@example.vn", password=DEMO_PASSWORD)
    official.user = user
    official.email = user.email
    official.save()
    return user


def _answers(attempt: QuizAttempt, wrong: int) -> dict:
    """The form a learner would post: right answers, except the first `wrong` questions."""
    data: dict = {}
    for slot in attempt.questions.select_related("version").order_by("position"):
        version = slot.version.data
        right = slot.position > wrong
        if version["kind"] == "matching":
            for k, prompt in enumerate(slot.order["prompts"]):
                target = version["prompts"][prompt]["answer"]
                if not right:
                    target = (target + 1) % len(version["answers"])
                data[f"q{slot.position}_{k}"] = str(slot.order["answers"].index(target))
            continue
        chosen = [i for i, c in enumerate(version["choices"]) if (Decimal(c["fraction"]) > 0) == right]
        if version["kind"] != "multiple":
            chosen = chosen[:1]
        data[f"q{slot.position}"] = [str(slot.order["choices"].index(i)) for i in chosen]
    return data


def _progress(user, course: CoursePage, *, lessons: int, attempts: list[int | None]) -> None:
    """Mark the first lessons done and make attempts: a number of wrong answers each, None for one left open."""
    if QuizAttempt.objects.filter(user=user, quiz__in=QuizPage.objects.child_of(course)).exists():
        return
    services.enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.child_of(course).live().order_by("path")[:lessons]:
        services.lesson_complete(user=user, lesson=lesson)
    quiz = course.final_quiz
    for wrong in attempts:
        attempt = services.attempt_start(user=user, quiz=quiz)
        if wrong is None:
            answers = _answers(attempt, 0)
            for position in (1, 2, 3):
                values = {"": answers.get(f"q{position}", [])}
                services.attempt_save_answer(user=user, attempt_id=attempt.pk, position=position, values=values)
            continue
        services.attempt_submit(user=user, attempt_id=attempt.pk, data=_answers(attempt, wrong))


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    if HomePage.objects.first() is None:
        return []
    documents = _legal_documents()
    _editors_may_edit_the_bank()
    dccs_bank = _bank("Luật Thực hiện dân chủ ở cơ sở", DCCS_QUESTIONS, documents)
    hgcs_bank = _bank("Hòa giải ở cơ sở", HGCS_QUESTIONS, documents)
    index = _course_index()
    dccs = _course(
        index,
        title="Luật Thực hiện dân chủ ở cơ sở năm 2022",
        slug="luat-thuc-hien-dan-chu-o-co-so",
        summary=DCCS_SUMMARY,
        objectives=DCCS_OBJECTIVES,
        audience=["can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"],
        hours="4",
        lessons=DCCS_LESSONS,
        legal=[(LUAT_DCCS, "Điều 1, 2, 11, 15, 25, 30"), (ND_59, ""), (ND_61, "")],
        documents=documents,
        quiz=(dccs_bank, 20, 30),
    )
    hgcs = _course(
        index,
        title="Hòa giải ở cơ sở",
        slug="hoa-giai-o-co-so",
        summary=HGCS_SUMMARY,
        objectives="<ul><li>Nắm vững phạm vi và nguyên tắc hòa giải ở cơ sở.</li>"
        "<li>Biết tiêu chuẩn hòa giải viên, tổ chức tổ hòa giải và các bước tiến hành hòa giải.</li></ul>",
        audience=["hoa_giai_vien", "cong_chuc"],
        hours="2",
        lessons=HGCS_LESSONS,
        legal=[(LUAT_HGCS, "Điều 2, 3, 4, 7, 12")],
        documents=documents,
        quiz=(hgcs_bank, 10, 20),
    )
    logins = []
    plans = {
        "hocvien": [(dccs, 5, [8, 2]), (hgcs, 1, [])],
        "hoagiai.daihiep": [(hgcs, 3, [None])],
        "tuphap.daian": [(dccs, 3, [12]), (hgcs, 0, [])],
        "chutich.daihoa": [(dccs, 0, [])],
    }
    for username, roster, label in DEMO_LEARNERS:
        user = _learner(username, roster)
        if user is None:
            continue
        for course, lessons, attempts in plans[username]:
            _progress(user, course, lessons=lessons, attempts=attempts)
        if roster is not None:
            logins.append((username, label))
    if stdout:
        stdout.write(
            f"Khóa học: {CoursePage.objects.count()} · Bài học: {LessonPage.objects.count()} · "
            f"Câu hỏi: {Question.objects.count()} · Lượt làm bài: {QuizAttempt.objects.count()}"
        )
    return logins
