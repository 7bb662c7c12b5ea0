"""What a person's authenticator app does, for tests: the 6-digit code of a secret at a moment.

The secret is read the way a person reads it (the text under the QR code, base32 in groups of four) or
taken from the device; the code is django-otp's own TOTP (RFC 6238), as any authenticator app computes it.
"""

import time
from base64 import b32decode

from django_otp.oath import TOTP


def key_of(secret) -> bytes:
    """The key of a device, or of the secret text an enrolment page shows."""
    if hasattr(secret, "bin_key"):
        return secret.bin_key
    text = "".join(str(secret).split()).upper()
    return b32decode(text + "=" * (-len(text) % 8))


def code(secret, *, later: int = 0) -> str:
    """The code the app shows now (or `later` seconds from now: the next one, for a second sign-in within the
    same 30 seconds, which django-otp rightly refuses to accept twice)."""
    totp = TOTP(key_of(secret), step=30, t0=0, digits=6)
    totp.time = time.time() + later
    return f"{totp.token():06d}"
