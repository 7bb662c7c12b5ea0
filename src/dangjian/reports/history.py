from dangjian.core.history import register

from .models import AnnualReport, Letterhead

register(AnnualReport)
# The template's bytes and checksum are no reading for a history page (a hex digest is noise to a secretary):
# its file name and size say which one it was.
register(Letterhead, exclude=("template", "template_sha256"))
