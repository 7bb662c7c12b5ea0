from ..pages import Page, register
from ..roles import Role
from .models import CONFIGURERS, Delivery, Robot

register(
    Page("notify_preferences", "通知方式", writes=True, writers=frozenset(Role), bench=False),
    Page("channels:robot_list", "工作群机器人"),
    Page("channels:robot_add", "新增工作群机器人", creates=Robot, writes=True, bench=False),
    Page("channels:robot_edit", "修改工作群机器人", model=Robot, writes=True, bench=False),
    Page("channels:delivery_list", "通知发送记录"),
    Page("channels:delivery_list", "通知发送记录：发送失败", query="status=failed"),
    Page("channels:delivery", "通知发送记录详情", model=Delivery),
    Page("channels:delivery_retry", "重新发送通知", model=Delivery, writes=True, get=False, writers=CONFIGURERS),
)
