"""What a course certificate certifies: an online course completed, issued by the course's office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import CoursePage
from courses.queries import course_result


def describe(source_id: int, official) -> dict:
    course = CoursePage.objects.select_related("certificate_office").filter(pk=source_id).first()
    if course is None:
        raise ValidationError(_("This course no longer exists."))
    if course.certificate_office is None:
        raise ValidationError(
            _("The course %(title)s names no office issuing its certificates.") % {"title": course.title}
        )
    result = course_result(user=official.user, course=course) if official.user_id else None
    if result is None or not result.completed:
        raise ValidationError(
            _("%(name)s did not complete the course %(title)s.") % {"name": official.full_name, "title": course.title}
        )
    enrolment = course.enrolments.filter(user_id=official.user_id).first()
    result_text = "Hoàn thành khóa học trực tuyến"
    if result.score is not None:
        result_text += f"; điểm kiểm tra cuối khóa {result.score:.0f}%"
    return {
        "office": course.certificate_office,
        "title": course.title,
        "start_date": timezone.localdate(enrolment.enrolled_at) if enrolment else None,
        "end_date": timezone.localdate(result.completed_at) if result.completed_at else None,
        "result_text": result_text,
    }


def choices(user) -> list[tuple[int, str]]:
    from units import access

    courses = CoursePage.objects.live().filter(certificate_office__isnull=False)
    if not access.is_administrator(user):
        courses = courses.filter(certificate_office_id__in=access.organised_office_ids(user))
    return list(courses.values_list("pk", "title"))


def register() -> None:
    from certificates import sources

    sources.register("course", describe, choices=choices, label=gettext_lazy("Online course"))
