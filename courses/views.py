"""Learner-facing views: enrolling, marking lessons done, taking quizzes, "Khóa học của tôi" and search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from courses import queries, services
from courses.forms import REVIEW_LEVELS, SearchForm, slot_view
from courses.models import CoursePage, LessonPage, QuizAttempt, QuizPage
from lms import vietnamese

SEARCH_PAGE_SIZE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def course_enrol(request, course: CoursePage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    services.enrolment_create(user=request.user, course=course)
    messages.success(request, _("You are enrolled in this course."))
    return redirect(course.get_url(request))


def lesson_mark_done(request, lesson: LessonPage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(lesson.get_url(request))
    messages.success(request, _("“%(title)s” is marked as done.") % {"title": lesson.title})
    following = (
        Page.objects.live()
        .filter(path__startswith=lesson.path[: -Page.steplen], depth=lesson.depth, path__gt=lesson.path)
        .order_by("path")
        .first()
    )
    return redirect((following or lesson).get_url(request))


def quiz_intro(request, quiz: QuizPage):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    standing = queries.cached_attempts_for_quiz(user=request.user, quiz=quiz)
    now = timezone.now()
    return quiz.render(
        request,
        template="courses/quiz_page.html",
        context_overrides={
            "standing": standing,
            "not_open_yet": bool(quiz.opens_at and now < quiz.opens_at),
            "closed": bool(quiz.closes_at and now >= quiz.closes_at),
            "question_count": queries.question_count(quiz),
        },
    )


def quiz_start(request, quiz: QuizPage):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(quiz.get_url(request))
    return redirect(quiz.get_url(request) + quiz.reverse_subpage("attempt_view", args=[attempt.pk]))


def _attempt_or_404(request, quiz: QuizPage, attempt_id: int) -> QuizAttempt:
    return get_object_or_404(QuizAttempt.objects.for_learner(request.user), pk=attempt_id, quiz=quiz)


def quiz_attempt(request, quiz: QuizPage, attempt_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _attempt_or_404(request, quiz, attempt_id)
    here = quiz.get_url(request) + quiz.reverse_subpage("attempt_view", args=[attempt.pk])
    result = quiz.get_url(request) + quiz.reverse_subpage("result_view", args=[attempt.pk])
    if request.method == "POST":
        if request.POST.get("action") == "submit":
            try:
                outcome = services.attempt_submit(user=request.user, attempt_id=attempt.pk, data=request.POST)
            except ValidationError as error:
                messages.error(request, _error_text(error))
                return redirect(here)
            if outcome.late:
                messages.warning(
                    request,
                    _("The time was up when the submission arrived: it was refused and the saved answers were graded."),
                )
            return redirect(result)
        try:
            services.attempt_save_answers(user=request.user, attempt_id=attempt.pk, data=request.POST)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your answers are saved."))
        return redirect(here)
    if not attempt.is_open:
        return redirect(result)
    now = timezone.now()
    slots = [slot_view(slot) for slot in attempt.questions.select_related("version")]
    return quiz.render(
        request,
        template="courses/quiz_attempt.html",
        context_overrides={
            "attempt": attempt,
            "slots": slots,
            "time_is_up": now > attempt.deadline,
            "now": now,
            "action_url": here,
        },
    )


def quiz_result(request, quiz: QuizPage, attempt_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = _attempt_or_404(request, quiz, attempt_id)
    if attempt.is_open:
        return redirect(quiz.get_url(request) + quiz.reverse_subpage("attempt_view", args=[attempt.pk]))
    level = REVIEW_LEVELS[quiz.review_policy]
    slots = [slot_view(s, review_level=level) for s in attempt.questions.select_related("version")] if level else []
    standing = queries.attempts_for_quiz(user=request.user, quiz=quiz)
    return quiz.render(
        request,
        template="courses/quiz_result.html",
        context_overrides={"attempt": attempt, "slots": slots, "review_level": level, "standing": standing},
    )


@require_POST
def quiz_autosave(request, attempt_id: int):
    """Save one answer as it is given (JSON for the page's script): one read and one write."""
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "error": _("Please sign in again.")}, status=401)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return JsonResponse({"ok": False, "error": _("This question is not part of this attempt.")}, status=400)
    values = services.form_values(request.POST).get(position, {})
    try:
        services.attempt_save_answer(user=request.user, attempt_id=attempt_id, position=position, values=values)
    except ValidationError as error:
        status = 409 if error.code in {"closed", "late"} else 400
        return JsonResponse({"ok": False, "error": _error_text(error)}, status=status)
    return JsonResponse({"ok": True})


@login_required
@require_GET
def my_courses(request):
    return render(request, "courses/my_courses.html", {"rows": queries.my_courses(user=request.user)})


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if query:
        # The pages index a copy of their text without diacritics; the query is stripped the same way,
        # so "dan chu" and "dân chủ" both find "dân chủ" on SQLite and PostgreSQL alike.
        results = (
            Page.objects.live()
            .public()
            .type(CoursePage, LessonPage)
            .specific()
            .search(vietnamese.strip_diacritics(query), operator="and")
        )
        page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "courses/search.html", {"form": form, "query": query, "page": page})
