"""Model fields that keep personal data encrypted in the database."""

from django.db import models

from . import crypto


class EncryptedCharField(models.TextField):
    """Holds plain text in Python and ciphertext (AES-256-GCM or SM4-GCM, see `crypto`) in the column.

    Not searchable by value: pair it with a blind-index column (see `crypto.blind_index`) and name that column
    in `blind_index=` so a key rotation (core.rotation) recomputes it with the value. It is no part of the
    schema, hence not in `deconstruct` (no migration).
    """

    def __init__(self, *args, blind_index: str | None = None, **kwargs):
        self.blind_index = blind_index
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)
