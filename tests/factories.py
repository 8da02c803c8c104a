"""Factories for the test suite: units in the tree, officials, users and roles."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from units.models import Official, PersonnelCategory, Role, RoleAssignment, Sex, Unit, UnitType
from units.services import consent_accept


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    unit_type = UnitType.COMMUNE

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        # Units live in a treebeard tree: they are added under a parent or as a root.
        if parent is not None:
            return parent.add_child(**kwargs)
        return model_class.add_root(**kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "pw-Test-2026")

    @factory.post_generation
    def consented(self, create, extracted, **kwargs):
        # Most tests are not about the personal-data notice: accept it unless told otherwise.
        self.save()
        if create and extracted is not False:
            consent_accept(user=self)


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = Sex.MALE
    birth_year = 1985
    position = "Công chức Văn phòng - Thống kê"
    category = PersonnelCategory.CONG_CHUC
    unit = factory.SubFactory(UnitFactory)


def make_coordinator(unit: Unit, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, unit=unit)
    return user


def make_organiser(office: Unit, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=Role.ORGANISER, unit=office)
    return user
