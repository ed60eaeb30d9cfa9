"""Benchmark: what the audit trail costs the pages that write it, measured with it on and off in one run.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python benches/audit.py

On the population of ``benches/pages.py`` (seeded once per database), it starts two gunicorn servers in
production mode: Landa as it runs, and the same app with the audit trail switched off
(``LANDA_BENCH_AUDIT=off``, read only by ``benches/helpers/serve.py``: no audit entry reaches a flush).
It signs in to both as the reception officer of the busiest municipality and measures, with wrk (16
connections) in interleaved rounds, the pages that record who saw whom on every view: the case list,
a case, the overview and ``GET /api/v1/cases``. A page's cost is 1 - (req/s with the trail) / (req/s
without it), the median over the rounds (the order of the two servers alternates per round).

The last line is machine-readable:

    audit: pages=<n> median_cost_pct=<x> worst_page=<name> worst_cost_pct=<x>
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benches.pages import (  # noqa: E402
    Server,
    headers_for,
    pages,
    prepare,
    production_env,
    production_setup,
    server_options,
    sign_in,
    wrk,
)

AUDITED = ("reception_cases", "reception_case", "reception_dashboard", "api_cases")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    server_options(parser)
    args = parser.parse_args(argv)
    database, redis = production_setup()

    subjects = prepare({"DATABASE_URL": database, "REDIS_URL": redis}, args.talents, args.needs, args.seed)
    listed = [page for page in pages(subjects) if page.name in AUDITED]
    servers = {"on": Server(production_env(), args),
               "off": Server({**production_env(), "LANDA_BENCH_AUDIT": "off"}, args)}
    costs: dict[str, list[float]] = {page.name: [] for page in listed}
    rates: dict[str, dict[str, list[float]]] = {page.name: {"on": [], "off": []} for page in listed}
    try:
        heads = {}
        for mode, server in servers.items():
            cookies = {"officer": sign_in(server.base, subjects.officer)}
            heads[mode] = {page.name: headers_for(page, cookies, subjects) for page in listed}
            for page in listed:
                wrk(server.base + page.path, heads[mode][page.name], 1, args.connections)  # warm
        for round_ in range(args.rounds):
            order = ("on", "off") if round_ % 2 == 0 else ("off", "on")
            for page in listed:
                got = {}
                for mode in order:
                    run = wrk(servers[mode].base + page.path, heads[mode][page.name], args.seconds, args.connections)
                    if run.errors:
                        raise SystemExit(f"{page.name} ({mode}): {run.errors} errors under load")
                    got[mode] = run.rps
                    rates[page.name][mode].append(run.rps)
                costs[page.name].append(1 - got["on"] / got["off"])
            print(f"  round {round_ + 1}/{args.rounds} done", flush=True)
    finally:
        for server in servers.values():
            server.stop()

    print(f"\n{'page':24} {'on req/s':>9} {'off req/s':>10} {'cost':>6}")
    cost = {name: statistics.median(values) for name, values in costs.items()}
    for name in cost:
        print(f"{name:24} {statistics.median(rates[name]['on']):9.0f} {statistics.median(rates[name]['off']):10.0f} "
              f"{100 * cost[name]:5.1f}%")
    worst = max(cost, key=cost.get)
    print(f"audit: pages={len(cost)} median_cost_pct={100 * statistics.median(cost.values()):.1f} "
          f"worst_page={worst} worst_cost_pct={100 * cost[worst]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
