"""Whose name and letterhead a 公文 carries: a street committee's, as its own staff set them (`Letterhead`).

GB/T 9704 7.3.5 wants the 发文机关署名 as the organization's full name (or its standard short form), not a
mixture: "中共北关街道党工委" is neither. A street's full name is derived from the tree — 中共 + the district
+ the street + 工作委员会 — unless its committee typed its own. Documents issued in a street's name (its annual
report; a certificate issued by the street itself) use its letterhead template when it uploaded one; a community
writes in the standard layout under its own name, since the street's 红头 would claim the street issued it.
"""

from django.db.models import Subquery

from dangjian.core import tree
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import Letterhead

# How a district's organization is named in the tree ("示范区委组织部", "示范区区委") and what the district is called.
_DISTRICT_SUFFIXES = ("委组织部", "组织部")
_COUNCIL = ("区委", "县委", "市委", "旗委")
_STREET_SUFFIXES = ("工作委员会", "党工委", "党委")


def _strip_party(name: str) -> str:
    return name.strip()[2:] if name.strip().startswith("中共") else name.strip()


def district_area(name: str) -> str:
    """"示范区委组织部" → "示范区"; "示范区区委" → "示范区"; a plain "示范区" stays."""
    area = _strip_party(name)
    for suffix in _DISTRICT_SUFFIXES:
        if area.endswith(suffix):
            area = area[: -len(suffix)]
            break
    if area.endswith(_COUNCIL):  # "海淀区委" → "海淀区"
        area = area[:-1]
    if len(area) > 2 and area[-1] == area[-2] and area[-1] in "区县市旗":  # "示范区区委" → "示范区"
        area = area[:-1]
    return area


def street_area(street) -> str:
    """The street as a place: its short name ("北关街道"), or its name without the committee's suffix."""
    area = _strip_party(street.short_name or street.name)
    for suffix in _STREET_SUFFIXES:
        if area.endswith(suffix):
            return area[: -len(suffix)]
    return area


def default_signature(street, district_name: str | None = None) -> str:
    """中共{district}{street}工作委员会, e.g. 中共示范区北关街道工作委员会 (a street already named with its
    district — the later districts of the city scale — is not prefixed twice)."""
    if district_name is None:
        district = street.parent_org()  # the one "level above" of the tree
        district_name = district.name if district else ""
    district, street_name = district_area(district_name), street_area(street)
    prefix = "" if not district or street_name.startswith(district) else district
    return f"中共{prefix}{street_name}工作委员会"


def is_street(org) -> bool:
    return org is not None and org.kind == OrgKind.STREET_COMMITTEE


def committee_name(org) -> str | None:
    """The full name a street's documents are signed with (its own setting, else the derived one); None for an
    organization that is not a street committee."""
    if not is_street(org):
        return None
    district = Organization.objects.filter(path=tree.parent_path(org.path)).values("name")[:1]
    typed, district_name = (Organization.objects.filter(pk=org.pk)  # one query for both names
                            .annotate(district_name=Subquery(district))
                            .values_list("letterhead__signature", "district_name").first() or ("", ""))
    return typed or default_signature(org, district_name or "")


def signature_for(org) -> str:
    """The 署名 of the annual report: a street by its committee's full name; any other organization as before, by
    its own name under 中共."""
    return committee_name(org) or (org.name if org.name.startswith("中共") else f"中共{org.name}")


def template_for(org) -> bytes | None:
    """The street's letterhead template, if it uploaded one (never a street's template for a community)."""
    if not is_street(org):
        return None
    data = Letterhead.objects.filter(street=org).values_list("template", flat=True).first()
    return bytes(data) if data else None  # PostgreSQL hands back a memoryview


def official_document(org):
    """A new `OfficialDocument` for a document issued in `org`'s name: on the street's letterhead when it has one."""
    from dangjian.core.io.officialdoc import OfficialDocument

    return OfficialDocument(letterhead=template_for(org))
