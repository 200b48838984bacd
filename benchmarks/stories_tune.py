"""Story clustering settings on a story gold file: in-sample and leave-one-window-out scores.

    python benchmarks/stories_tune.py /work/shared/eval/stories-dev.jsonl [--weights]
        [--fixed size_boost=0.2 ...] [--tie 0.01]

The windows are analysed once (in memory). For each threshold of a small grid (and with
``--weights``, each entity/place/event weight, time decay and size boost too) every window is
clustered; the in-sample scores are those of the whole file, and leave-one-window-out
chooses the settings of best B-cubed F1 + pairwise F1 on the other windows and scores the
window left out with them (micro over the held-out windows). The TF-IDF baseline's
threshold is chosen the same way. ``--fixed NAME=VALUE`` holds a setting out of the grid
(any StorySettings field); ``--tie EPS`` counts settings within EPS of the best objective as
tied and takes the one closest to the defaults (a protocol choice: report it apart).
``held_out`` gives each held-out window's own scores, in file order.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
from pathlib import Path

from veille.evaluation.stories import (
    analyse,
    baseline_partition,
    gold_partition,
    scores,
    veille_partition,
)
from veille.stories import StorySettings

THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225)
WEIGHTS = (1.0, 2.0)
DECAYS = (0.0, 0.1)
BOOSTS = (0.0, 0.2)
BASELINE = (0.7, 0.75, 0.8, 0.85, 0.9)


def _short(s: dict) -> dict:
    return {k: round(s[k]["f1"], 3) for k in ("bcubed", "pairwise")} | {"ari": round(s["ari"], 3)}


def lowo(windows: list[dict], runs: dict, default=None, tie: float = 0.0) -> dict:
    """In-sample best and leave-one-window-out scores of ``runs`` (settings → partitions).
    With ``tie`` > 0, settings whose objective is within ``tie`` of the best count as tied
    and the one sharing most values with ``default`` is chosen (then the best objective)."""
    gold = [gold_partition(w) for w in windows]

    def score(key, idx):
        return scores([(gold[i], runs[key][i]) for i in idx])

    def objective(key, idx):
        s = score(key, idx)
        return s["bcubed"]["f1"] + s["pairwise"]["f1"]

    def choose(idx):
        values = {k: objective(k, idx) for k in runs}
        top = max(values.values())
        tied = [k for k in runs if values[k] >= top - tie]

        def near(k):
            return sum(a == b for a, b in zip(k, default, strict=True)) if default else 0

        return max(tied, key=lambda k: (near(k), values[k]))

    everything = range(len(windows))
    best = choose(everything)
    held, chosen = [], []
    for h in everything:
        rest = [i for i in everything if i != h]
        key = choose(rest)
        chosen.append(key)
        held.append((gold[h], runs[key][h]))
    return {
        "in_sample": {"settings": best, **_short(score(best, everything))},
        "lowo": {"chosen": chosen, **_short(scores(held))},
        "held_out": [_short(scores([pair])) for pair in held],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--weights", action="store_true", help="tune the weights too")
    parser.add_argument(
        "--fixed",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="hold a setting fixed (not tuned), e.g. size_boost=0.2; repeatable",
    )
    parser.add_argument(
        "--tie",
        type=float,
        default=0.0,
        help="objective difference within which settings tie; ties go to the defaults'",
    )
    args = parser.parse_args()
    fixed = {k: float(v) for k, v in (f.split("=", 1) for f in args.fixed)}
    tie = args.tie
    lines = args.gold.read_text(encoding="utf-8").splitlines()
    windows = [json.loads(line) for line in lines if line.strip()]
    analysed = [analyse(w["docs"]) for w in windows]
    weights = WEIGHTS if args.weights else (None,)
    ours = {}
    decays = DECAYS if args.weights else (None,)
    boosts = BOOSTS if args.weights else (None,)
    axes = {
        "threshold": THRESHOLDS,
        "entity_weight": weights,
        "place_weight": weights,
        "event_weight": weights,
        "decay": decays,
        "size_boost": boosts,
    }
    for name, value in fixed.items():
        axes[name] = (value,)
    grid = set(itertools.product(*axes.values()))
    for point in sorted(grid, key=str):
        values = dict(zip(axes, point, strict=True))
        s = dataclasses.replace(
            StorySettings(), **{k: x for k, x in values.items() if x is not None}
        )
        key = tuple(getattr(s, name) for name in axes)
        pairs = zip(windows, analysed, strict=True)
        ours[key] = [veille_partition(w["docs"], a, s) for w, a in pairs]
    theirs = {t: [baseline_partition(w["docs"], t) for w in windows] for t in BASELINE}
    default = tuple(getattr(StorySettings(), name) for name in axes)
    label = f"veille ({', '.join(axes)})"
    report = {label: lowo(windows, ours, default, tie)}
    report["baseline (distance threshold)"] = lowo(windows, theirs)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
