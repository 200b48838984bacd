"""Story clustering settings on a story gold file: in-sample and leave-one-window-out scores.

    python benchmarks/stories_tune.py /work/shared/eval/stories-dev.jsonl [--weights]

The windows are analysed once (in memory). For each threshold of a small grid (and with
``--weights``, each entity/place/event weight, time decay and size boost too) every window is
clustered; the in-sample scores are those of the whole file, and leave-one-window-out
chooses the settings of best B-cubed F1 + pairwise F1 on the other windows and scores the
window left out with them (micro over the held-out windows). The TF-IDF baseline's
threshold is chosen the same way.
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


def lowo(windows: list[dict], runs: dict) -> dict:
    """In-sample best and leave-one-window-out scores of ``runs`` (settings → partitions)."""
    gold = [gold_partition(w) for w in windows]

    def score(key, idx):
        return scores([(gold[i], runs[key][i]) for i in idx])

    def objective(key, idx):
        s = score(key, idx)
        return s["bcubed"]["f1"] + s["pairwise"]["f1"]

    everything = range(len(windows))
    best = max(runs, key=lambda k: objective(k, everything))
    held, chosen = [], []
    for h in everything:
        rest = [i for i in everything if i != h]
        key = max(runs, key=lambda k: objective(k, rest))
        chosen.append(key)
        held.append((gold[h], runs[key][h]))
    return {
        "in_sample": {"settings": best, **_short(score(best, everything))},
        "lowo": {"chosen": chosen, **_short(scores(held))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--weights", action="store_true", help="tune the weights too")
    args = parser.parse_args()
    lines = args.gold.read_text(encoding="utf-8").splitlines()
    windows = [json.loads(line) for line in lines if line.strip()]
    analysed = [analyse(w["docs"]) for w in windows]
    weights = WEIGHTS if args.weights else (None,)
    ours = {}
    decays = DECAYS if args.weights else (None,)
    boosts = BOOSTS if args.weights else (None,)
    grid = itertools.product(THRESHOLDS, weights, weights, weights, decays, boosts)
    for th, e, p, v, d, b in grid:
        s = dataclasses.replace(StorySettings(), threshold=th)
        if e is not None:
            s = dataclasses.replace(
                s, entity_weight=e, place_weight=p, event_weight=v, decay=d, size_boost=b
            )
        key = (th, s.entity_weight, s.place_weight, s.event_weight, s.decay, s.size_boost)
        pairs = zip(windows, analysed, strict=True)
        ours[key] = [veille_partition(w["docs"], a, s) for w, a in pairs]
    theirs = {t: [baseline_partition(w["docs"], t) for w in windows] for t in BASELINE}
    report = {"veille (threshold, entity, place, event, decay, size_boost)": lowo(windows, ours)}
    report["baseline (distance threshold)"] = lowo(windows, theirs)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
