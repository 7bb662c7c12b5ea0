"""The member page's card: how the member came through the pipeline (when they did, on this platform)."""

from ..models import Candidate, CandidateStep


def panel(member, user):
    candidate = Candidate.objects.visible_to(user).filter(member=member).first()
    if candidate is None:
        return None
    steps = list(CandidateStep.objects.filter(candidate=candidate).order_by("date", "pk"))
    return {"template": "members/recruitment/panel.html", "candidate": candidate, "steps": steps}
