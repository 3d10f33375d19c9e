"""The README's benchmark tables, from bench/results.json: `python bench/report.py`."""

import json
import sys
from pathlib import Path

GOALS = {
    "awards_vs_floor": (">=", 0.15),
    "institution_vs_floor": (">=", 0.25),
    "directory_vs_floor": (">=", 0.25),
    "region_vs_floor": (">=", 0.25),
    "api_vs_floor": (">=", 0.25),
    "cached_awards_vs_floor": (">=", 0.7),
    "awards_large_vs_small": (">=", 0.8),
    "institution_large_vs_small": (">=", 0.8),
    "directory_large_vs_small": (">=", 0.8),
    "admin_large_vs_small": ("<=", 2.0),
    "export_vs_copy": (">=", 0.25),
    "import_vs_bulk_create": (">=", 0.1),
}
SIGN = {">=": "≥", "<=": "≤", "<": "<", "==": ""}


def met(value, op, goal):
    return {
        ">=": value >= goal,
        "<=": value <= goal,
        "<": value < goal,
        "==": value == goal,
    }[op]


def row(name, value, op, goal):
    ok = "yes" if met(value, op, goal) else "**no**"
    return f"| {name} | {value} | {SIGN[op]} {goal}".replace("|  ", "| ") + f" | {ok} |"


def report(results):
    m, s = results["machine"], results["settings"]
    lines = [
        f"Latest run: {results['ran_at']} on {m['cores']} cores ({m['cpu']}), {m['memory']}, "
        f"Python {m['python']}, {m['postgresql']}; gunicorn with {s['gunicorn_workers']} "
        f"workers, DEBUG off; {s['load_generator']}, {s['connections']} connections, "
        f"{s['duration_s']} s per address and size, in slices of {s.get('slice_s', '?')} s "
        "in the order small, large, large, small, repeated (latencies: the mean of the "
        "slices').",
        "",
        "| ratio | value | goal | met |",
        "|---|---|---|---|",
    ]
    for key, (op, goal) in GOALS.items():
        lines.append(row(f"`{key}`", results["ratios"][key], op, goal))
    lines += [
        row("`errors`", results["errors"], "==", 0),
        row("`export_peak_mb`", results["export_peak_mb"], "<", 100),
        row("`import_peak_mb`", results["import_peak_mb"], "<", 200),
        row("query counts equal at both sizes", results["queries_equal_at_both_sizes"], "==", True),
        "",
        "| address | requests/s (1,000) | requests/s (20,000) | p50 / p95 / p99 ms (20,000) |",
        "|---|---|---|---|",
    ]
    small, large = results["small"]["pages"], results["large"]["pages"]
    for name, page in large.items():
        lines.append(
            f"| {name} `{page['path']}` | {small[name]['rps']} | {page['rps']} | "
            f"{page['p50_ms']} / {page['p95_ms']} / {page['p99_ms']} |"
        )
    cached = results["cached"]
    lines += [
        f"| awards, Redis page cache | | {cached['awards']['rps']} "
        f"(floor {cached['floor']['rps']}) | {cached['awards']['p50_ms']} / "
        f"{cached['awards']['p95_ms']} / {cached['awards']['p99_ms']} |",
        "",
        "| step (20,000 institutions × 10 years; fastest of its runs) | rows/s | peak MB |",
        "|---|---|---|",
    ]
    labels = {
        "export": "export_ratings (streaming CSV)",
        "copy": "PostgreSQL COPY … TO STDOUT WITH CSV",
        "import": "import_ratings, 10,000 new ratings",
        "bulk_create": "plain bulk_create of the same rows",
    }
    for key, label in labels.items():
        step = results["export_import"][key]
        runs = f", {step['runs']} runs" if "runs" in step else ""
        lines.append(
            f"| {label}{runs} | {round(step['rows'] / step['seconds'])} | {step['peak_mb']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("results.json"))
    print(report(json.loads(path.read_text(encoding="utf-8"))))
