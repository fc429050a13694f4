import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jiefen.core.calendar import WorkingDays, add_days, is_working_day
from jiefen.core.masking import mask_id_number, mask_phone
from jiefen.core.models import CalendarDay
from jiefen.core.validators import (
    resident_id_check_char,
    uscc_check_char,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)


@pytest.mark.parametrize(
    "valid",
    ["11010519491231002X", "440524188001010014", "320706198001011236"],
)
def test_real_resident_id_numbers_pass(valid):
    validate_resident_id(valid)


@pytest.mark.parametrize(
    ("invalid", "hint"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
    ],
)
def test_wrong_resident_id_numbers_say_in_chinese_what_is_wrong(invalid, hint):
    with pytest.raises(ValidationError, match=hint):
        validate_resident_id(invalid)


def test_the_check_digit_follows_gb_11643():
    assert resident_id_check_char("11010519491231002") == "X"
    assert resident_id_check_char("44052418800101001") == "4"


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_real_unified_social_credit_codes_pass(code):
    assert uscc_check_char(code[:17]) == code[17]
    validate_uscc(code)


def test_a_credit_code_with_a_wrong_check_character_is_refused():
    with pytest.raises(ValidationError, match="校验位"):
        validate_uscc("91350100M000100Y44")


@pytest.mark.parametrize("phone", ["13812345678", "0518-85821234", "051885821234"])
def test_mobile_and_landline_numbers_pass(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "85821234"])
def test_malformed_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_masks_keep_only_the_ends():
    assert mask_id_number("11010519491231002X") == "1101************2X"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.django_db
def test_the_shipped_calendar_knows_2026_holidays_and_adjusted_working_days():
    assert not is_working_day(datetime.date(2026, 10, 1))
    assert is_working_day(datetime.date(2026, 10, 10))
    assert not is_working_day(datetime.date(2026, 11, 22))
    assert add_days(datetime.date(2026, 9, 30), 1, working=True) == datetime.date(2026, 10, 8)


@pytest.mark.django_db
def test_an_administrator_loads_a_new_years_notice(tmp_path):
    notice = tmp_path / "2027.csv"
    notice.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")

    call_command("load_holidays", notice, stdout=open("/dev/null", "w"))

    assert CalendarDay.objects.get(date="2027-01-01").kind == "holiday"


@pytest.mark.django_db
def test_working_days_agree_with_add_days_across_holidays_weekends_and_adjusted_working_days():
    days = WorkingDays()
    start = datetime.date(2026, 9, 14)
    for offset in range(40):  # from mid-September, over 中秋节, National Day and the adjusted 9-20 and 10-10
        day = start + datetime.timedelta(days=offset)
        assert days.is_working(day) == is_working_day(day)
        for n in (0, 1, 2, 5, 15):
            assert days.add(day, n) == add_days(day, n, working=True)
    assert days.is_working(datetime.date(2026, 9, 20))  # a Sunday made a working day
    assert days.add(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)  # the adjusted Saturday counts


@pytest.mark.django_db
def test_the_latest_deadline_n_working_days_overdue_is_the_inverse_of_adding_working_days():
    days = WorkingDays()
    for offset in range(40):
        today = datetime.date(2026, 9, 14) + datetime.timedelta(days=offset)
        for n in (0, 1, 5):
            latest = days.latest_start_passed(today, n)
            assert days.add(latest, n) < today <= days.add(latest + datetime.timedelta(days=1), n)
    assert days.latest_start_passed(datetime.date(2026, 10, 15), 5) == datetime.date(2026, 10, 8)
    # A deadline on the holiday 10-7 is five working days overdue on 10-14 (10-8, 9, 10, 12, 13).
    assert days.latest_start_passed(datetime.date(2026, 10, 14), 5) == datetime.date(2026, 10, 7)


@pytest.mark.django_db
def test_a_working_day_deadline_skips_the_holiday_and_says_when_the_year_is_not_yet_known():
    from jiefen.cases.models import Case, DeadlineRule
    from jiefen.cases.services import deadline_for

    DeadlineRule.objects.all().delete()
    DeadlineRule.objects.create(name="test", days=5, working_days=True, basis="测试依据", priority=99)
    case = Case(channel="window")
    assert deadline_for(case, datetime.date(2026, 9, 29)) == (datetime.date(2026, 10, 12), "测试依据")
    deadline, basis = deadline_for(case, datetime.date(2030, 3, 1))
    assert deadline == datetime.date(2030, 3, 8) and "2030年节假日安排尚未录入" in basis


def test_the_date_pickers_write_iso_values_whatever_the_language():
    import datetime

    from django.utils import translation

    from jiefen.core.forms import DatePicker, DateTimePicker

    with translation.override("zh-hans"):
        day = DatePicker().render("on", datetime.date(2026, 11, 24))
        moment = DateTimePicker().render("at", datetime.datetime(2026, 11, 24, 9, 5))
    assert 'type="date"' in day and 'value="2026-11-24"' in day
    assert 'type="datetime-local"' in moment and 'value="2026-11-24T09:05"' in moment
