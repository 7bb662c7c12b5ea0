from django.db import models


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    PUBLISHED = "published", "待认领"
    CLAIMED = "claimed", "已认领"
    FULFILLED = "fulfilled", "已实现"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "未通过"


class WishCategory(models.TextChoices):
    DAILY = "daily", "生活物资"
    STUDY = "study", "学习用品"
    HEALTH = "health", "医疗健康"
    REPAIR = "repair", "维修帮助"
    COMPANION = "companion", "陪伴关爱"
    OTHER = "other", "其他"


class ServiceMode(models.TextChoices):
    APPOINTMENT = "appointment", "预约式"
    MENU = "menu", "菜单式"
    GROUP = "group", "组团式"


class BrandKind(models.TextChoices):
    """What a community's brand is: the report words each kind its own way (打造 a brand, 创新 a method,
    搭建 a platform)."""

    SERVICE = "service", "服务品牌"
    METHOD = "method", "党建工作法"
    PLATFORM = "platform", "服务平台"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CONFIRMED = "confirmed", "已确认"
    SERVED = "served", "已服务"
    CANCELLED = "cancelled", "已取消"


ACTIVE_BOOKING = (BookingStatus.BOOKED, BookingStatus.CONFIRMED, BookingStatus.SERVED)

STAR_LEVELS = [
    (1500, "五星志愿者"),
    (1000, "四星志愿者"),
    (600, "三星志愿者"),
    (300, "二星志愿者"),
    (100, "一星志愿者"),
]


def star_level(hours) -> str:
    for threshold, label in STAR_LEVELS:
        if hours >= threshold:
            return label
    return "志愿者"
