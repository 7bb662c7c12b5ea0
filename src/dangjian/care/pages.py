from dangjian.core.pages import Page, register

from .models import ResidentFile

register(
    Page("care:file_list", "民情档案"),
    Page("care:file", "民情档案详情", model=ResidentFile, committee_sees=False),
    Page("care:stats", "民情档案统计"),
    Page("care:grid_network", "网格服务网络"),
    Page("api:residentfile-list", "API 民情档案", api=True),
    Page("api:residentfile-detail", "API 民情档案详情", model=ResidentFile, api=True, committee_sees=False),
)
