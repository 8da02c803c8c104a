"""Names of the class actions in the audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_training_log_actions(actions):
    actions.register_action("training.class.status", _("Class status changed"), _("Status changed"))
    actions.register_action("training.class.deadline", _("Nomination deadline extended"), _("Deadline extended"))
    actions.register_action("training.quota", _("Quota changed"), _("Quota changed"))
    actions.register_action("training.nomination.create", _("Official nominated"), _("Nominated"))
    actions.register_action("training.nomination.withdraw", _("Nomination withdrawn"), _("Withdrawn"))
    actions.register_action("training.nomination.substitute", _("Nominee substituted"), _("Substituted"))
    actions.register_action("training.nomination.approved", _("Nomination approved"), _("Approved"))
    actions.register_action("training.nomination.rejected", _("Nomination rejected"), _("Rejected"))
    actions.register_action("training.attendance", _("Attendance marked"), _("Attendance"))
    actions.register_action("training.attendance.check_in", _("Self check-in"), _("Checked in"))
