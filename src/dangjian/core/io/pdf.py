"""PDF from .docx through LibreOffice, so a 公文 prints the same on a machine without Word or WPS."""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfUnavailable(Exception):
    """Raised instead of a failed conversion so a view can tell the user to ask for LibreOffice, not to retry."""

    def __init__(self, message="未安装 LibreOffice，无法生成 PDF。"):
        super().__init__(message)


# One conversion at a time per process: each LibreOffice run takes a core and ~200 MB for seconds.
_SLOTS = threading.BoundedSemaphore(1)
WAIT_SECONDS = 30


def libreoffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """Convert in a private directory with a private profile: two runs sharing a profile block or fail each other."""
    soffice = libreoffice_path()
    if soffice is None:
        raise PdfUnavailable()
    if not _SLOTS.acquire(timeout=WAIT_SECONDS):
        raise PdfUnavailable("正在生成其他 PDF 文件，请稍后再试，或先下载 Word 版。")
    try:
        return _convert(soffice, docx_bytes)
    finally:
        _SLOTS.release()


def _convert(soffice: str, docx_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="dangjian-pdf-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "document.docx"
        source.write_bytes(docx_bytes)
        command = [soffice, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(tmpdir), str(source)]
        # A new session lets a timeout kill soffice.bin too, not just the wrapper script that started it.
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s") from None
        target = tmpdir / "document.pdf"
        # soffice exits 0 even when it could not load the file, so the output file is the real test.
        if proc.returncode != 0 or not target.exists():
            raise RuntimeError(f"LibreOffice conversion failed (exit {proc.returncode}): "
                               f"{stderr.decode(errors='replace').strip()}")
        return target.read_bytes()
