"""How long the Word files (.docx) take, beside the PDFs of the same documents.

    .venv/bin/python bench/docx_exports.py [--nominees 50] [--rows 3000] [--repeat 3]

Runs on a throw-away SQLite database (test factories, so it needs the dev dependencies) and
prints, median and max of `--repeat` runs:
- the award dossier of `--nominees` nominees as a ZIP of Word files (what the "Tải Word" button
  of a council session renders in the request), beside its PDF build;
- a consolidated list of `--rows` rows (a small list's rows repeated) with its cover letter, as
  Word and as PDF;
- the award decision with its annex of `--nominees` rows, as Word.
Not a test: nothing is asserted.
"""

import argparse
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from render_seed_plans import start_embedded_django, timed  # noqa: E402


def line(name: str, median: float, worst: float, size: int | None = None) -> None:
    extra = f"  ({size / 1e3:.0f} kB)" if size else ""
    print(f"  {name:44} {median:6.2f} s median, {worst:6.2f} s max{extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominees", type=int, default=50)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start_embedded_django("bench-docx-")

    from django.conf import settings

    from awards import documents as award_documents
    from awards import services
    from documents.services import render_docx_bundle, render_pdf_bundle
    from initiatives import documents as list_documents
    from initiatives import services as initiative_services
    from tests.factories import (
        UnitFactory,
        accepted_initiative,
        council,
        office_plan_under_department,
    )
    from units.permissions import SYSTEM

    settings.DOCUMENT_RENDER_PROCESSES = 1
    department = UnitFactory(department=True, code="SGDDT")
    office = UnitFactory(parent=department, district_office=True, code="PGD")
    collectives = args.nominees // 2
    session = council(office, collectives=collectives, individuals=args.nominees - collectives)
    services.dossier_start(actor=SYSTEM, session=session)
    print(f"dossier of {args.nominees} nominees: {3 + 2 * args.nominees} documents")
    median, worst, data = timed(lambda: award_documents.render_dossier_docx(session), args.repeat)
    line("Word ZIP (in the request)", median, worst, len(data))
    median, worst, _ = timed(lambda: award_documents.build_dossier(session.pk, lambda _p: None), 1)
    line("PDF build, serial, unsigned (once)", median, worst)
    services.decision_record(actor=SYSTEM, session=session, decided_on=session.held_on)
    median, worst, data = timed(lambda: award_documents.render_decision_docx(session), args.repeat)
    line(f"decision + annex of {args.nominees}, Word", median, worst, len(data))

    school = UnitFactory(parent=office, code="T1")
    tree = {"department": department, "office_a": office}
    _upper, plan = office_plan_under_department(tree)
    deadline = plan.phases.get().deadlines.get()
    for index in range(3):
        accepted_initiative(school, deadline, name=f"Mô hình số {index + 1}")
    consolidation = initiative_services.consolidation_create(actor=SYSTEM, deadline=deadline)
    parts = list_documents.consolidation_parts(consolidation)
    rows = parts[1][1]["rows"]
    parts[1][1]["rows"] = [
        {**rows[index % len(rows)], "number": index + 1} for index in range(args.rows)
    ]
    print(f"cover letter and a list of {args.rows} rows")
    median, worst, data = timed(lambda: render_docx_bundle(parts), args.repeat)
    line("Word", median, worst, len(data))
    median, worst, document = timed(lambda: render_pdf_bundle(parts), 1)
    line("PDF (once)", median, worst, len(document.pdf))


if __name__ == "__main__":
    main()
