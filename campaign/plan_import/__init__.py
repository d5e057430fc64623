"""Reading a plan ("Kế hoạch") from the Word, .doc or PDF file it was issued as.

`readers.read_paragraphs` turns a file into its ordered lines, `extract.extract_plan` turns the
lines into an `extracted.ExtractedPlan` whose every value carries the sentence it came from, for
the clerk to confirm on the review page. Nothing here writes to the database.
"""

from __future__ import annotations

import os
from typing import IO

from .extract import extract_plan
from .extracted import ExtractedPlan
from .readers import PlanFileError, read_paragraphs

__all__ = ["ExtractedPlan", "PlanFileError", "read_plan"]


def read_plan(
    file: str | os.PathLike[str] | IO[bytes], name: str = "", tenant=None
) -> ExtractedPlan:
    """The plan in an uploaded file, its targets matched against `tenant`'s KPI catalogue (the
    default catalogue without a tenant). Raises PlanFileError with a message for the clerk.
    Reads the catalogue; writes nothing."""
    indicators = None
    if tenant is not None:
        from campaign.models import KpiIndicator

        indicators = list(KpiIndicator.objects.filter(tenant=tenant).values_list("code", "name"))
    return extract_plan(read_paragraphs(file, name), indicators=indicators)
