"""Demo data for units: the Đại Lộc district before 1/7/2025, about 300 officials and one login per role."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from units.access import EDITORS_GROUP
from units.models import Membership, Official, PersonnelCategory, Role, RoleAssignment, Sex, Unit, UnitType

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed by seed_demo for the demo logins
PROVINCE = ("QNAM", "Tỉnh Quảng Nam", "Quảng Nam")
DISTRICT = ("QNAM.DAILOC", "Huyện Đại Lộc", "Đại Lộc")
OFFICES = [
    ("VP", "Văn phòng HĐND và UBND huyện", False),
    ("PNV", "Phòng Nội vụ", True),
    ("PTP", "Phòng Tư pháp", True),
    ("PVHTT", "Phòng Văn hóa - Thông tin", False),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", False),
    ("PTNMT", "Phòng Tài nguyên và Môi trường", False),
    ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", False),
    ("TTRA", "Thanh tra huyện", False),
]
# Thị trấn Ái Nghĩa and the 17 communes (DOMAIN.md).
COMMUNES = [
    ("AINGHIA", "Thị trấn Ái Nghĩa"),
    ("DAIAN", "Xã Đại An"),
    ("DAICHANH", "Xã Đại Chánh"),
    ("DAICUONG", "Xã Đại Cường"),
    ("DAIDONG", "Xã Đại Đồng"),
    ("DAIHIEP", "Xã Đại Hiệp"),
    ("DAIHOA", "Xã Đại Hòa"),
    ("DAIHONG", "Xã Đại Hồng"),
    ("DAIHUNG", "Xã Đại Hưng"),
    ("DAILANH", "Xã Đại Lãnh"),
    ("DAIMINH", "Xã Đại Minh"),
    ("DAINGHIA", "Xã Đại Nghĩa"),
    ("DAIPHONG", "Xã Đại Phong"),
    ("DAIQUANG", "Xã Đại Quang"),
    ("DAISON", "Xã Đại Sơn"),
    ("DAITAN", "Xã Đại Tân"),
    ("DAITHANG", "Xã Đại Thắng"),
    ("DAITHANH", "Xã Đại Thạnh"),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Đoàn",
    "Trương",
    "Đinh",
    "Lưu",
    "Mai",
    "Thái",
]
MIDDLE_M = ["Văn", "Công", "Đức", "Minh", "Hữu", "Quang", "Ngọc", "Thanh", "Xuân", "Tấn"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Thanh", "Thị Mỹ", "Thị Bích", "Thị Hồng"]
GIVEN_M = [
    "An",
    "Bảo",
    "Cường",
    "Dũng",
    "Đức",
    "Hùng",
    "Hải",
    "Hiếu",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Vinh",
    "Lộc",
    "Thạnh",
    "Hòa",
    "Ơn",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hòa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Ân",
    "Út",
]

COMMUNE_POSITIONS = [
    ("Chủ tịch UBND", PersonnelCategory.CAN_BO),
    ("Phó Chủ tịch UBND", PersonnelCategory.CAN_BO),
    ("Chủ tịch Ủy ban MTTQ Việt Nam", PersonnelCategory.CAN_BO),
    ("Công chức Văn phòng - Thống kê", PersonnelCategory.CONG_CHUC),
    ("Công chức Tư pháp - Hộ tịch", PersonnelCategory.CONG_CHUC),
    ("Công chức Địa chính - Xây dựng", PersonnelCategory.CONG_CHUC),
    ("Công chức Tài chính - Kế toán", PersonnelCategory.CONG_CHUC),
    ("Công chức Văn hóa - Xã hội", PersonnelCategory.CONG_CHUC),
    ("Phó Chủ tịch Hội Nông dân", PersonnelCategory.KHONG_CHUYEN_TRACH),
]
VILLAGE_POSITIONS = [
    ("Trưởng thôn", PersonnelCategory.KHONG_CHUYEN_TRACH),
    ("Tổ trưởng tổ hòa giải", PersonnelCategory.HOA_GIAI_VIEN),
    ("Hòa giải viên", PersonnelCategory.HOA_GIAI_VIEN),
]
OFFICE_POSITIONS = [
    ("Trưởng phòng", PersonnelCategory.CONG_CHUC),
    ("Phó Trưởng phòng", PersonnelCategory.CONG_CHUC),
    ("Chuyên viên", PersonnelCategory.CONG_CHUC),
]

DEMO_USERS = [
    # username, role label, official (unit code, full name, sex, year, position, category) or None
    ("admin", "Quản trị hệ thống", None),
    ("bientap", "Biên tập viên nội dung", None),
    (
        "phongnoivu",
        "Ban tổ chức – Phòng Nội vụ",
        ("QNAM.DAILOC.PNV", "Lê Thị Thu Hà", Sex.FEMALE, 1982, "Chuyên viên", PersonnelCategory.CONG_CHUC),
    ),
    (
        "phongtuphap",
        "Ban tổ chức – Phòng Tư pháp",
        ("QNAM.DAILOC.PTP", "Trần Văn Đức", Sex.MALE, 1979, "Phó Trưởng phòng", PersonnelCategory.CONG_CHUC),
    ),
    (
        "daumoi.ainghia",
        "Đầu mối đơn vị – Thị trấn Ái Nghĩa",
        (
            "QNAM.DAILOC.AINGHIA",
            "Phạm Thị Ánh",
            Sex.FEMALE,
            1988,
            "Công chức Văn phòng - Thống kê",
            PersonnelCategory.CONG_CHUC,
        ),
    ),
    (
        "daumoi.daihiep",
        "Đầu mối đơn vị – Xã Đại Hiệp",
        (
            "QNAM.DAILOC.DAIHIEP",
            "Ngô Văn Hòa",
            Sex.MALE,
            1986,
            "Công chức Văn phòng - Thống kê",
            PersonnelCategory.CONG_CHUC,
        ),
    ),
    (
        "hocvien",
        "Học viên – Công chức Tư pháp - Hộ tịch",
        (
            "QNAM.DAILOC.AINGHIA",
            "Huỳnh Thị Ngọc Ân",
            Sex.FEMALE,
            1992,
            "Công chức Tư pháp - Hộ tịch",
            PersonnelCategory.CONG_CHUC,
        ),
    ),
]
ROLES = {
    "phongnoivu": (Role.ORGANISER, "QNAM.DAILOC.PNV"),
    "phongtuphap": (Role.ORGANISER, "QNAM.DAILOC.PTP"),
    "daumoi.ainghia": (Role.COORDINATOR, "QNAM.DAILOC.AINGHIA"),
    "daumoi.daihiep": (Role.COORDINATOR, "QNAM.DAILOC.DAIHIEP"),
}


def _unit(parent: Unit | None, code: str, name: str, unit_type: str, **extra) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    values = {"code": code, "name": name, "unit_type": unit_type, **extra}
    return parent.add_child(**values) if parent else Unit.add_root(**values)


def seed_units() -> dict[str, Unit]:
    province = _unit(None, PROVINCE[0], PROVINCE[1], UnitType.PROVINCE, place_name=PROVINCE[2])
    district = _unit(province, DISTRICT[0], DISTRICT[1], UnitType.DISTRICT, place_name=DISTRICT[2])
    units = {province.code: province, district.code: district}
    for code, name, organises in OFFICES:
        unit = _unit(district, f"{district.code}.{code}", name, UnitType.OFFICE, is_organising_office=organises)
        units[unit.code] = unit
    for code, name in COMMUNES:
        commune = _unit(district, f"{district.code}.{code}", name, UnitType.COMMUNE)
        units[commune.code] = commune
        for n in range(1, 4):
            label = f"Khối phố {n}" if code == "AINGHIA" else f"Thôn {n}"
            village = _unit(commune, f"{commune.code}.T{n}", f"{label} – {name}", UnitType.VILLAGE)
            units[village.code] = village
    return units


def _name(rng: random.Random, sex: str) -> str:
    if sex == Sex.MALE:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def _add_official(unit: Unit, full_name: str, sex: str, year: int, position: str, category: str) -> Official:
    official = Official.objects.filter(unit=unit, full_name=full_name, birth_year=year).first()
    if official:
        return official
    official = Official.objects.create(
        unit=unit, full_name=full_name, sex=sex, birth_year=year, position=position, category=category
    )
    Membership.objects.create(official=official, unit=unit, position=position, start_date="2024-01-01")
    return official


def seed_officials(units: dict[str, Unit]) -> int:
    rng = random.Random(2025)
    created = 0
    plan: list[tuple[Unit, list]] = []
    for code, _label in COMMUNES:
        commune = units[f"{DISTRICT[0]}.{code}"]
        plan.append((commune, COMMUNE_POSITIONS))
        for n in range(1, 4):
            plan.append((units[f"{commune.code}.T{n}"], VILLAGE_POSITIONS))
    for code, _label, _organises in OFFICES:
        plan.append((units[f"{DISTRICT[0]}.{code}"], OFFICE_POSITIONS))
    before = Official.objects.count()
    for unit, positions in plan:
        for position, category in positions:
            sex = rng.choice([Sex.MALE, Sex.FEMALE])
            _add_official(unit, _name(rng, sex), sex, rng.randint(1968, 1998), position, category)
    created = Official.objects.count() - before
    return created


def _editors_group() -> Group:
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    collection = Collection.get_first_root_node()
    for app_label, codenames in {
        "wagtailimages": ("add_image", "change_image", "choose_image"),
        "wagtaildocs": ("add_document", "change_document", "choose_document"),
    }.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(codename=codename, content_type__app_label=app_label),
            )
    return group


def seed_users(units: dict[str, Unit]) -> list[tuple[str, str]]:
    User = get_user_model()
    logins = []
    editors = _editors_group()
    for username, label, official_spec in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.vn"})
        if created:
            user.set_password(DEMO_PASSWORD)
            if username == "admin":
                user.is_superuser = True
                user.is_staff = True
            user.save()
        if username == "bientap":
            user.groups.add(editors)
        if official_spec:
            unit_code, full_name, sex, year, position, category = official_spec
            official = _add_official(units[unit_code], full_name, sex, year, position, category)
            if official.user_id is None:
                official.user = user
                official.email = user.email
                official.save()
        if username in ROLES:
            role, unit_code = ROLES[username]
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=units[unit_code])
        logins.append((username, label))
    return logins


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    units = seed_units()
    created = seed_officials(units)
    logins = seed_users(units)
    if stdout:
        stdout.write(
            f"Đơn vị: {Unit.objects.count()} · Cán bộ mới: {created} · Tổng cán bộ: {Official.objects.count()}"
        )
    return logins
