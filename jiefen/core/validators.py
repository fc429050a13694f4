"""Checks for Chinese identifiers, with messages that tell the user how to fix the input."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str) -> None:
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("A resident ID number has 18 characters: 17 digits and a final digit or X."))
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("Digits 7 to 14 of the ID number must be a real date of birth (YYYYMMDD).")) from None
    if resident_id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The ID number's check digit is wrong; please check each digit against the card."))


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a unified social credit code."""
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    value = value.strip().upper()
    if len(value) != 18 or any(c not in _USCC_CHARSET for c in value):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters except I, O, S, V and Z.")
        )
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The credit code's check character is wrong; please copy it again from the licence."))


def validate_phone(value: str) -> None:
    """A mobile number, or a landline with its area code (0518-85821234)."""
    value = value.strip()
    if not (_MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number (13812345678) or a landline with its area code (0518-85821234).")
        )


def is_mobile(value: str) -> bool:
    """Whether a (valid) phone number can receive text messages: a landline cannot."""
    return bool(_MOBILE.fullmatch((value or "").strip()))
