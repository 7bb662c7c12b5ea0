"""Encryption at rest for personal data (ID numbers, phones).

A value is sealed with an AEAD cipher and a random nonce, so equal plaintexts give different ciphertexts; a
separate keyed "blind index" lets us look a value up and keep it unique without storing it in clear. Both keys
derive from the field key (DANGJIAN_FIELD_KEY, kept in the data dir when not given).

Two ciphers (DANGJIAN_FIELD_CIPHER): AES-256-GCM with HMAC-SHA256 (the default), or SM4-GCM with HMAC-SM3 (国密,
GB/T 32907 and GB/T 32905; the SM3 path derives every key with SM3 alone). A value names the key that sealed it —
`g2:<key id>:<base64>`, the key id starting with its cipher (`aes-…`, `sm4-…`) — so a value is never opened with
another key or cipher, and a rotation (core.rotation) can tell what is done from what is not. Values written
before key ids (`g1:<base64>`) are AES-256-GCM under the key of that time; they still read.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

AES = "aes-256-gcm"
SM4 = "sm4-gcm"
CIPHER_NAMES = {AES: "AES-256-GCM", SM4: "SM4-GCM（国密）"}
_TAGS = {AES: "aes", SM4: "sm4"}
LEGACY = "g1:"  # AES-256-GCM under the key in use before values named their key
PREFIX = "g2:"  # g2:<key id>:<base64 of nonce + ciphertext + tag>; the key id is authenticated with the value
NONCE = 12
TAG = 16


class WrongKey(ValueError):
    """The value was sealed under another key (or cipher) than the one asked to open it."""


def sm4_gcm_supported() -> bool:
    """SM4 in GCM mode comes from the OpenSSL that `cryptography` is built with (its wheels bundle one that has
    it; Debian's OpenSSL 3.0 offers SM4 only in ECB/CBC/CFB/OFB/CTR)."""
    from cryptography.hazmat.backends import default_backend

    backend = default_backend()
    return backend.cipher_supported(algorithms.SM4(bytes(16)), modes.GCM(bytes(NONCE))) and backend.hmac_supported(
        hashes.SM3())


def openssl_version() -> str:
    from cryptography.hazmat.backends import default_backend

    return default_backend().openssl_version_text()


def cipher_of(key_id: str) -> str:
    """The cipher a key id names (ids from before key ids were named are twelve hex digits: AES)."""
    for cipher, tag in _TAGS.items():
        if key_id.startswith(tag + "-"):
            return cipher
    return AES


def key_of(token: str) -> str | None:
    """The id of the key that sealed `token` ("g1" for a value from before key ids; None if not a value)."""
    if token.startswith(PREFIX):
        return token[len(PREFIX):].split(":", 1)[0]
    if token.startswith(LEGACY):
        return "g1"
    return None


def _aead_seal(cipher: str, key: bytes, plain: bytes, aad: bytes | None) -> bytes:
    nonce = os.urandom(NONCE)
    if cipher == AES:
        return nonce + AESGCM(key).encrypt(nonce, plain, aad)
    sealer = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    if aad:
        sealer.authenticate_additional_data(aad)
    return nonce + sealer.update(plain) + sealer.finalize() + sealer.tag


def _aead_open(cipher: str, key: bytes, raw: bytes, aad: bytes | None) -> bytes:
    nonce, body = raw[:NONCE], raw[NONCE:]
    if cipher == AES:
        return AESGCM(key).decrypt(nonce, body, aad)
    if len(nonce) != NONCE or len(body) < TAG:
        raise InvalidTag
    opener = Cipher(algorithms.SM4(key), modes.GCM(nonce, body[-TAG:])).decryptor()
    if aad:
        opener.authenticate_additional_data(aad)
    return opener.update(body[:-TAG]) + opener.finalize()


@dataclass(frozen=True)
class Key:
    """One field key under one cipher: what seals values, computes blind indexes and derives purpose keys."""

    secret: str = field(repr=False)
    cipher: str = AES

    def __post_init__(self):
        if self.cipher not in _TAGS:
            raise ImproperlyConfigured(f"未知的字段加密算法 {self.cipher!r}：DANGJIAN_FIELD_CIPHER 只能是 "
                                       f"{AES} 或 {SM4}。")
        if self.cipher == SM4 and not sm4_gcm_supported():
            import cryptography

            raise ImproperlyConfigured(
                f"已选择 SM4-GCM（DANGJIAN_FIELD_CIPHER={SM4}），但本机的 cryptography {cryptography.__version__}"
                f"（{openssl_version()}）不支持 SM4 的 GCM 模式：请用 pip 安装 cryptography 的官方发行包"
                "（自带支持 SM4-GCM 的 OpenSSL），或改用 aes-256-gcm。")

    def _mac(self, key: bytes, data: bytes) -> bytes:
        if self.cipher == SM4:
            mac = crypto_hmac.HMAC(key, hashes.SM3())
            mac.update(data)
            return mac.finalize()
        return hmac.new(key, data, hashlib.sha256).digest()

    @cached_property
    def _root(self) -> bytes:
        if self.cipher == SM4:
            digest = hashes.Hash(hashes.SM3())
            digest.update(self.secret.encode())
            return digest.finalize()
        return hashlib.sha256(self.secret.encode()).digest()

    def derive(self, purpose: bytes) -> bytes:
        """A key for one purpose, sized for the cipher (32 bytes for AES-256, 16 for SM4)."""
        raw = self._mac(self._root, purpose)
        return raw[:16] if self.cipher == SM4 else raw

    @cached_property
    def id(self) -> str:
        """A short public name (it reveals nothing of the key), starting with the cipher: `sm4-3f09a1c2b4d5`."""
        return f"{_TAGS[self.cipher]}-{self._mac(self._root, b'dangjian-key-id').hex()[:12]}"

    @cached_property
    def _enc(self) -> bytes:
        return self.derive(b"dangjian-field-encryption")

    @cached_property
    def _idx(self) -> bytes:
        return self._mac(self._root, b"dangjian-blind-index")

    def encrypt(self, plain: str) -> str:
        kid = self.id
        sealed = _aead_seal(self.cipher, self._enc, plain.encode(), kid.encode())
        return f"{PREFIX}{kid}:{base64.b64encode(sealed).decode()}"

    def decrypt(self, token: str) -> str:
        if token.startswith(PREFIX):
            kid, _, body = token[len(PREFIX):].partition(":")
            if kid != self.id:
                raise WrongKey(f"该值由密钥 {kid} 加密，不是密钥 {self.id}")
            return _aead_open(self.cipher, self._enc, base64.b64decode(body), kid.encode()).decode()
        if token.startswith(LEGACY):
            if self.cipher != AES:
                raise WrongKey(f"该值由 AES-256-GCM 加密（旧格式），不是 {CIPHER_NAMES[self.cipher]}")
            return _aead_open(AES, self._enc, base64.b64decode(token[len(LEGACY):]), None).decode()
        raise ValueError("not an encrypted value")

    def blind_index(self, plain: str) -> str:
        """64 hex digits (HMAC-SHA256 or HMAC-SM3) of the upper-cased value: equal values, equal indexes."""
        return self._mac(self._idx, plain.upper().encode()).hex()

    def seal_bytes(self, purpose: bytes, data: bytes, aad: bytes | None = None) -> bytes:
        return _aead_seal(self.cipher, self.derive(purpose), data, aad)

    def open_bytes(self, purpose: bytes, raw: bytes, aad: bytes | None = None) -> bytes:
        """Raises cryptography's InvalidTag when `raw` was not sealed by this key for this purpose."""
        return _aead_open(self.cipher, self.derive(purpose), raw, aad)


@lru_cache(maxsize=8)
def key_for(secret: str, cipher: str = AES) -> Key:
    return Key(secret, cipher)


def current() -> Key:
    """The configured key (settings follow override_settings in tests, hence no module-level copy)."""
    return key_for(settings.FIELD_ENCRYPTION_KEY, getattr(settings, "FIELD_CIPHER", AES))


def encrypt(plain: str) -> str:
    return current().encrypt(plain)


def decrypt(token: str) -> str:
    return current().decrypt(token)


def blind_index(plain: str) -> str:
    return current().blind_index(plain)


def derived_key(purpose: bytes) -> bytes:
    """A key for one purpose (sealed pending uploads…), derived from the field key: it follows the key, so what
    was sealed before a rotation no longer opens after it."""
    return current().derive(purpose)


def seal_bytes(purpose: bytes, data: bytes, aad: bytes | None = None) -> bytes:
    return current().seal_bytes(purpose, data, aad)


def open_bytes(purpose: bytes, raw: bytes, aad: bytes | None = None) -> bytes:
    return current().open_bytes(purpose, raw, aad)
