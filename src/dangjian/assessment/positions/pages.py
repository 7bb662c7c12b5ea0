"""Position and booking pages in the page registry (role × view matrices, query budgets, bench)."""

from django.db.models import Q

from dangjian.core.pages import Page, register

from .models import Position, Room, RoomBooking, StandingService

register(
    Page("assessment:position_list", "阵地建设"),
    Page("assessment:position_list", "阵地搜索", query="q=党群&level=community"),
    Page("assessment:position_list", "阵地导出", query="format=xlsx", bench=False),
    Page("assessment:position", "阵地详情", model=Position),
    Page("assessment:position_add", "新建阵地", creates=Position, writes=True, bench=False),
    Page("assessment:position_edit", "修改阵地", model=Position, writes=True, bench=False),
    Page("assessment:position_delete", "删除阵地", model=Position, writes=True, bench=False),
    Page("assessment:room_add", "新建功能室", model=Position, writes=True, bench=False),
    Page("assessment:room_edit", "修改功能室", model=Room, writes=True, bench=False),
    Page("assessment:room_delete", "删除功能室", model=Room, writes=True, bench=False),
    Page("assessment:service_add", "新建常设服务项目", model=Position, writes=True, bench=False),
    Page("assessment:service_edit", "修改常设服务项目", model=StandingService, writes=True, bench=False),
    Page("assessment:service_delete", "删除常设服务项目", model=StandingService, writes=True, bench=False),
    Page("assessment:booking_list", "功能室预约"),
    Page("assessment:booking_add", "预约功能室", creates=RoomBooking, writes=True),
    Page("assessment:booking_cancel", "取消预约", model=RoomBooking, writes=True, get=False,
         where=Q(cancelled_at__isnull=True)),
    Page("api:position-list", "API 阵地", api=True),
    Page("api:position-detail", "API 阵地详情", model=Position, api=True),
    Page("api:roombooking-list", "API 功能室预约", api=True, creates=RoomBooking, writes=True),
    Page("api:roombooking-detail", "API 功能室预约详情", model=RoomBooking, api=True, bench=False),
    Page("api:roombooking-cancel", "API 取消预约", model=RoomBooking, api=True, writes=True, get=False,
         kwargs=lambda booking: {"pk": booking.pk}, where=Q(cancelled_at__isnull=True)),
)
