"""Checked uploads waiting for their "确认导入" (a roster file is full of ID numbers and phones).

A file that passed the dry run was kept as it came, readable by anyone on the server (0644), until some later
import swept the folder — so a checked but never confirmed roster left ID numbers on disk in clear. Here it is
sealed with the field cipher (AES-256-GCM, or SM4-GCM) under a key derived from the field key (so it reads back
only on this installation, and not after a key rotation, which removes what waits),
written owner-only (0600), bound to the user who uploaded it, and removed on confirm, on cancel, and by the
queue's hourly job once it is an hour old (every import also sweeps what has expired).
"""

import os
import secrets
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from django.conf import settings

from dangjian.core import crypto

TTL_SECONDS = 3600
SUFFIX = ".sealed"
PURPOSE = b"dangjian-pending-imports"  # the label of the key derived from the field key


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _issued_at(token: str) -> int | None:
    parts = token.split("-")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _path(user, token: str) -> Path | None:
    """The file of `token` if it is the user's and well formed (else None: nobody opens another's)."""
    parts = token.split("-")
    if len(parts) != 3 or parts[0] != str(user.pk) or not parts[1].isdigit() or not parts[2].isalnum():
        return None
    return folder() / f"{token}{SUFFIX}"


def store(user, upload) -> str:
    sweep()
    token = f"{user.pk}-{int(time.time())}-{secrets.token_hex(12)}"
    upload.seek(0)
    data = b"".join(upload.chunks())
    sealed = crypto.seal_bytes(PURPOSE, data, token.encode())
    fd = os.open(folder() / f"{token}{SUFFIX}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(sealed)
    return token


def claim(user, token: str) -> bytes | None:
    """The upload's bytes, taken once: of two clicks on 确认导入 only one gets them; the file is gone after."""
    path = _path(user, token)
    if path is None:
        return None
    issued = _issued_at(token)
    claimed = path.with_suffix(".claimed")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    try:
        if issued is None or time.time() - issued > TTL_SECONDS:
            return None
        raw = claimed.read_bytes()
        return crypto.open_bytes(PURPOSE, raw, token.encode())
    except InvalidTag:
        return None
    finally:
        claimed.unlink(missing_ok=True)


def discard(user, token: str) -> bool:
    path = _path(user, token)
    if path is None or not path.exists():
        return False
    path.unlink(missing_ok=True)
    return True


def sweep(now: float | None = None) -> int:
    """Remove what has expired (and anything left by an older version or a crash). Returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for f in folder().iterdir():
        issued = _issued_at(f.stem) if f.suffix == SUFFIX else None
        if issued is None or now - issued > TTL_SECONDS:
            if f.suffix == ".claimed" and now - f.stat().st_mtime < 60:
                continue  # being imported right now
            f.unlink(missing_ok=True)
            removed += 1
    return removed
