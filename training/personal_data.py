"""What the classes hold about a person: nominations, attendance and results, for their profile page."""

from django.utils.translation import gettext_lazy as _

from training.models import Attendance, ClassResult, Nomination


def nominations(user) -> list[dict]:
    return [
        {
            str(_("Class")): n.training_class.name,
            str(_("Unit")): n.unit.name,
            str(_("Status")): n.get_status_display(),
            str(_("Reason")): n.reason,
            str(_("Date")): n.created_at.strftime("%d/%m/%Y"),
        }
        for n in Nomination.objects.filter(official__user=user).select_related("training_class", "unit")
    ]


def attendance(user) -> list[dict]:
    return [
        {
            str(_("Class")): a.session.training_class.name,
            str(_("Session")): str(a.session),
            str(_("Status")): a.get_status_display(),
            str(_("Reason")): a.reason,
        }
        for a in Attendance.objects.filter(nomination__official__user=user).select_related("session__training_class")
    ]


def results(user) -> list[dict]:
    return [
        {
            str(_("Class")): r.training_class.name,
            str(_("Attendance (%)")): str(r.attendance_percent),
            str(_("Quiz score (%)")): "" if r.quiz_score is None else str(r.quiz_score),
            str(_("Completed")): str(_("yes") if r.completed else _("no")),
        }
        for r in ClassResult.objects.filter(nomination__official__user=user).select_related("training_class")
    ]
