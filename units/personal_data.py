"""What the site holds about a person, gathered section by section for their profile page and download.

Each app registers a provider: a function of the user returning a list of rows (dicts of label → value).
Higher apps (courses, training, certificates) add theirs in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

Provider = Callable[[object], list[dict]]
_providers: list[tuple[str, object, Provider]] = []


def register(key: str, title, provider: Provider) -> None:
    if key not in {k for k, _t, _p in _providers}:
        _providers.append((key, title, provider))


def collect(user) -> list[dict]:
    """Sections in registration order: {"key", "title", "rows"}."""
    return [{"key": key, "title": str(title), "rows": provider(user)} for key, title, provider in _providers]


def _account(user) -> list[dict]:
    return [
        {
            str(_("Username")): user.username,
            str(_("Email")): user.email,
            str(_("Joined")): user.date_joined.strftime("%d/%m/%Y %H:%M"),
            str(_("Last login")): user.last_login.strftime("%d/%m/%Y %H:%M") if user.last_login else "",
        }
    ]


def _official(user) -> list[dict]:
    from units.models import Official

    official = Official.objects.filter(user=user).select_related("unit").first()
    if official is None:
        return []
    return [
        {
            str(_("Full name")): official.full_name,
            str(_("Sex")): official.get_sex_display(),
            str(_("Year of birth")): official.birth_year,
            str(_("Date of birth")): official.birth_date.strftime("%d/%m/%Y") if official.birth_date else "",
            str(_("Position")): official.position,
            str(_("Personnel category")): official.get_category_display(),
            str(_("Unit")): official.unit.name,
            str(_("Email")): official.email,
            str(_("Phone")): official.phone,
        }
    ]


def _memberships(user) -> list[dict]:
    from units.models import Membership

    return [
        {
            str(_("Unit")): m.unit.name,
            str(_("Position")): m.position,
            str(_("From")): m.start_date.strftime("%d/%m/%Y"),
            str(_("Until")): m.end_date.strftime("%d/%m/%Y") if m.end_date else "",
        }
        for m in Membership.objects.filter(official__user=user).select_related("unit")
    ]


def _consents(user) -> list[dict]:
    return [
        {str(_("Notice version")): c.notice_version, str(_("Accepted at")): c.accepted_at.strftime("%d/%m/%Y %H:%M")}
        for c in user.consents.all()
    ]


def _corrections(user) -> list[dict]:
    from units.models import CorrectionRequest

    return [
        {
            str(_("Sent")): c.created_at.strftime("%d/%m/%Y %H:%M"),
            str(_("Request")): c.message,
            str(_("Resolved")): c.resolved_at.strftime("%d/%m/%Y %H:%M") if c.resolved_at else "",
        }
        for c in CorrectionRequest.objects.filter(official__user=user)
    ]


def _roles(user) -> list[dict]:
    return [
        {str(_("Role")): a.get_role_display(), str(_("Unit")): a.unit.name}
        for a in user.role_assignments.select_related("unit")
    ]


def register_defaults() -> None:
    register("account", _("Account"), _account)
    register("official", _("Official record"), _official)
    register("memberships", _("Unit memberships"), _memberships)
    register("roles", _("Roles"), _roles)
    register("consents", _("Personal-data notice accepted"), _consents)
    register("corrections", _("Correction requests"), _corrections)
