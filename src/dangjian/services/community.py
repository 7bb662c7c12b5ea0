"""Which community a resident or volunteer belongs to, for the phone pages and the API alike."""

from django.http import Http404

from dangjian.core.scope import grants
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization


def person_of(user):
    person = getattr(user, "person", None)
    if person is None:
        raise Http404("您的账号没有关联人员信息，请联系社区。")
    return person


def community_of(user) -> Organization:
    """The community of the user's person record, else of their first role."""
    person = person_of(user)
    for path in [person.organization.path] + [g.path for g in grants(user)]:
        candidates = [path[:i] for i in range(len(path), 0, -Organization.steplen)]
        community = Organization.objects.filter(path__in=candidates, kind=OrgKind.COMMUNITY_COMMITTEE).first()
        if community:
            return community
    raise Http404("没有找到您所在的社区。")
