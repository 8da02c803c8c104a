"""Fixtures for classes: an announced class of Phòng Nội vụ inviting units A and B, with two sessions."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import OfficialFactory, UserFactory
from training.models import ClassSession, ClassStatus, Quota, SessionPart, TrainingClass


def make_class(office, units_seats, *, status=ClassStatus.ANNOUNCED, deadline=None, **extra):
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        name=extra.pop("name", "Lớp bồi dưỡng dân chủ ở cơ sở"),
        organising_office=office,
        venue="Hội trường UBND huyện",
        start_date=extra.pop("start_date", today + datetime.timedelta(days=20)),
        end_date=extra.pop("end_date", today + datetime.timedelta(days=21)),
        capacity=extra.pop("capacity", 100),
        nomination_deadline=deadline or timezone.now() + datetime.timedelta(days=10),
        status=status,
        **extra,
    )
    for unit, seats in units_seats:
        Quota.objects.create(training_class=training_class, unit=unit, seats=seats)
    return training_class


def add_session(training_class, day=None, start=(7, 30), end=(11, 0), part=SessionPart.MORNING):
    return ClassSession.objects.create(
        training_class=training_class,
        date=day or training_class.start_date,
        part=part,
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        room="Phòng họp số 1",
    )


@pytest.fixture
def klass(office, unit_a, unit_b):
    training_class = make_class(office, [(unit_a, 2), (unit_b, 2)])
    add_session(training_class)
    add_session(training_class, start=(13, 30), end=(17, 0), part=SessionPart.AFTERNOON)
    return training_class


@pytest.fixture
def officials_a(unit_a):
    return [
        OfficialFactory(unit=unit_a, full_name=name, position="Công chức Tư pháp - Hộ tịch")
        for name in ("Lê Thị Ánh", "Nguyễn Văn An", "Võ Thị Ăn", "Phạm Thị Ân")
    ]


@pytest.fixture
def official_b(unit_b):
    return OfficialFactory(unit=unit_b, full_name="Trần Văn Đức")


@pytest.fixture
def trainee_user(unit_a):
    user = UserFactory(username="hocvien.a")
    OfficialFactory(unit=unit_a, full_name="Huỳnh Thị Ngọc Ân", user=user, email=user.email)
    return user
