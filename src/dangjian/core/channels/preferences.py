"""What each person chose: which channels for which topics. Without a choice, the topic's default holds
(topics.py); the inbox is always on and not a choice."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .models import Preference
from .topics import BY_CODE, TOPICS, Topic


def _saved(user) -> dict[tuple[str, str], bool]:
    cached = getattr(user, "_dj_channel_prefs", None)
    if cached is None:
        cached = {(p.topic, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
        user._dj_channel_prefs = cached
    return cached


def chosen(user, topic: Topic) -> set[str]:
    """The channels this notice goes out by for the user."""
    saved = _saved(user)
    return {c for c in topic.channels if saved.get((topic.code, c), c in topic.defaults)}


def table(user) -> list[tuple[Topic, list[tuple[str, str, bool, bool]]]]:
    """For the page: each topic with (channel, its label, offered, ticked) for every channel, in CHOICES order."""
    from .topics import CHOICES

    saved = _saved(user)
    return [(t, [(c, label, t.offers(c), t.offers(c) and saved.get((t.code, c), c in t.defaults))
                 for c, label in CHOICES]) for t in TOPICS]


@transaction.atomic
def save(user, checked: set[tuple[str, str]], email: str | None = None) -> int:
    """Store the person's choice for every offered (topic, channel) — and their e-mail address, when given;
    returns how many differ from before. A bad address is refused (in Chinese) and nothing is stored."""
    changed = 0
    if email is not None and email.strip() != user.email:
        email = email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError("请填写正确的电子邮箱地址，如 zhangsan@example.com。") from None
        account = get_user_model().objects.get(pk=user.pk)  # saved, not updated: the account's history has it
        account.email = email
        account.save(update_fields=["email"])
        user.email = email
        changed += 1
    before = _saved(user)
    for topic in TOPICS:
        for channel in topic.channels:
            on = (topic.code, channel) in checked
            was = before.get((topic.code, channel), channel in topic.defaults)
            if on != was:
                changed += 1
            Preference.objects.update_or_create(user=user, topic=topic.code, channel=channel,
                                                defaults={"enabled": on})
    user._dj_channel_prefs = None
    return changed


def parse(post) -> set[tuple[str, str]]:
    """The ticked boxes of the page's form: names `t-<topic>-<channel>`; anything else is ignored."""
    out = set()
    for name in post:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "t" and parts[1] in BY_CODE and BY_CODE[parts[1]].offers(parts[2]):
            out.add((parts[1], parts[2]))
    return out
