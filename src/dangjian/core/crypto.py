"""Encryption at rest for personal data (ID numbers, phones).

AES-256-GCM with a random nonce per value, so equal plaintexts give different ciphertexts; a
separate HMAC-SHA256 "blind index" lets us look a value up and keep it unique without storing it
in clear. Both keys derive from DANGJIAN_FIELD_KEY (kept in the data dir when not given).
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PREFIX = "g1:"


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    root = hashlib.sha256(master.encode()).digest()
    enc = hmac.new(root, b"dangjian-field-encryption", hashlib.sha256).digest()
    idx = hmac.new(root, b"dangjian-blind-index", hashlib.sha256).digest()
    return enc, idx


def derived_key(purpose: bytes) -> bytes:
    """A 256-bit key for one purpose (sealed pending uploads…), derived from the field key."""
    root = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    return hmac.new(root, purpose, hashlib.sha256).digest()


def encrypt(plain: str) -> str:
    enc, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(12)
    sealed = AESGCM(enc).encrypt(nonce, plain.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    enc, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    raw = base64.b64decode(token[len(_PREFIX) :])
    return AESGCM(enc).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(plain: str) -> str:
    _, idx = _keys(settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(idx, plain.upper().encode(), hashlib.sha256).hexdigest()
