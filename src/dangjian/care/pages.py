from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.core.roles import SELF_ROLES

from .models import HelpVisit, ResidentFile

HAS_PHOTO = Q(visits__photos__isnull=False)


def _photo(file):
    visit = HelpVisit.objects.filter(file=file, photos__isnull=False).order_by("pk").first()
    return {"pk": file.pk, "visit_pk": visit.pk, "evidence_pk": visit.photos.order_by("pk").first().pk}


# Committee staff open files only with an explicit grant (committee_sees=False); the members of a file's help
# group record their visits whatever their role (hence the self-service roles among that page's writers).
register(
    Page("care:file_list", "民情档案"),
    Page("care:file_add", "建档", creates=ResidentFile, writes=True, committee_sees=False),
    # Opening a file is recorded, and the record is sealed into the audit chain (core/trail.py): +4 queries.
    Page("care:file", "民情档案详情", model=ResidentFile, committee_sees=False, budget=24),
    Page("care:file_edit", "修改民情档案", model=ResidentFile, committee_sees=False, writes=True),
    Page("care:add_visit", "登记帮扶走访", model=ResidentFile, committee_sees=False, writes=True, get=False,
         writers=frozenset(ResidentFile.edit_roles) | SELF_ROLES),
    Page("care:visit_photo", "帮扶走访照片", model=ResidentFile, committee_sees=False, where=HAS_PHOTO, kwargs=_photo,
         bench=False),
    Page("care:add_group", "建立帮扶小组", model=ResidentFile, committee_sees=False, writes=True, get=False),
    Page("care:close", "销档", model=ResidentFile, committee_sees=False, writes=True, get=False),
    Page("care:export", "导出民情档案", writes=True, bench=False),
    Page("care:stats", "民情档案统计"),
    Page("care:grid_network", "网格服务网络"),
    Page("api:residentfile-list", "API 民情档案", api=True),
    Page("api:residentfile-detail", "API 民情档案详情", model=ResidentFile, api=True, committee_sees=False),
)
