"""What the gunicorn benchmarks share: a seeded data dir, a gunicorn on a free port, signing in.

The server runs as in production — the second factor required (DANGJIAN_2FA's default) — so a persona who
must use one gets a confirmed authenticator and recovery codes made in this process, and signs in with
password and a recovery code, through the real pages (each client its own session). Daily jobs are off
(DANGJIAN_DAILY_JOBS=0) so no request of the measurement starts the day's reminders.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Dangjian@2026"


def environment(data_dir: Path, **extra) -> dict:
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "dangjian.settings",
           "DANGJIAN_DAILY_JOBS": "0", **extra}
    os.environ.update(env)  # this process reads the same database (samples, second factor)
    return env


def prepare(scale: str, env: dict) -> float | None:
    """Migrate and seed `scale` unless the data dir (or DATABASE_URL) already holds seeded data; the seconds
    seeding took, or None when it was already there (pass --data-dir to reuse a district's data)."""
    subprocess.run([sys.executable, "-m", "dangjian.cli", "migrate", "--noinput"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    django_setup()
    from dangjian.core import seeding

    if seeding.already_seeded():
        return None
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dangjian.cli", "seed", "--scale", scale], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def django_setup() -> None:
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen, base: str):
        self.process, self.base = process, base
        self.host, self.port = base.removeprefix("http://").split(":")
        self.port = int(self.port)

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def gunicorn(env: dict, workers: int = 2, app: str = "dangjian.wsgi"):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", "-w", str(workers),
                                "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.2)
        yield Server(process, base)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _recovery_code(username: str) -> str:
    """A new single-use recovery code for `username`, added to their recovery device (made, with a confirmed
    authenticator so the gate asks for a code, on first use). Codes are added, never replaced: a session
    signed in with an earlier code of the same device stays verified."""
    import secrets

    django_setup()
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dangjian.core import twofactor

    user = get_user_model().objects.get(username=username)
    if twofactor.totp_device(user) is None:
        TOTPDevice.objects.create(user=user, name=twofactor.DEVICE_NAME, confirmed=True)
    device = twofactor.recovery_device(user)
    if device is None:
        twofactor.new_recovery_codes(user)
        device = twofactor.recovery_device(user)
    code = f"{secrets.randbelow(10 ** twofactor.RECOVERY_DIGITS):0{twofactor.RECOVERY_DIGITS}d}"
    StaticToken.objects.create(device=device, token=code)
    return code


def login(base: str, username: str, password: str = PASSWORD):
    """An opener signed in as `username` (a session of its own), past the second factor when asked for one."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    token = _csrf(opener.open(base + "/login/").read().decode())
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    response = opener.open(urllib.request.Request(base + "/login/", data=data.encode(),
                                                  headers={"Referer": base + "/login/"}))
    if "/account/2fa/" in response.geturl():
        code = _recovery_code(username)
        verify = base + "/account/2fa/verify/?next=/"
        token = _csrf(opener.open(verify).read().decode())
        data = urllib.parse.urlencode({"otp_token": code, "next": "/", "csrfmiddlewaretoken": token})
        response = opener.open(urllib.request.Request(verify, data=data.encode(), headers={"Referer": verify}))
    if "/login/" in response.geturl() or "/account/2fa/" in response.geturl():
        raise RuntimeError(f"could not sign in as {username}: ended at {response.geturl()}")
    opener.cookie_header = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener
