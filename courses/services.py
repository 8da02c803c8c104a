"""Writes of learning: enrolment, lesson progress, quiz attempts (start, save, submit, close) and completion."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses import grading, queries
from courses.models import (
    AttemptQuestion,
    AttemptStatus,
    CloseReason,
    CoursePage,
    Enrolment,
    EnrolmentSource,
    LessonPage,
    LessonProgress,
    Question,
    QuestionCategory,
    QuestionVersion,
    QuizAttempt,
    QuizFixedQuestion,
    QuizPage,
    QuizRandomRule,
)
from lms import completion

FIELD_RE = re.compile(r"^q(\d+)(?:_(\d+))?$")
_rng = random.SystemRandom()


def _official_id_of(user) -> int | None:
    from units.models import Official

    return Official.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()


def _course_of(page: Page) -> CoursePage:
    return CoursePage.objects.get(path=page.path[: -Page.steplen])


@transaction.atomic
def enrolment_create(*, user, course: CoursePage, source: str = EnrolmentSource.SELF) -> Enrolment:
    """Enrol a user in a course; enrolling again returns the existing enrolment unchanged."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course, official_id=_official_id_of(user), source=source)
    except IntegrityError:
        # Two requests enrolled the same user at once: the other one won.
        return Enrolment.objects.get(user=user, course=course)


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_for_update(of=("self",)).select_related("course", "user").get(pk=enrolment_id)


def _record_completion_if_met(enrolment: Enrolment, now: datetime.datetime) -> bool:
    """Record the completion date once, inside the caller's transaction, and tell the apps that build on it."""
    if enrolment.completed_at:
        return False
    progress = queries.progress_for(user=enrolment.user, courses=[enrolment.course], enrolments=[enrolment])
    if not progress[enrolment.course_id].rule_met:
        return False
    enrolment.completed_at = now
    enrolment.save(update_fields=["completed_at"])
    completion.completed(
        kind="course",
        object_id=enrolment.course_id,
        official_id=_official_id_of(enrolment.user) or enrolment.official_id,
        user_id=enrolment.user_id,
    )
    return True


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Mark a lesson done ("Đã học xong"), enrolling the learner if needed; repeating it changes nothing."""
    if not lesson.live:
        raise ValidationError(_("This lesson is not published."))
    enrolment = enrolment_create(user=user, course=_course_of(lesson))
    enrolment = _lock_enrolment(enrolment.pk)
    progress, created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if created:
        _record_completion_if_met(enrolment, timezone.now())
    return progress


def _local(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _draw(quiz: QuizPage) -> list[QuestionVersion]:
    """Fixed questions, then N random ones per rule, each question at most once, retired ones left out."""
    chosen: list[int] = [
        row.question_id
        for row in QuizFixedQuestion.objects.filter(page=quiz, question__is_retired=False).order_by("sort_order", "pk")
    ]
    rules = list(QuizRandomRule.objects.filter(page=quiz).select_related("category").order_by("sort_order", "pk"))
    tree: dict[int | None, list[int]] | None = None
    for rule in rules:
        category_ids = {rule.category_id}
        if rule.include_subcategories:
            if tree is None:
                tree = {}
                for pk, parent_id in QuestionCategory.objects.values_list("pk", "parent_id"):
                    tree.setdefault(parent_id, []).append(pk)
            frontier = [rule.category_id]
            while frontier:
                frontier = [c for pk in frontier for c in tree.get(pk, [])]
                category_ids.update(frontier)
        pool = list(
            Question.objects.active()
            .in_categories(category_ids)
            .exclude(pk__in=chosen)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(pool) < rule.count:
            raise ValidationError(
                _("The category %(category)s has only %(available)s questions left for %(wanted)s to draw.")
                % {"category": rule.category, "available": len(pool), "wanted": rule.count}
            )
        chosen.extend(_rng.sample(pool, rule.count))
    if quiz.shuffle_questions:
        _rng.shuffle(chosen)
    current = Question.objects.filter(pk__in=chosen).values("current_version_id")
    versions = {v.question_id: v for v in QuestionVersion.objects.filter(pk__in=current)}
    missing = [pk for pk in chosen if pk not in versions]
    if missing:
        from courses.versions import version_sync

        for question in Question.objects.filter(pk__in=missing):
            versions[question.pk] = version_sync(question)
    return [versions[pk] for pk in chosen]


def _display_order(data: Mapping, shuffle: bool) -> dict:
    shown, answers = grading.display_counts(data)
    if data["kind"] == grading.MATCHING:
        prompts, options = list(range(shown)), list(range(answers))
        if shuffle:
            _rng.shuffle(prompts)
        # Answers are always shuffled: in the stored order the n-th answer often belongs to the n-th item.
        _rng.shuffle(options)
        return {"prompts": prompts, "answers": options}
    order = list(range(shown))
    if shuffle and data["kind"] != grading.TRUE_FALSE:
        _rng.shuffle(order)
    return {"choices": order}


def _deadline(quiz: QuizPage, now: datetime.datetime) -> datetime.datetime:
    candidates = [now + datetime.timedelta(hours=settings.LMS_ATTEMPT_MAX_HOURS)]
    if quiz.time_limit_minutes:
        candidates.append(now + datetime.timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        candidates.append(quiz.closes_at)
    return min(candidates)


@transaction.atomic
def attempt_start(*, user, quiz: QuizPage) -> QuizAttempt:
    """Start an attempt, or return the one already open: questions and orders are drawn and frozen now."""
    now = timezone.now()
    if not quiz.live:
        raise ValidationError(_("This quiz is not published."))
    enrolment = enrolment_create(user=user, course=_course_of(quiz))
    enrolment = _lock_enrolment(enrolment.pk)
    attempts = list(QuizAttempt.objects.select_for_update().filter(quiz=quiz, user=user))
    for attempt in attempts:
        if attempt.is_open:
            if now <= attempt.deadline + settings.LMS_QUIZ_GRACE:
                return attempt
            _grade(attempt, enrolment, CloseReason.ABANDONED, now)
    if quiz.opens_at and now < quiz.opens_at:
        raise ValidationError(_("This quiz opens at %(time)s.") % {"time": _local(quiz.opens_at)})
    if quiz.closes_at and now >= quiz.closes_at:
        raise ValidationError(_("This quiz closed at %(time)s.") % {"time": _local(quiz.closes_at)})
    if quiz.max_attempts and len(attempts) >= quiz.max_attempts:
        raise ValidationError(_("You have used all %(count)s attempts at this quiz.") % {"count": quiz.max_attempts})
    versions = _draw(quiz)
    if not versions:
        raise ValidationError(_("This quiz has no questions yet."))
    marks = [Decimal(v.data["mark"]) for v in versions]
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        enrolment=enrolment,
        number=max((a.number for a in attempts), default=0) + 1,
        started_at=now,
        deadline=_deadline(quiz, now),
        pass_mark=quiz.pass_mark,
        max_score=sum(marks, Decimal(0)),
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            version=version,
            order=_display_order(version.data, quiz.shuffle_choices),
            max_score=mark,
        )
        for position, (version, mark) in enumerate(zip(versions, marks, strict=True), start=1)
    )
    return attempt


def _is_late(attempt: QuizAttempt, now: datetime.datetime) -> bool:
    return now > attempt.deadline + settings.LMS_QUIZ_GRACE


def form_values(data: Mapping) -> dict[int, dict[str, list[str]]]:
    """Group posted fields "q<position>" and "q<position>_<item>" by question position."""
    grouped: dict[int, dict[str, list[str]]] = {}

    def getlist(key):
        if hasattr(data, "getlist"):
            return data.getlist(key)
        value = data[key]
        return list(value) if isinstance(value, list | tuple) else [value]

    for key in data:
        match = FIELD_RE.match(key)
        if match:
            grouped.setdefault(int(match.group(1)), {})[match.group(2) or ""] = list(getlist(key))
    return grouped


def attempt_save_answer(*, user, attempt_id: int, position: int, values: Mapping[str, Sequence[str]]) -> None:
    """Save the answer to one question as it is given: one small read and one small write."""
    now = timezone.now()
    refused: ValidationError | None = None
    # No savepoint: this is the hot path of a quiz. A refusal is raised only after the block ends, so that
    # it never marks an enclosing transaction as broken.
    with transaction.atomic(savepoint=False):
        slot = (
            AttemptQuestion.objects.select_for_update(of=("attempt",))
            .select_related("attempt", "version")
            .only(
                "pk",
                "order",
                "attempt",
                "version",
                "version__data",
                "attempt__status",
                "attempt__deadline",
                "attempt__user_id",
            )
            .filter(attempt_id=attempt_id, attempt__user=user, position=position)
            .first()
        )
        try:
            if slot is None:
                raise ValidationError(_("This question is not part of this attempt."), code="not_in_attempt")
            _check_open(slot.attempt, now)
            response = grading.response_from_form(slot.version.data, slot.order, values)
        except ValidationError as error:
            refused = error
        else:
            AttemptQuestion.objects.filter(pk=slot.pk).update(response=response, saved_at=now)
    if refused is not None:
        raise refused


def _check_open(attempt: QuizAttempt, now: datetime.datetime) -> None:
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ValidationError(_("This attempt has been submitted; its answers can no longer change."), code="closed")
    if _is_late(attempt, now):
        raise ValidationError(_("Time is up: answers can no longer be saved."), code="late")


def _shown_positions(data: Mapping) -> set[int]:
    """Positions the posted form showed ("shown" fields, one per question the page could still change)."""
    raw = data.getlist("shown") if hasattr(data, "getlist") else data.get("shown", [])
    raw = [raw] if isinstance(raw, str | int) else raw
    return {int(value) for value in raw if str(value).isdigit()}


def _apply_form(slots: Sequence[AttemptQuestion], data: Mapping, now: datetime.datetime) -> list[AttemptQuestion]:
    """Set the responses of the questions a posted form showed or answered; refuse answers to questions not drawn.

    A question the form neither showed nor answered keeps its saved answer: a submission from a stale tab, or
    from a page whose questions were disabled, must not erase what the autosave acknowledged.
    """
    grouped = form_values(data)
    by_position = {slot.position: slot for slot in slots}
    strangers = sorted(set(grouped) - set(by_position))
    if strangers:
        raise ValidationError(_("This question is not part of this attempt."), code="not_in_attempt")
    changed = []
    posted = set(grouped) | _shown_positions(data)
    for position, slot in by_position.items():
        if position not in posted:
            continue
        response = grading.response_from_form(slot.version.data, slot.order, grouped.get(position, {}))
        if response != slot.response:
            slot.response, slot.saved_at = response, now
            changed.append(slot)
    return changed


def _locked_attempt(*, user, attempt_id: int) -> QuizAttempt:
    """Lock the enrolment, then the attempt: every writer takes them in this order, so none deadlocks."""
    enrolments = Enrolment.objects.select_for_update(of=("self",)).select_related("course", "user")
    if user is not None:
        enrolments = enrolments.filter(user=user)
    enrolment = enrolments.filter(attempts__pk=attempt_id).first()
    if enrolment is None:
        raise Http404
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt_id)
    attempt.enrolment = enrolment
    return attempt


@transaction.atomic
def attempt_save_answers(*, user, attempt_id: int, data: Mapping) -> int:
    """Save a whole posted attempt form (the page without JavaScript); returns how many answers changed."""
    now = timezone.now()
    attempt = _locked_attempt(user=user, attempt_id=attempt_id)
    _check_open(attempt, now)
    slots = list(attempt.questions.select_related("version"))
    changed = _apply_form(slots, data, now)
    AttemptQuestion.objects.bulk_update(changed, ["response", "saved_at"])
    return len(changed)


@dataclass(frozen=True)
class SubmitOutcome:
    attempt: QuizAttempt
    graded_now: bool  # False when the attempt was already graded: a repeated submission changes nothing
    late: bool  # True when the submission came after the deadline and its answers were refused


@transaction.atomic
def attempt_submit(*, user, attempt_id: int, data: Mapping | None = None) -> SubmitOutcome:
    """Grade an attempt once. Answers sent with a late submission are refused; what was saved is graded."""
    now = timezone.now()
    attempt = _locked_attempt(user=user, attempt_id=attempt_id)
    if not attempt.is_open:
        return SubmitOutcome(attempt, graded_now=False, late=False)
    late = _is_late(attempt, now)
    slots = list(attempt.questions.select_related("version"))
    changed = [] if late or data is None else _apply_form(slots, data, now)
    reason = CloseReason.LATE if late else CloseReason.SUBMITTED
    _grade(attempt, attempt.enrolment, reason, now, slots=slots, changed=changed)
    return SubmitOutcome(attempt, graded_now=True, late=late)


@transaction.atomic
def attempt_close_overdue(*, attempt_id: int) -> bool:
    """Close and grade an attempt left open past its deadline; False when it was closed already."""
    now = timezone.now()
    try:
        attempt = _locked_attempt(user=None, attempt_id=attempt_id)
    except Http404:
        return False
    if not attempt.is_open or not _is_late(attempt, now):
        return False
    _grade(attempt, attempt.enrolment, CloseReason.ABANDONED, now)
    return True


def _grade(
    attempt: QuizAttempt,
    enrolment: Enrolment,
    reason: str,
    now: datetime.datetime,
    *,
    slots: Sequence[AttemptQuestion] | None = None,
    changed: Sequence[AttemptQuestion] = (),
) -> None:
    if slots is None:
        slots = list(attempt.questions.select_related("version"))
    total = Decimal(0)
    for slot in slots:
        slot.score = grading.score_fraction(slot.version.data, slot.response) * slot.max_score
        total += slot.score
    AttemptQuestion.objects.bulk_update(slots, ["response", "saved_at", "score"] if changed else ["score"])
    attempt.status = AttemptStatus.GRADED
    attempt.close_reason = reason
    attempt.submitted_at = now
    attempt.score = total
    attempt.percent = grading.percent(total, attempt.max_score)
    attempt.passed = attempt.percent >= attempt.pass_mark
    attempt.save(update_fields=["status", "close_reason", "submitted_at", "score", "percent", "passed"])
    _record_completion_if_met(enrolment, now)
