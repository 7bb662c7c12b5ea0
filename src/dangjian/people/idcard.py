"""Citizen ID numbers (GB 11643-1999): check digit, birth date, gender, legacy 15-digit upgrade."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}  # fmt: skip


class InvalidIdNumber(ValueError):
    """Raised with a message fit to show the user."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" or "F"


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse(raw: str, today: date | None = None) -> IdInfo:
    """Normalize and validate; returns the 18-digit number with what it encodes."""
    # NFKC turns full-width digits and letters (common from Chinese IMEs) into ASCII, so one
    # person cannot be registered twice under two spellings of the same number.
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")).upper()
    if re.fullmatch(r"[0-9]{15}", number):
        # Legacy numbers: century "19" inserted, check digit appended.
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_digit(first17)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise InvalidIdNumber("身份证号应为18位（最后一位可为X），或15位旧号码。")
    if number[:2] not in _PROVINCES:
        raise InvalidIdNumber("身份证号前两位不是有效的省级行政区代码。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber("身份证号中的出生日期不是有效日期。") from exc
    today = today or date.today()
    if born > today or born.year < 1900:
        raise InvalidIdNumber("身份证号中的出生日期不合理。")
    if check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber("身份证号校验位不正确，请核对后重新输入。")
    return IdInfo(number=number, birth_date=born, gender="M" if int(number[16]) % 2 else "F")


def make(region: str, born: date, sequence: int, gender: str) -> str:
    """Build a valid number (demo data, tests): sequence 0-499, its parity set by gender."""
    seq = sequence * 2 + (1 if gender == "M" else 0)
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
