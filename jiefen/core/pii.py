"""Personal data at rest: encrypted fields, and keyed digests to find equal values without decrypting.

One secret (``settings.JIEFEN_PII_KEYS``, first one current, the rest older ones still readable) gives, through
HKDF, an encryption key (Fernet: AES-128-CBC with HMAC-SHA256) and a separate key for the digests
(HMAC-SHA256). Rotating: put the new secret first and keep the old ones after it; ``manage.py reencrypt_pii``
rewrites every value under the new key (``rekey``). Digests depend on the current secret only, and are rewritten by
the same command: a model that keeps digests of personal data says how to compute them in a
``personal_data_digests()`` method.
"""

import functools
import hashlib
import hmac
from base64 import urlsafe_b64encode

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"jiefen-pii", info=purpose).derive(secret.encode())


@functools.cache
def _cipher(secrets: tuple[str, ...]) -> MultiFernet:
    if not secrets or any(len(secret) < 32 for secret in secrets):
        raise ImproperlyConfigured("JIEFEN_PII_KEY must be set to a secret of at least 32 characters.")
    return MultiFernet([Fernet(urlsafe_b64encode(_derive(secret, b"encrypt"))) for secret in secrets])


@functools.cache
def _digest_key(secret: str) -> bytes:
    return _derive(secret, b"digest")


def encrypt(value: str) -> str:
    return _cipher(tuple(settings.JIEFEN_PII_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _cipher(tuple(settings.JIEFEN_PII_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with the configured JIEFEN_PII_KEY: is an old key missing?"
        ) from None


def reencrypt(token: str) -> str:
    """The same value under the current key (for key rotation)."""
    return _cipher(tuple(settings.JIEFEN_PII_KEYS)).rotate(token.encode()).decode()


def digest(value: str) -> str:
    """A keyed hash of a normalised value: equal values give equal digests; the value cannot be read back."""
    if not value:
        return ""
    normalised = value.strip().upper().replace("-", "").replace(" ", "")
    return hmac.new(_digest_key(settings.JIEFEN_PII_KEYS[0]), normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; Python code sees the plain value, the database only ciphertext.

    Encrypted values cannot be searched or ordered by: store a ``digest`` beside the field to find equal values.
    The empty string stays empty, so that "not given" remains visible without the key.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def encrypted_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def rekeyed_models() -> list:
    """Every model holding personal data under the key: encrypted fields, or digests (``personal_data_digests``)."""
    from django.apps import apps

    return [
        model for model in apps.get_models()
        if encrypted_fields(model) or hasattr(model, "personal_data_digests")
    ]


def rekey(model) -> int:
    """Rewrite every row of ``model`` under the current key: its encrypted fields and its digests. Row by row
    through the base manager (the append-only and scoped managers refuse updates); returns the rows rewritten."""
    fields = encrypted_fields(model)
    count = 0
    for row in model._base_manager.order_by("pk").iterator(chunk_size=1000):
        values = {name: getattr(row, name) for name in fields}
        if hasattr(row, "personal_data_digests"):
            values |= row.personal_data_digests()
        model._base_manager.filter(pk=row.pk).update(**values)
        count += 1
    return count
