"""Chinese formats, with ISO first among the input formats.

Django renders a form's date with the first input format of the language; for zh-Hans that is
2026/12/25, which no browser date picker can show — an unchanged save sent the field back empty.
Every form's date fields use the ISO pickers of `core.widgets`; this makes any other rendering of a
date input ISO too, and keeps accepting what people type (2026/12/25, 2026年12月25日).
"""

from django.conf.locale.zh_Hans import formats as base

DATE_FORMAT = base.DATE_FORMAT
TIME_FORMAT = base.TIME_FORMAT
DATETIME_FORMAT = base.DATETIME_FORMAT
YEAR_MONTH_FORMAT = base.YEAR_MONTH_FORMAT
MONTH_DAY_FORMAT = base.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = base.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = base.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = base.FIRST_DAY_OF_WEEK
DECIMAL_SEPARATOR = base.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = base.THOUSAND_SEPARATOR
NUMBER_GROUPING = base.NUMBER_GROUPING

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in base.DATE_INPUT_FORMATS if f != "%Y-%m-%d"]]
TIME_INPUT_FORMATS = ["%H:%M", *[f for f in base.TIME_INPUT_FORMATS if f != "%H:%M"]]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                          *[f for f in base.DATETIME_INPUT_FORMATS if f not in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")]]
