from dangjian.core.history import register

from .models import Person

register(Person, mask=("id_number", "phone"), exclude=("id_hash", "phone_hash", "pinyin", "pinyin_initials"))
