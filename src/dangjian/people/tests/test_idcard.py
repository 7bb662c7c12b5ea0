from datetime import date

import pytest

from dangjian.people import idcard


def test_it_accepts_a_valid_number_and_reads_birth_and_gender():
    info = idcard.parse("11010519491231002X")
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"


def test_it_rejects_a_wrong_check_digit():
    with pytest.raises(idcard.InvalidIdNumber, match="校验位"):
        idcard.parse("110105194912310021")


def test_it_upgrades_a_legacy_15_digit_number():
    info = idcard.parse("110105491231002")
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)


@pytest.mark.parametrize(
    "raw, message",
    [("1101051949123100", "18位"), ("990105194912310021", "省级"), ("110105194902300028", "出生日期"),
     ("11010521991231002X", "出生日期"), ("", "18位")],
)
def test_it_explains_what_is_wrong_in_chinese(raw, message):
    with pytest.raises(idcard.InvalidIdNumber, match=message):
        idcard.parse(raw, today=date(2026, 11, 28))


def test_it_makes_numbers_that_validate():
    for seq in (0, 1, 250, 499):
        for gender in "MF":
            number = idcard.make("410102", date(1980, 2, 29), seq, gender)
            assert idcard.parse(number).gender == gender
