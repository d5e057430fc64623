"""EXPLAIN (ANALYZE, BUFFERS) of the hot pages' main queries, on a generated province.

    .venv/bin/python bench/explain_hot_pages.py [--top 3] [--plans]

Meant for the big province (`bench/generate.py --schools 5000 --years 3 --tenants 10`, or the
one `bench/run.py` keeps in BENCH_DATABASE_URL + `_big`): past years and other tenants should
cost a hot page nothing. Each page of `bench/run.py` is requested once (warm-up) and once more
with its queries captured; the `--top` slowest SELECTs are explained as the request ran them
(the user's tenant set for row-level security). For each, every scan node is listed with the
rows it returned and the rows it read and threw away (filter, index recheck, join filter):
a scan that throws away many rows, or a sequential scan of a big table, reads the rows of
other years or tenants. `--plans` prints the plans in full. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench import generate, run  # noqa: E402

SKIPPED = ("SELECT set_config(", "SELECT coalesce(current_setting(")


def scans(node: dict, found: list) -> list:
    """Every node that reads a relation, with the rows it kept and threw away."""
    loops = node.get("Actual Loops", 1) or 1
    removed = sum(
        node.get(key, 0)
        for key in (
            "Rows Removed by Filter",
            "Rows Removed by Index Recheck",
            "Rows Removed by Join Filter",
        )
    )
    if "Relation Name" in node:
        found.append(
            {
                "node": node["Node Type"],
                "relation": node["Relation Name"],
                "index": node.get("Index Name", ""),
                "rows": round(node.get("Actual Rows", 0) * loops),
                "removed": round(removed * loops),
                "loops": loops,
            }
        )
    for child in node.get("Plans", ()):
        scans(child, found)
    return found


def explain(sql: str, tenant_id: int, *, text: bool) -> tuple[dict, str]:
    from django.db import connection

    from units import rls

    with rls.scope(tenant_id=tenant_id), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
        plain = ""
        if text:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plain = "\n".join(row[0] for row in cursor.fetchall())
    return plan, plain


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=3, help="slowest queries per page")
    parser.add_argument("--plans", action="store_true", help="print the plans in full")
    parser.add_argument(
        "--min-rows", type=int, default=1000, help="flag scans reading at least this many rows"
    )
    args = parser.parse_args()
    generate.start_django(fresh=False)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from units.models import User

    province = generate.find_province()
    if province is None:
        raise SystemExit(f"no province in {generate.database_url()}: run bench/generate.py")
    print(f"database {generate.database_url()}")
    for label, username, url in run.hot_pages(province):
        client = run.logged_in_client(username)
        tenant_id = User.objects.get(username=username).tenant_id
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        selects = [
            q
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            and not q["sql"].startswith(SKIPPED)
        ]
        selects.sort(key=lambda q: -float(q["time"]))
        print(f"\n## {label} ({url}, {status}): {len(captured)} queries")
        thrown = 0
        for query in selects[: args.top]:
            plan, plain = explain(query["sql"], tenant_id, text=args.plans)
            top = plan["Plan"]
            print(
                f"- {plan['Execution Time']:.1f} ms, buffers hit {top.get('Shared Hit Blocks', 0)}"
                f" read {top.get('Shared Read Blocks', 0)}: {query['sql'][:160]}"
            )
            for scan in scans(top, []):
                thrown += scan["removed"]
                flag = ""
                if scan["rows"] + scan["removed"] >= args.min_rows:
                    if scan["removed"] > scan["rows"]:
                        flag = "  <-- reads rows it throws away"
                    elif scan["node"] == "Seq Scan":
                        flag = "  <-- sequential scan"
                print(
                    f"    {scan['node']} {scan['relation']} {scan['index']}: "
                    f"{scan['rows']:,} rows kept, {scan['removed']:,} thrown away"
                    f" ({scan['loops']:,} loops){flag}"
                )
            if plain:
                print("\n".join("      " + line for line in plain.splitlines()))
        print(f"  rows read and thrown away by these {min(args.top, len(selects))}: {thrown:,}")


if __name__ == "__main__":
    main()
