"""How long a council's award dossier takes to render and sign.

    .venv/bin/python bench/award_dossier.py [--collectives 25] [--individuals 25] [--repeat 3]
        [--processes N]

Runs on a throw-away SQLite database (the dossier's few queries are not what takes time):
builds a district office with a council session on `--collectives` schools and
`--individuals` teachers (test factories, so it needs the dev dependencies), uploads a
self-issued signing certificate, and prints for the whole dossier (Tờ trình, minutes, list,
and two reports per nominee: 3 + 2 × nominees PDFs, plus the merged one):
- the full background build, unsigned and signed (what the officer waits for), laid out in
  this process (DOCUMENT_RENDER_PROCESSES=1) and in `--processes` processes (default: the
  setting's automatic value, one per core, at most 4);
- plain WeasyPrint writing the same pre-rendered HTML, one PDF per document (the floor).
Not a test: nothing is asserted.
"""

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from render_seed_plans import start_embedded_django, timed  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collectives", type=int, default=25)
    parser.add_argument("--individuals", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=min(os.cpu_count() or 1, 4))
    args = parser.parse_args()

    start_embedded_django("bench-dossier-")

    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from awards import documents as award_documents
    from awards import services
    from documents.rendering import _url_fetcher
    from documents.signing import unit_signer
    from tests.factories import UnitFactory, council, signing_certificate
    from units.permissions import SYSTEM

    department = UnitFactory(department=True, code="SGDDT")
    office = UnitFactory(parent=department, district_office=True, code="PGD")
    session = council(office, collectives=args.collectives, individuals=args.individuals)
    services.dossier_start(actor=SYSTEM, session=session)  # numbers; the eager task renders once
    nominees = args.collectives + args.individuals
    print(f"dossier of {nominees} nominees: {3 + 2 * nominees} documents + the merged PDF")

    def build():
        return award_documents.build_dossier(session.pk, lambda _percent: None)

    modes = [("serial", 1), (f"{args.processes} processes", args.processes)]
    signed_zip = b""
    for signed in (False, True):
        if signed:
            signing_certificate(office)
        for label, processes in modes:
            settings.DOCUMENT_RENDER_PROCESSES = processes
            median, worst, (_name, signed_zip) = timed(build, args.repeat)
            name = f"build, {'signed' if signed else 'unsigned'}, {label}"
            print(f"  {name:32} {median:6.2f} s median, {worst:6.2f} s max")
    print(f"  (signed ZIP {len(signed_zip) / 1e6:.1f} MB)")

    session.refresh_from_db()
    parts = award_documents.dossier_parts(session, unit_signer(office))
    htmls = [render_to_string(p.template, p.context) for p in parts]
    base_url = ROOT.as_uri() + "/"

    def raw():
        return [
            HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).write_pdf()
            for html in htmls
        ]

    median_raw, worst_raw, _pdfs = timed(raw, args.repeat)
    name = "plain WeasyPrint, serial"
    print(f"  {name:32} {median_raw:6.2f} s median, {worst_raw:6.2f} s max")


if __name__ == "__main__":
    main()
