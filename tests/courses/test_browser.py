"""In Debian's Chromium: a learner reads a lesson, marks it done, takes the quiz, reloads mid-attempt, submits."""

import os

import pytest
from django.db import connections

from tests.courses import factories
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        page.set_default_timeout(15_000)
        yield page
        browser.close()
        # Inside Playwright's event loop Django keeps a separate connection for this thread: close it here,
        # or the PostgreSQL test database cannot be dropped at the end of the run.
        connections.close_all()


def test_learner_takes_a_lesson_and_the_quiz_and_a_reload_keeps_the_answers(live_server, browser_page):
    unit = UnitFactory(name="Thị trấn Ái Nghĩa")
    user = UserFactory(username="hocvien.trinhduyet")
    OfficialFactory(unit=unit, full_name="Huỳnh Thị Ngọc Ân", user=user)
    course = factories.make_course("Luật Thực hiện dân chủ ở cơ sở năm 2022")
    lesson = factories.make_lesson(
        course, "Những nội dung công khai", text="Điều 11 quy định những nội dung công khai."
    )
    category = factories.make_category("Câu hỏi thử")
    questions = [factories.make_question(category, text=f"Câu hỏi số {n}?") for n in range(1, 4)]
    quiz = factories.make_quiz(course, questions=questions, title="Bài kiểm tra cuối khóa", time_limit_minutes=30)
    page = browser_page

    page.goto(live_server.url + "/tai-khoan/login/")
    page.fill("input[name=login]", "hocvien.trinhduyet")
    page.fill("input[name=password]", "pw-Test-2026")
    page.click("form[action='/tai-khoan/login/'] button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + lesson.url)
    assert page.locator("h1").inner_text() == "Những nội dung công khai"
    assert "Điều 11 quy định" in page.content()
    page.get_by_role("button", name="Đã học xong").click()
    page.wait_for_url(live_server.url + quiz.url)
    assert "Đã ghi nhận anh/chị học xong bài “Những nội dung công khai”" in page.content()

    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_selector("#attempt-form")
    page.locator("#countdown", has_text="Thời gian còn lại").wait_for()
    first = page.locator("fieldset[data-position='1']")
    first.get_by_label("Đáp án đúng").check()
    first.locator(".save-status", has_text="Đã lưu").wait_for()
    second = page.locator("fieldset[data-position='2']")
    second.get_by_label("Sai một").check()
    second.locator(".save-status", has_text="Đã lưu").wait_for()

    page.reload()
    page.wait_for_selector("#attempt-form")
    assert page.locator("fieldset[data-position='1']").get_by_label("Đáp án đúng").is_checked()
    assert page.locator("fieldset[data-position='2']").get_by_label("Sai một").is_checked()
    assert not page.locator("fieldset[data-position='3'] input:checked").count()

    page.locator("fieldset[data-position='2']").get_by_label("Đáp án đúng").check()
    page.locator("fieldset[data-position='3']").get_by_label("Đáp án đúng").check()
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_selector(".result-score")
    assert page.locator(".result-score").inner_text().startswith("100%")
    assert "Đạt" in page.locator(".result-score").inner_text()
    assert page.get_by_role("heading", name="Xem lại").is_visible()

    page.goto(live_server.url + "/khoa-hoc-cua-toi/")
    row = page.locator("table tbody tr").first
    assert "Luật Thực hiện dân chủ ở cơ sở năm 2022" in row.inner_text()
    assert "1 lượt làm bài" in row.inner_text()
    assert "Đã hoàn thành" in row.inner_text()
