"""One-time codes sent by text message, under one rule wherever a citizen proves they hold a phone (logging in to
the portal, confirming an agreement's text): six random digits of which only a keyed digest is kept, valid five
minutes, five tries, at most one a minute and five an hour for a phone. Each use keeps its codes in its own table
(with ``phone_digest``, ``code_digest``, ``created_at``, ``expires_at``, ``attempts``, ``used_at``) and names the
``scope`` a code is good for."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.portal import sms

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
PER_PHONE_PER_HOUR = 5


class TooManyRequests(Exception):
    """Codes were asked for too often; the message says when to try again."""


def code_digest(scope: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{code}".encode(), hashlib.sha256).hexdigest()


def refuse_too_soon(last_hour, now) -> None:
    """TooManyRequests when the phone's codes of the last hour (``last_hour``) leave no room for another now."""
    if last_hour.filter(created_at__gte=now - RESEND_AFTER).exists():
        raise TooManyRequests(_("A code was sent less than a minute ago. Please wait a minute before asking again."))
    if last_hour.count() >= PER_PHONE_PER_HOUR:
        raise TooManyRequests(_("Too many codes for this number in the last hour. Please try again later."))


def send_code(phone: str, scope: str, message: Callable[[str], str], create, *, now, error_field: str):
    """Make a code, keep its digest through ``create(code_digest=…, expires_at=…)`` and text ``message(code)`` to
    ``phone``; a message the gateway refused leaves no code behind (nor counts as sent)."""
    code = f"{secrets.randbelow(10**6):06d}"
    try:
        with transaction.atomic():
            row = create(code_digest=code_digest(scope, code), expires_at=now + CODE_TTL)
            sms.sender().send(phone, message(code))
    except sms.SmsError:
        raise ValidationError(
            {error_field: [_("The text message could not be sent. Please try again in a moment.")]}
        ) from None
    return row


def check_code(codes, scope: str, code: str, now, *, still_valid: Callable | None = None) -> tuple[object, bool]:
    """The latest unused code of ``codes`` (a queryset of one phone's codes) against what was typed: a
    ValidationError on ``code`` when there is none, it expired or its tries are spent (``still_valid(row)`` may
    refuse it too); otherwise the row and whether the code was right, a wrong one counted as a try."""
    with transaction.atomic():
        row = codes.select_for_update().filter(used_at=None).first()
        if row is None:
            raise ValidationError({"code": [_("Please ask for a code first.")]})
        if row.expires_at <= now:
            raise ValidationError({"code": [_("The code has expired. Please ask for a new one.")]})
        if row.attempts >= MAX_ATTEMPTS:
            raise ValidationError({"code": [_("Too many wrong codes. Please ask for a new one.")]})
        if still_valid is not None:
            still_valid(row)
        right = hmac.compare_digest(row.code_digest, code_digest(scope, (code or "").strip()))
        # The wrong attempt is counted in this transaction, which must commit: the caller raises after it.
        type(row).objects.filter(pk=row.pk).update(**({"used_at": now} if right else {"attempts": row.attempts + 1}))
    return row, right
