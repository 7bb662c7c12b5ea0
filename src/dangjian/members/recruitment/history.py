from dangjian.core.history import register

from ..models import Candidate, CandidateStep

register(Candidate, exclude=("next_step", "next_from", "next_due"),
         reasons={"终止发展": "终止原因", "延长预备期": "延长原因"})
register(CandidateStep)
