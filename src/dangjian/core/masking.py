"""How personal data looks on screens, in exports and in API responses unless revealed."""


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_any(value: str) -> str:
    """Used by the audit log for every masked field, so history never shows a full number."""
    return mask_id_number(value) if len(value) >= 15 else mask_phone(value)
