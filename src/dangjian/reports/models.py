"""The annual implementation report: only the committee's own words are stored; figures never are. And the
letterhead (署名, .docx template) every document issued in a street's name carries."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role


class AnnualReport(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="党工委", on_delete=models.PROTECT,
                                     related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=100, blank=True,
                             help_text="留空则为“关于基层党建“三张清单”制度落实情况的报告”")
    recipient = models.CharField("主送机关", max_length=60, default="区委组织部")
    # Narrative paragraphs keyed by section (see reports.composer.SECTIONS); template sentences and
    # every number are composed from the records at each export and cannot be edited here.
    narratives = models.JSONField("补充段落", default=dict, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度落实情况报告"
        verbose_name_plural = "年度落实情况报告"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="annual_report_once")]

    def __str__(self):
        return f"{self.organization} {self.year}年度报告"

    def get_absolute_url(self):
        return report_url(self.organization_id, self.year)


def report_url(org_pk, year) -> str:
    """The report page of one organization and year (the one `?within=` parameter names the organization)."""
    from dangjian.orgs.params import PARAM

    return f"{reverse('reports:annual')}?{urlencode({PARAM: org_pk, 'year': year})}"


class Letterhead(models.Model):
    """What every 公文 issued in a street committee's name carries: its full name as 发文机关署名 and, if the street
    uploaded one, its own .docx letterhead (版头, red line, signature block; core/io/letterhead.py).

    A street without a row signs with the name derived from the tree (reports/letterhead.py) in the standard
    GB/T 9704 layout. Set by the street's own committee staff; the district reads it. The template's bytes are
    kept in the row (a few hundred kilobytes, saved with it or not at all); its name and checksum are in the history.
    """

    reach = (Subtree("street"),)
    edit_roles = {Role.STREET_ADMIN}

    street = models.OneToOneField("orgs.Organization", verbose_name="街道党工委", on_delete=models.CASCADE,
                                  related_name="letterhead")
    signature = models.CharField("发文机关署名", max_length=26, blank=True,
                                 help_text="党工委的全称，如“中共示范区北关街道工作委员会”；留空则按组织名称自动生成。")
    template = models.BinaryField("版头模板", null=True, blank=True, editable=False)
    template_name = models.CharField("版头模板文件", max_length=200, blank=True)
    template_sha256 = models.CharField("模板校验值", max_length=64, blank=True, editable=False)
    template_size = models.PositiveIntegerField("模板大小（字节）", default=0, editable=False)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公文署名与版头"
        verbose_name_plural = "公文署名与版头"

    def __str__(self):
        return f"{self.street} 公文署名与版头"

    def get_absolute_url(self):
        return letterhead_url(self.street_id)


def letterhead_url(street_pk) -> str:
    from dangjian.orgs.params import PARAM

    return f"{reverse('reports:letterhead')}?{urlencode({PARAM: street_pk})}"
