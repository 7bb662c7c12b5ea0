"""`dangjian report --org <street> --year <year> -o report.docx` — the annual report from the records."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from dangjian.core.dbrouter import reading_replica
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from ...composer import NothingToReport, compose
from ...document import build_docx
from ...models import AnnualReport


class Command(BaseCommand):
    help = "按平台记录生成年度落实情况报告（.docx，输出文件名以 .pdf 结尾时转换为 PDF）。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="街道党工委（或社区党委）的编号或名称")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, org, year, output, **options):
        lookup = Q(name=org) | Q(short_name=org)
        if org.isdigit():
            lookup |= Q(pk=int(org))
        street = (Organization.objects.filter(lookup, kind__in=(OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE))
                  .order_by("depth").first())
        if street is None:
            raise CommandError(f"找不到街道党工委或社区党委：{org}")
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在 2000 到 2100 之间。")
        saved = AnnualReport.objects.filter(organization=street, year=year).first()
        try:
            with reading_replica():  # a report reads a great deal and writes nothing: the replica when there is one
                report = compose(street, year, report=saved)
        except NothingToReport as exc:
            raise CommandError(exc.text) from None
        data = build_docx(report)
        path = Path(output)
        if path.suffix.lower() == ".pdf":
            from dangjian.core.io.pdf import PdfUnavailable, docx_to_pdf

            try:
                data = docx_to_pdf(data)
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from None
        path.write_bytes(data)
        self.stdout.write(f"已生成 {path}（{len(report.figures)} 项数据，{len(data) // 1024} KB）")
