"""Position metrics: positions at each level, standing service items, room use."""

from django.db.models import Q

from dangjian.core.metrics import metric, on_days, subtree

from .models import Position, RoomBooking, StandingService


@metric("positions", "党建阵地", "处", "期末已启用的党群服务中心、楼院和广场等阵地", Position,
        columns=(("阵地", "name"), ("层级", "get_level_display"), ("组织", "organization.name")), assessable=False)
def positions(base, org, start, end):
    return subtree(base, "organization", org).filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))


@metric("standing_services", "常设服务项目", "项", "期末在阵地常设的服务项目（设立不晚于期末且未撤销）",
        StandingService, columns=(("服务项目", "name"), ("阵地", "position.name"), ("服务时间", "schedule")))
def standing_services(base, org, start, end):
    return subtree(base, "position__organization", org).filter(since__lte=end).filter(
        Q(until__isnull=True) | Q(until__gt=end))


@metric("room_bookings", "功能室使用", "次", "期内功能室的预约使用次数（不含已取消）", RoomBooking,
        columns=(("开始", "starts_at"), ("阵地", "room.position.name"), ("功能室", "room.name"), ("用途", "purpose")),
        assessable=False)
def room_bookings(base, org, start, end):
    return subtree(base, "room__position__organization", org).filter(
        cancelled_at__isnull=True, **on_days("starts_at", start, end))
