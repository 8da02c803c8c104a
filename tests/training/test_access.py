"""Every class, nomination and attendance URL answers 404 to a coordinator of another unit and to a stranger."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory, make_coordinator, make_organiser
from tests.training.conftest import add_session, make_class
from training import services
from training.models import ClassStatus, Nomination, NominationStatus
from units.models import UnitType

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(office, unit_a, unit_b, organiser, coordinator_a, officials_a):
    klass = make_class(office, [(unit_a, 3)])
    session = add_session(klass)
    nomination = services.nomination_create(actor=coordinator_a, training_class=klass, official=officials_a[0])
    return klass, session, nomination


def _urls(klass, session, nomination):
    class_urls = [
        ("get", "training:class_detail"),
        ("post", "training:nominate"),
        ("get", "training:nominate_upload"),
        ("get", "training:class_manage"),
        ("post", "training:class_manage"),
        ("get", "training:class_edit"),
        ("post", "training:class_transition"),
        ("get", "training:compiled_list"),
        ("get", "training:organiser_add"),
    ]
    nomination_urls = [
        ("get", "training:nomination_withdraw"),
        ("post", "training:nomination_withdraw"),
        ("get", "training:nomination_substitute"),
        ("post", "training:nomination_approve"),
        ("post", "training:nomination_reject"),
    ]
    session_urls = [
        ("get", "training:session_marking"),
        ("post", "training:session_marking"),
        ("get", "training:session_counts"),
        ("get", "training:session_qr"),
        ("post", "training:session_delete"),
    ]
    return (
        [(m, reverse(n, args=[klass.pk])) for m, n in class_urls]
        + [(m, reverse(n, args=[nomination.pk])) for m, n in nomination_urls]
        + [(m, reverse(n, args=[session.pk])) for m, n in session_urls]
    )


def _assert_all_404(client, user, setting):
    client.force_login(user)
    klass, session, nomination = setting
    for method, url in _urls(*setting):
        response = getattr(client, method)(url, {"reason": "x", "action": "cancel", "official": nomination.official_id})
        assert response.status_code == 404, (user.username, method, url, response.status_code)
    nomination.refresh_from_db()
    klass.refresh_from_db()
    assert nomination.status == NominationStatus.NOMINATED and klass.status == ClassStatus.ANNOUNCED
    assert not session.attendances.exists()


def test_coordinator_of_another_unit_gets_404_everywhere(client, setting, coordinator_b):
    _assert_all_404(client, coordinator_b, setting)


def test_learner_who_is_not_theirs_gets_404_everywhere(client, setting):
    _assert_all_404(client, UserFactory(username="nguoi.ngoai"), setting)


def test_organiser_of_another_office_gets_404_everywhere(client, setting, district):
    other_office = UnitFactory(
        parent=district, name="Phòng Văn hóa", code="T.PVH", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    _assert_all_404(client, make_organiser(other_office, username="pvh"), setting)


def test_the_right_people_reach_their_pages(client, setting, organiser, coordinator_a, trainee_user):
    klass, _session, nomination = setting
    client.force_login(coordinator_a)
    assert client.get(reverse("training:class_detail", args=[klass.pk])).status_code == 200
    assert client.get(reverse("training:nomination_withdraw", args=[nomination.pk])).status_code == 200
    client.force_login(organiser)
    for name in ("training:class_manage", "training:compiled_list", "training:class_detail"):
        assert client.get(reverse(name, args=[klass.pk])).status_code == 200
    trainee_nomination = Nomination.objects.create(
        training_class=klass, official=trainee_user.official, unit=trainee_user.official.unit
    )
    client.force_login(trainee_user)
    assert client.get(reverse("training:class_detail", args=[klass.pk])).status_code == 200
    assert client.get(reverse("training:nomination_withdraw", args=[trainee_nomination.pk])).status_code == 404
    assert client.get(reverse("training:class_manage", args=[klass.pk])).status_code == 404


def test_drafts_are_invisible_to_invited_coordinators(client, office, unit_a, coordinator_a):
    draft = make_class(office, [(unit_a, 2)], status=ClassStatus.DRAFT)
    client.force_login(coordinator_a)
    assert client.get(reverse("training:class_detail", args=[draft.pk])).status_code == 404


def test_a_coordinator_of_the_unit_below_does_not_see_the_parents_quota_nominations(client, setting, unit_a):
    village = UnitFactory(parent=unit_a, name="Khối phố 3")
    village_coordinator = make_coordinator(village, username="daumoi.kp3")
    client.force_login(village_coordinator)
    _klass, _session, nomination = setting
    assert client.get(reverse("training:nomination_withdraw", args=[nomination.pk])).status_code == 404
