"""What waits in services: applications to approve, wishes to review, bookings to confirm."""

from django.urls import reverse

from dangjian.core.todo import todo

from .choices import BookingStatus, WishStatus
from .models import Booking, MicroWish, Registration


@todo("registrations", "待审核的注册申请", roles=Registration.edit_roles, order=50,
      columns=(("社区", "community.name"), ("申请身份", "wants")))
def registrations(user):
    return (Registration.objects.editable_by(user).filter(status=Registration.Status.PENDING)
            .select_related("community").order_by("pk"))


@todo("wishes_to_review", "待审核的微心愿", roles=MicroWish.edit_roles, order=51,
      columns=(("许愿人", "resident.name"), ("社区", "organization.name")), hint="审核通过后发布到社区心愿墙。")
def wishes_to_review(user):
    return (MicroWish.objects.editable_by(user).filter(status=WishStatus.SUBMITTED)
            .select_related("resident", "organization").order_by("pk"))


@todo("bookings_to_confirm", "待确认的服务预约", roles=Booking.edit_roles, order=52,
      columns=(("服务", "slot.item.title"), ("时间", "slot.starts_at"), ("预约人", "resident.name")),
      link=lambda b: reverse("services:booking_list") + "?status=booked")
def bookings_to_confirm(user):
    return (Booking.objects.editable_by(user).filter(status=BookingStatus.BOOKED)
            .select_related("slot__item", "resident").order_by("slot__starts_at", "pk"))
