"""Which notices may leave the inbox, and by which channels: the one declared place.

A notification is matched to a topic by the start of its key (the reminders build keys as `birthday:…`,
`meeting:…`, `supervision:…`); a key no topic names stays in the inbox. For each topic: the channels a person
may choose, and the ones on until they choose otherwise. The inbox is always on and not a choice.

A group robot posts in a group chat that many people read, so topics whose text names a person's difficulties
(an overdue help visit to a resident on file, a member absent three times) are never offered to it.
"""

from dataclasses import dataclass

SMS, EMAIL, GROUP = "sms", "email", "group"  # what a person chooses; GROUP = the robots of their organization
CHOICES = ((SMS, "短信"), (EMAIL, "电子邮件"), (GROUP, "工作群机器人（企业微信/钉钉）"))
ALL = (SMS, EMAIL, GROUP)


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    prefixes: tuple[str, ...]  # notification keys starting with one of these belong here
    channels: tuple[str, ...]  # may go out by these
    defaults: tuple[str, ...]  # on until the person turns them off
    note: str = ""

    def offers(self, channel: str) -> bool:
        return channel in self.channels


TOPICS = (
    Topic("birthday", "生日、政治生日祝福", ("birthday:", "political-birthday:"), (SMS, EMAIL), (SMS,),
          "在您的生日和入党纪念日送上祝福"),
    Topic("birthday_notice", "党员生日提醒（书记）", ("birthday-sec:", "political-birthday-sec:"), ALL, (GROUP,),
          "支部党员的生日、政治生日，便于送上祝福"),
    Topic("meeting", "会议提醒", ("meeting:",), ALL, (SMS, GROUP), "组织生活会议召开前两天提醒参会"),
    Topic("org_life_due", "组织生活待开展", ("owe:",), ALL, (GROUP,), "本周期组织生活次数不足"),
    Topic("overdue", "逾期督办", ("supervision:",), ALL, (SMS, GROUP), "任务、问题超过时限的督办"),
    Topic("help_visit", "帮扶走访逾期", ("help-visit:",), (SMS, EMAIL), (SMS,),
          "民情档案走访逾期（涉及个人情况，不发到工作群）"),
    Topic("recruitment", "发展党员环节到期", ("recruitment:",), ALL, (SMS,), "发展党员各环节临近或超过时限"),
    Topic("transfer", "组织关系转接", ("transfer:",), ALL, (SMS,), "待接收、被退回或已接收的组织关系转接"),
    Topic("term", "支部换届提醒", ("term:",), ALL, (SMS, GROUP), "班子任期届满前六个月、三个月提醒换届"),
    Topic("dues", "党费交纳提醒", ("dues:",), (SMS, EMAIL), (SMS,), "本人党费欠交提醒（不发到工作群）"),
    Topic("dues_notice", "支部党费收缴（书记）", ("dues-sec:",), ALL, (GROUP,), "本支部党费未交人数、收缴率"),
    Topic("weekly_summary", "周总结待提交", ("weekly-summary:",), ALL, (), "每周一提醒提交上周周总结"),
)
BY_CODE = {t.code: t for t in TOPICS}


def topic_of(key: str) -> Topic | None:
    """The topic a notification key belongs to, or None: it stays in the inbox."""
    for topic in TOPICS:
        if key.startswith(topic.prefixes):
            return topic
    return None
