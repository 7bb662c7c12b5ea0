"""The resident's phone page "已解决吗？": answer once whether the problem they raised is fixed, with a rating.

Only the resident it asks sees a question (its reach is theirs and the community's); anyone else gets 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from dangjian.core.forms import Form
from dangjian.core.views import add_validation_error, get_visible_or_404
from dangjian.core.workflow import step

from .. import actions
from ..models import ProblemFeedback

FIXED = [("yes", "已解决"), ("no", "未解决")]
RATINGS = [(str(n), f"{n}分") for n in actions.RATINGS]


class FeedbackForm(Form):
    fixed = forms.ChoiceField(label="问题解决了吗？", choices=FIXED, widget=forms.RadioSelect,
                              error_messages={"required": "请选择问题是否已解决。"})
    rating = forms.TypedChoiceField(label="满意度（1到5分，5分最满意）", choices=RATINGS, coerce=int,
                                    widget=forms.RadioSelect, error_messages={"required": "请为办理情况打分。"})
    comment = forms.CharField(label="还想说的", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text="选“未解决”时请写明还有什么问题。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("fixed", "rating"):  # large toggle buttons on the phone, not small radio dots
            self.fields[name].widget.attrs["class"] = "btn-check"


def feedback_list(request):
    """The resident's questions: waiting ones first, then what they answered."""
    rows = list(ProblemFeedback.objects.visible_to(request.user).filter(resident=request.user)
                .select_related("problem").order_by("answered_at", "-asked_on", "-id")[:30])
    return render(request, "ledgers/phone/feedback_list.html", {"rows": rows})


def feedback(request, pk):
    row = get_visible_or_404(ProblemFeedback.objects.select_related("problem"), request.user, pk=pk,
                             resident=request.user)
    allowed = actions.may_answer_feedback(request.user, row)
    if not allowed:  # answered already: the answer, and no second one
        if request.method == "POST":
            messages.error(request, "您已经答复过这个问题，谢谢！")
        return render(request, "ledgers/phone/feedback.html", {"row": row, "form": None}, status=200)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with step():
                row = actions.answer_feedback(request.user, row, d["fixed"] == "yes", d["rating"], d["comment"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "感谢您的答复！" if d["fixed"] == "yes"
                             else "感谢您的答复，问题已转上一级党组织继续办理。" if row.reopened
                             else "感谢您的答复，社区正在继续整改这个问题。")
            return HttpResponseRedirect(reverse("civic:feedback_list"))
    return render(request, "ledgers/phone/feedback.html", {"row": row, "form": form})
