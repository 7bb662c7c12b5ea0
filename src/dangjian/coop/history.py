from dangjian.core.history import register

from .models import ActivitySignup, CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource

register(PartnerUnit, mask=("contact_phone",))  # history shows 138****5678, like the page
# Matching a need writes the project it became (no field of the need) and the resource as the step's note.
register(Need, labels={"project": "对接项目"}, reasons={"对接资源": "说明"})
for model in (CoBuildAgreement, Resource, Project):
    register(model)
register(JointActivity, exclude=("checkin_token",))
register(ActivitySignup, labels={"activity": "活动", "member": "党员"})
