"""A small, bounded HTTP load generator (standard library only), run by bench/run.py.

    python bench/load.py --port 8190 --plan plan.json --out result.json [--clients 8]

The plan is a list of phases: {"kind": "search_low", "urls": ["/anskaffelser/?q=…"],
"seconds": 8, "max_requests": 20000, "bust": false}. For each phase, N client threads take
the phase's URLs in turn (each client starts at a different one) and send one request after
the other until the time or the request budget is spent; then the next phase starts. With
"bust", every request adds a parameter no page reads (_b=n) with a new value, so that no
request is answered from the page cache: the uncached path under load. Only loopback
addresses are accepted. The result file lists every request as [url index, seconds,
status, bytes, facet statements, embedding ms] per phase, with the phase's wall time; the
last two come from the X-Bench-* headers of bench/server.py (0 when absent).
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def run_phase(host: str, port: int, phase: dict, clients: int, timeout: float) -> dict:
    urls = phase["urls"]
    deadline_after = float(phase["seconds"])
    budget = int(phase.get("max_requests", 100_000))
    lock = threading.Lock()
    issued = 0
    bust = bool(phase.get("bust"))
    samples: list[list] = []
    errors: list[str] = []
    start = time.perf_counter()
    deadline = start + deadline_after

    def client(number: int) -> None:
        nonlocal issued
        index = number % len(urls)
        local: list[list] = []
        while time.perf_counter() < deadline:
            with lock:
                if issued >= budget:
                    break
                issued += 1
                serial = issued
            url = urls[index]
            if bust:
                url += f"{'&' if '?' in url else '?'}_b={serial}"
            began = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
                connection.request("GET", url, headers={"Accept-Language": "nb"})
                response = connection.getresponse()
                size = len(response.read())
                status = response.status
                facets = float(response.getheader("X-Bench-Facet-Counts") or 0)
                embed_ms = float(response.getheader("X-Bench-Embed-Ms") or 0)
                connection.close()
            except (OSError, http.client.HTTPException, ValueError) as error:
                status, size, facets, embed_ms = 0, 0, 0.0, 0.0
                with lock:
                    if len(errors) < 20:
                        errors.append(f"{url}: {error!r}")
            local.append([index, time.perf_counter() - began, status, size, facets, embed_ms])
            index = (index + 1) % len(urls)
        with lock:
            samples.extend(local)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=deadline_after + timeout + 5)
    wall = time.perf_counter() - start
    return {"kind": phase["kind"], "wall_seconds": wall, "samples": samples, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True, help="JSON file with the phases")
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds per request")
    args = parser.parse_args()
    if args.host not in LOOPBACK:
        parser.error("the load generator only talks to loopback addresses")
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    results = []
    for phase in plan:
        result = run_phase(args.host, args.port, phase, args.clients, args.timeout)
        done = len(result["samples"])
        print(
            f"  {phase['kind']:<16} {done:6d} requests in {result['wall_seconds']:5.1f} s",
            flush=True,
        )
        results.append(result)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"clients": args.clients, "phases": results}, handle)


if __name__ == "__main__":
    main()
