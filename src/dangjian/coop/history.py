from dangjian.core.history import register

from .models import CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource

register(PartnerUnit, mask=("contact_phone",))  # history shows 138****5678, like the page
for model in (CoBuildAgreement, JointActivity, Need, Resource, Project):
    register(model)
