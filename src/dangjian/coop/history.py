from dangjian.core.history import register

from .models import CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource

for model in (PartnerUnit, CoBuildAgreement, JointActivity, Need, Resource, Project):
    register(model)
