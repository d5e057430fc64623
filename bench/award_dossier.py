"""How long a council's award dossier takes to render and sign.

    .venv/bin/python bench/award_dossier.py [--collectives 25] [--individuals 25] [--repeat 3]
                                           [--processes N]

Runs on a throw-away SQLite database (the dossier's few queries are not what takes time):
builds a district office with a council session on `--collectives` schools and
`--individuals` teachers (test factories, so it needs the dev dependencies), uploads a
self-issued signing certificate, and prints for the whole dossier (Tờ trình, minutes, list,
and two reports per nominee: 3 + 2 × nominees PDFs, plus the merged one):
- the full background build, unsigned and signed (what the officer waits for), with the
  number of processes that lay it out (DOCUMENT_RENDER_PROCESSES, or `--processes`);
- plain WeasyPrint writing the same pre-rendered HTML, one PDF per document, serially in one
  process (the floor that the build is compared with).
Not a test: nothing is asserted.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from render_seed_plans import start_embedded_django  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the render processes)."""
    used = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(usage.ru_utime + usage.ru_stime for usage in used)


def timed(func, repeat: int) -> tuple[float, float, object, float]:
    """Median and slowest wall time, the last result and the median CPU time: on a machine
    that other work keeps busy, the CPU time shows what the wall time cannot."""
    times, cpu_times, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), cpu_seconds()
        result = func()
        times.append(time.perf_counter() - started)
        cpu_times.append(cpu_seconds() - started_cpu)
    return statistics.median(times), max(times), result, statistics.median(cpu_times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collectives", type=int, default=25)
    parser.add_argument("--individuals", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--processes", type=int, help="DOCUMENT_RENDER_PROCESSES for the build (1: serial)"
    )
    args = parser.parse_args()
    if args.processes is not None:
        os.environ["DOCUMENT_RENDER_PROCESSES"] = str(args.processes)

    start_embedded_django("bench-dossier-")

    from django.template.loader import render_to_string
    from weasyprint import HTML

    from awards import documents as award_documents
    from awards import services
    from documents.services import _render_processes, _url_fetcher
    from documents.signing import unit_signer
    from tests.factories import UnitFactory, council, signing_certificate

    department = UnitFactory(department=True, code="SGDDT")
    office = UnitFactory(parent=department, district_office=True, code="PGD")
    session = council(office, collectives=args.collectives, individuals=args.individuals)
    services.dossier_start(actor=None, session=session)  # numbers; the eager task renders once
    nominees = args.collectives + args.individuals
    documents = 3 + 2 * nominees
    print(
        f"dossier of {nominees} nominees: {documents} documents + the merged PDF, laid out "
        f"in {_render_processes(documents)} process(es) on {os.cpu_count()} CPUs"
    )

    def build():
        return award_documents.build_dossier(session.pk, lambda _percent: None)

    median, worst, (_name, unsigned_zip), cpu = timed(build, args.repeat)
    print(f"  build, unsigned        {median:6.2f} s median, {worst:6.2f} s max  (CPU {cpu:.1f} s)")

    signing_certificate(office)
    median_signed, worst, (_name, signed_zip), cpu = timed(build, args.repeat)
    print(
        f"  build, signed          {median_signed:6.2f} s median, {worst:6.2f} s max  "
        f"(CPU {cpu:.1f} s, ZIP {len(signed_zip) / 1e6:.1f} MB)"
    )

    session.refresh_from_db()
    parts = award_documents.dossier_parts(session, unit_signer(office))
    htmls = [render_to_string(p.template, p.context) for p in parts]
    base_url = ROOT.as_uri() + "/"

    def raw():
        return [
            HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).write_pdf()
            for html in htmls
        ]

    median_raw, worst_raw, _pdfs, cpu = timed(raw, args.repeat)
    print(
        f"  plain WeasyPrint       {median_raw:6.2f} s median, {worst_raw:6.2f} s max  "
        f"(CPU {cpu:.1f} s; serial, one process: the floor)"
    )
    print(f"  signed build / floor   {median_signed / median_raw:6.2f}")


if __name__ == "__main__":
    main()
