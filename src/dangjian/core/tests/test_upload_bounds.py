"""Upload limits that are limits: a spreadsheet that unpacks to hundreds of megabytes is refused before it
is parsed, with a Chinese message, and nothing is written."""

import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.io import importer
from dangjian.members import io


def _bomb(unpacked_mb: int) -> bytes:
    """A real roster template with one more part that unpacks to `unpacked_mb` MB of spaces."""
    template = BytesIO()
    importer.template("党员名册导入模板", io.COLUMNS).save(template)
    out = BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        block = b" " * (1024 * 1024)
        with dst.open("xl/sharedStrings2.xml", "w") as part:
            for _ in range(unpacked_mb):
                part.write(block)
    return out.getvalue()


def test_a_spreadsheet_that_unpacks_to_hundreds_of_megabytes_is_refused_before_parsing():
    data = _bomb(300)
    assert len(data) < 1024 * 1024  # well under the upload limit as sent
    started = time.perf_counter()
    with pytest.raises(importer.ImportFileError, match="解压后超过"):
        importer.read(SimpleUploadedFile("名册.xlsx", data), io.COLUMNS)
    elapsed = time.perf_counter() - started
    print(f"refused in {elapsed * 1000:.0f} ms")  # a figure, not an assertion (bench/ measures memory)


def test_the_import_page_says_so_and_stores_nothing(login):
    from dangjian.members.models import PartyMember

    before = PartyMember.objects.count()
    response = login("secretary_a").post("/members/import/", {"file": SimpleUploadedFile("名册.xlsx", _bomb(100))})
    assert "解压后超过" in response.content.decode()
    assert PartyMember.objects.count() == before and "token" not in response.context


def test_an_ordinary_roster_still_reads(login):
    from dangjian.members.tests.helpers import roster_rows, xlsx_upload

    result = importer.read(xlsx_upload(roster_rows(200, "东风社区第1网格党支部")), io.COLUMNS)
    assert len(result.rows) == 200


def test_a_body_over_the_limit_is_refused_before_the_view_reads_it(login, settings):
    from dangjian.members.models import PartyMember

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    before = PartyMember.objects.count()
    big = SimpleUploadedFile("名册.xlsx", b"PK" + b"\0" * (3 * 1024 * 1024))
    response = login("secretary_a").post("/members/import/", {"file": big})
    assert response.status_code == 413 and response["Connection"] == "close"
    assert "超过 1MB，未被接收" in response.content.decode()
    assert PartyMember.objects.count() == before


def test_the_upload_handler_stops_a_stream_at_the_limit(settings, rf):
    from django.core.files.uploadhandler import StopUpload

    from dangjian.core.uploads import LimitedUploadHandler

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    request = rf.post("/")
    handler = LimitedUploadHandler(request)
    chunk = b"x" * (64 * 1024)
    received = 0
    with pytest.raises(StopUpload) as stopped:
        while True:
            handler.receive_data_chunk(chunk, received)
            received += len(chunk)
    assert stopped.value.connection_reset and received <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert "未被接收" in request.upload_refused


def test_ordinary_uploads_pass(login):
    from dangjian.members.tests.helpers import roster_rows, xlsx_upload

    response = login("secretary_a").post("/members/import/", {"file": xlsx_upload(roster_rows(20, "x"))})
    assert response.status_code == 200 and response.context["result"] is not None


@pytest.mark.parametrize("name, content", [
    ("现场照片.jpg", b"<html><script>alert(1)</script></html>"),
    ("整改报告.pdf", b"MZ\x90\x00 not a pdf"),
    ("台账.xlsx", b"%PDF-1.4 a pdf named xlsx"),
    ("说明.txt", b"<svg onload=alert(1)>"),
])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(community_a, name, content):
    from django.core.exceptions import ValidationError

    from dangjian.core.models import Evidence

    before = Evidence.objects.count()
    with pytest.raises(ValidationError, match="内容与扩展名"):
        Evidence.store(SimpleUploadedFile(name, content), community_a, None)
    assert Evidence.objects.count() == before


def test_real_photos_and_documents_are_kept(community_a):
    from dangjian.core.models import Evidence
    from dangjian.core.seeding import demo_photo

    assert Evidence.store(demo_photo("照片.png"), community_a, None).pk
    assert Evidence.store(SimpleUploadedFile("报告.pdf", b"%PDF-1.7\n%\xe2\xe3"), community_a, None).pk
    assert Evidence.store(SimpleUploadedFile("说明.txt", "请按时参加".encode()), community_a, None).pk
