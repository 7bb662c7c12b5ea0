"""Password rule the committee asked for: at least three of four character classes."""

import re

from django.contrib.auth.password_validation import MinimumLengthValidator as BaseMinimumLengthValidator
from django.core.exceptions import ValidationError

_CLASSES = (
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern, _ in _CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                "密码须包含小写字母、大写字母、数字、符号中的至少三类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return "密码须包含小写字母、大写字母、数字、符号中的至少三类。"


class MinimumLengthValidator(BaseMinimumLengthValidator):
    """Django 5.2's catalogue lacks the Chinese text for this message; say it ourselves."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class HistoryValidator:
    """The last `keep` passwords of an account may not be chosen again (compared with their kept hashes)."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password, user=None):
        from django.contrib.auth.hashers import check_password

        from .password_policy import recent_hashes

        if user is None or getattr(user, "pk", None) is None:
            return  # a new account has no past passwords
        if any(check_password(password, encoded) for encoded in recent_hashes(user, self.keep)):
            raise ValidationError(self.message(), code="password_reused")

    def message(self) -> str:
        return f"不能使用最近 {self.keep} 次用过的密码，请另设一个新密码。"

    def get_help_text(self):
        return f"不能与最近 {self.keep} 次使用过的密码相同。"
