"""Template context: the current user's roles (computed only when a template asks) and account settings."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from lms import cache
from units import access


def nav_roles(user) -> dict[str, bool]:
    """The roles the menu shows, cached per user until a role or group changes (units.signals bumps "roles")."""

    def compute():
        return {
            "admin": access.is_administrator(user),
            "coordinator": access.is_coordinator(user),
            "organiser": access.is_organiser(user),
            "editor": access.is_editor(user) or access.is_administrator(user),
            "learner": user.is_authenticated,
        }

    if not user.is_authenticated:
        return compute()
    return cache.remember(f"nav-roles:{user.pk}:{user.is_superuser}:{cache.version('roles')}", compute)


def roles(request):
    user = request.user

    def compute():
        return nav_roles(user)

    def unread():
        from lms.notifications import unread_count

        return unread_count(user) if user.is_authenticated else 0

    return {
        "lms_roles": SimpleLazyObject(compute),
        "unread_notices": SimpleLazyObject(unread),
        "open_signup": settings.LMS_OPEN_SIGNUP,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
