"""A national roster file of more than 2,000 rows is checked and written by a long job (core.io.import_jobs)."""

from dangjian.core.io import import_jobs
from dangjian.core.longjobs import long_job

KIND = "members_national_import"


@long_job(KIND, "导入全国党员信息")
def national_import(user, progress, *, token: str):
    from . import importer
    from .layout import COLUMNS

    return import_jobs.run(user, progress, token=token, columns=COLUMNS, validate=importer.validate,
                           commit=importer.commit, title="全国党员信息导入结果", summary=importer.summary)
