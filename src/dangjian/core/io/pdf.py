"""PDF from .docx through LibreOffice, so a 公文 prints the same on a machine without Word or WPS.

Three things are adjusted for LibreOffice only, never in the .docx a user downloads: the fonts (``fonts.conf`` maps
the 公文 fonts, which a server rarely has, to free ones), the document grid
and ``w:overflowPunct``, which LibreOffice reads backwards (see ``for_libreoffice``).
"""

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

TIMEOUT_SECONDS = 120
FONTCONFIG = Path(__file__).with_name("fonts.conf")


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


_CHAR_GRID = re.compile(rb'(<w:docGrid\b[^>]*?\bw:type=")linesAndChars(")')
_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?:\s+w:val="([^"]*)")?\s*/>')


def _invert_overflow_punct(match) -> bytes:
    allowed = match.group(1) in (None, b"1", b"true", b"on")
    return b'<w:overflowPunct w:val="%s"/>' % (b"0" if allowed else b"1")


def for_libreoffice(docx_bytes: bytes) -> bytes:
    """The .docx with its character grid (``linesAndChars``) turned into a line grid and ``w:overflowPunct``
    inverted.

    LibreOffice 7.4 cannot set a character narrower than a grid cell: with the 28-character grid of a 公文 (cells of
    15.79 pt for 16 pt characters) it breaks lines after 14 or 27 characters, even in paragraphs that opt out of
    the grid. The paragraphs of an ``OfficialDocument`` carry the grid's metrics themselves, so without the
    character grid LibreOffice lays out the 22 lines of 28 characters that Word and WPS lay out with it.

    Its .docx import also reads ``w:overflowPunct`` backwards (``ParaIsHangingPunctuation = (val == 0)``): the
    ``val="0"`` that keeps stops inside the text block in Word would make LibreOffice hang them in the margin,
    where it drops some from the page (measured: 14 of a report's 、 and ，). Inverting the value gives LibreOffice
    what Word reads.
    """
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    changed = {}
    for name in ("word/document.xml", "word/styles.xml"):
        if name not in src.namelist():
            continue
        xml = src.read(name)
        new = _OVERFLOW_PUNCT.sub(_invert_overflow_punct, xml)
        if name == "word/document.xml":
            new = _CHAR_GRID.sub(rb"\1lines\2", new)
        if new != xml:
            changed[name] = new
    if not changed:
        return docx_bytes
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, changed.get(item.filename) or src.read(item.filename))
    return out.getvalue()


def soffice_environment() -> dict:
    """The environment soffice runs in: ours plus ``fonts.conf``, which includes the system's configuration."""
    env = dict(os.environ)
    if FONTCONFIG.exists():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG)
    return env


def _convert(soffice: str, docx_bytes: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="dangjian-pdf-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "document.docx"
        source.write_bytes(for_libreoffice(docx_bytes))
        command = [soffice, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(tmpdir), str(source)]
        # A new session lets a timeout kill soffice.bin too, not just the wrapper script that started it.
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                env=soffice_environment())
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
