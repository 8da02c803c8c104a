"""The official document frame of Nghị định 30/2020/NĐ-CP: header, number and date lines, signer and recipients.

Every PDF document of the site (lists, sign-in sheets, results, certificates) takes its frame from a
DocumentHead, built from the issuing office's settings as they are on the document's date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from lms import vietnamese


def nd30_date(day: datetime.date) -> str:
    """The date as NĐ 30 writes it: day below 10 and months 1 and 2 with a leading zero, months 3–12 without."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def nd30_place_date(place: str, day: datetime.date) -> str:
    """ "Đại Lộc, ngày 05 tháng 01 năm 2026"; the date alone when no place name is known."""
    place = vietnamese.nfc(place)
    return f"{place}, {nd30_date(day)}" if place else nd30_date(day).capitalize()


def upper(text: str) -> str:
    return vietnamese.nfc(text).upper()


@dataclass(frozen=True)
class DocumentHead:
    """Everything around the body of an official document."""

    supervising_body: str
    issuing_office: str
    place: str
    day: datetime.date
    title: str
    number: str = ""
    subtitle_lines: tuple[str, ...] = ()
    signer_title_lines: tuple[str, ...] = ()
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    archive_note: str = "VT"
    landscape: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def place_date(self) -> str:
        return nd30_place_date(self.place, self.day)

    @property
    def supervising_body_upper(self) -> str:
        return upper(self.supervising_body)

    @property
    def issuing_office_upper(self) -> str:
        return upper(self.issuing_office)

    @property
    def title_upper(self) -> str:
        return upper(self.title)

    @property
    def recipient_lines(self) -> list[str]:
        """One recipient a line, each after a dash, ending with the archive line "- Lưu: VT, ..."."""
        lines = [f"- {vietnamese.nfc(r).lstrip('- ').rstrip(';')};" for r in self.recipients if r.strip()]
        lines.append(f"- Lưu: {self.archive_note}.")
        return lines


def upper_lines(text: str) -> tuple[str, ...]:
    """Lines of a multi-line setting, capitalised, without blanks (signer titles)."""
    return tuple(upper(line) for line in (text or "").splitlines() if line.strip())


def plain_lines(text: str) -> tuple[str, ...]:
    return tuple(vietnamese.nfc(line) for line in (text or "").splitlines() if line.strip())
