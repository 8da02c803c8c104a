"""Who may see and change what: the one place that turns a user into the units and offices they reach.

Results are cached on the user object, which lives for one request.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

EDITORS_GROUP = "Biên tập viên"


def _cached(user, attr: str, compute):
    if not hasattr(user, attr):
        setattr(user, attr, compute())
    return getattr(user, attr)


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_editor(user) -> bool:
    if not user.is_authenticated:
        return False
    return _cached(user, "_lms_is_editor", lambda: user.groups.filter(name=EDITORS_GROUP).exists())


def _assigned_unit_ids(user, role: str) -> frozenset[int]:
    from units.models import RoleAssignment

    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return frozenset()
    return _cached(
        user,
        f"_lms_assigned_{role}",
        lambda: frozenset(RoleAssignment.objects.filter(user=user, role=role).values_list("unit_id", flat=True)),
    )


def coordinated_unit_ids(user) -> frozenset[int]:
    """Units the user coordinates, with all their descendants."""
    from units.models import Role, Unit

    assigned = _assigned_unit_ids(user, Role.COORDINATOR)
    if not assigned:
        return frozenset()

    def compute():
        roots = Unit.objects.filter(pk__in=assigned).only("path")
        return frozenset(with_predecessors(set(Unit.objects.subtree_of(roots).values_list("pk", flat=True))))

    return _cached(user, "_lms_coordinated_ids", compute)


def with_predecessors(unit_ids: set[int]) -> set[int]:
    """The units and every unit they succeeded: a new commune keeps its predecessors' history."""
    from units.models import UnitSuccession

    seen = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = (
            set(UnitSuccession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True))
            - seen
        )
        seen |= frontier
    return seen


def organised_office_ids(user) -> frozenset[int]:
    """Organising offices the user works for."""
    from units.models import Role

    return _assigned_unit_ids(user, Role.ORGANISER)


def is_coordinator(user) -> bool:
    return bool(_assigned_unit_ids(user, "coordinator"))


def is_organiser(user) -> bool:
    return bool(organised_office_ids(user))


def is_staff_of_any_kind(user) -> bool:
    return is_administrator(user) or is_coordinator(user) or is_organiser(user)


def sees_all_officials(user) -> bool:
    """Organisers compile lists across units, so they read every roster; they do not edit them."""
    return is_administrator(user) or is_organiser(user)


def coordinators_of(unit):
    """Active users who coordinate the unit, directly or through one of its ancestors."""
    from django.contrib.auth import get_user_model

    from units.models import Role

    ancestor_ids = [unit.pk, *unit.get_ancestors().values_list("pk", flat=True)]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__role=Role.COORDINATOR, role_assignments__unit_id__in=ancestor_ids
        )
        .distinct()
    )
