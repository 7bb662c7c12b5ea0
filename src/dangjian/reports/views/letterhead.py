"""A street's 公文署名与版头: the full name its documents are signed with and its own .docx letterhead.

One page per street (`?within=`, a street the user sees, else 404): its committee staff change it, the
district and the street's readers see what its documents carry; `?format=docx` downloads the template in use
(the street's own, or a standard one with the markers to start from).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.history import history_for
from dangjian.core.views import add_validation_error, staff_only
from dangjian.core.workflow import Refused
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.params import chosen_org, org_choices

from ..actions import LETTERHEAD_STAFF_ONLY, may_edit_letterhead, set_letterhead
from ..forms import LetterheadForm
from ..letterhead import default_signature
from ..models import Letterhead, letterhead_url, report_url

STREETS = (OrgKind.STREET_COMMITTEE,)


@staff_only
def letterhead(request):
    street = chosen_org(request, kinds=STREETS)  # a street the user sees, else 404
    saved = Letterhead.objects.visible_to(request.user).filter(street=street).defer("template").first()
    editable = may_edit_letterhead(request.user, street)
    if request.method == "POST" and not editable:
        raise Refused.forbidden(LETTERHEAD_STAFF_ONLY)
    default = default_signature(street)
    if request.GET.get("format") == "docx":
        return _template_download(saved, saved.signature if saved and saved.signature else default, street)
    form = LetterheadForm(request.POST or None, request.FILES or None,
                          initial={"signature": saved.signature if saved else ""})
    form.fields["signature"].widget.attrs["placeholder"] = default
    if request.method == "POST" and form.is_valid():
        try:
            set_letterhead(request.user, street, form.cleaned_data["signature"], form.cleaned_data["template"],
                           form.cleaned_data["remove_template"])
        except ValidationError as exc:  # Refused: field errors on the form, 403 and 404 as what they are
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已保存{street.name}的公文署名与版头，之后生成的公文均按此制发。")
            return redirect(letterhead_url(street.pk))
    return render(request, "reports/letterhead.html", {
        "street": street, "saved": saved, "form": form, "editable": editable, "default_signature": default,
        "signature": (saved.signature if saved and saved.signature else default),
        "streets": org_choices(request, kinds=STREETS).order_by("path"),
        "report_url": report_url(street.pk, timezone.localdate().year),
        "history": history_for(saved) if saved else None,
    })


def _template_download(saved, signature, street):
    """The template the street's documents use: its own upload as it was stored, or the standard one (the street's
    name as 发文机关标志, the red line, the body marker) to edit in Word and upload."""
    from dangjian.core.io.letterhead import starter_template
    from dangjian.core.io.officialdoc import docx_response

    if saved is not None and saved.template:
        response = docx_response(bytes(saved.template), saved.template_name or f"{street.name}版头模板.docx")
    else:
        response = docx_response(starter_template(f"{signature}文件"), f"{street.name}版头模板（标准版式）.docx")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"  # an upload: never a page of this site
    return response
