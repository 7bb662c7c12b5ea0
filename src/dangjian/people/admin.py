from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "birth_date", "organization"]
    search_fields = ["name", "pinyin_initials", "id_last4"]
    raw_id_fields = ["organization", "user"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["id_masked", "phone_mask"]

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description="手机号码")
    def phone_mask(self, obj):
        return obj.phone_masked
