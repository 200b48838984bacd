"""Scoring story clusters against a story gold file (GUIDELINES §5), and the baseline.

A story gold file holds one window of articles a line (``window``, ``docs``, ``stories``).
Scores, over the articles of every window (an article is compared only with the articles of
its own window):

- B-cubed precision and recall: for each article, the share of its predicted cluster that is
  in its gold story, and the share of its gold story in its predicted cluster (the article
  itself included), averaged over all articles (micro over windows); F1 of the two.
- Pairwise precision, recall, F1: over the pairs of articles of a window, a pair predicted
  together is right when the gold puts it together.
- The adjusted Rand index of the two partitions of all articles, clusters qualified by window
  (pairs across windows count as apart in both).

The baseline (``tfidf``) is TF-IDF cosine (word tokens of the title and text, lowercased,
spaCy's French stop words off, the idf of the window's documents, smoothed as scikit-learn
does) with average-linkage agglomerative clustering, clusters merged while their average
cosine distance is below ``BASELINE_THRESHOLD``. veille: each window's articles analysed as
the ingest of JSONL records ``{id, title, date, text}`` would, then assigned online in date
order by a fresh :class:`veille.stories.Clusterer`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from veille.stories import StorySettings

BASELINE_THRESHOLD = 0.85
Partition = Sequence[Sequence[str]]
_TOKEN = re.compile(r"\b\w\w+\b")


def is_story_gold(records: Sequence[dict[str, Any]]) -> bool:
    """Whether gold records are story windows (``window``, ``docs``, ``stories``)."""
    return bool(records) and all({"window", "docs", "stories"} <= r.keys() for r in records)


def _labels(partition: Partition) -> dict[str, int]:
    return {doc: n for n, cluster in enumerate(partition) for doc in cluster}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def bcubed_sums(gold: Partition, predicted: Partition) -> tuple[float, float, int]:
    """The sums of per-article B-cubed precision and recall of one window, and its articles."""
    g, p = _labels(gold), _labels(predicted)
    both = Counter((g[d], p[d]) for d in g)
    g_size, p_size = Counter(g.values()), Counter(p[d] for d in g)
    precision = sum(n * n / p_size[pc] for (_, pc), n in both.items())
    recall = sum(n * n / g_size[gc] for (gc, _), n in both.items())
    return precision, recall, len(g)


def pair_counts(gold: Partition, predicted: Partition) -> tuple[int, int, int]:
    """Pairs of one window: predicted together and gold together, predicted, gold."""
    g, p = _labels(gold), _labels(predicted)
    pairs = lambda c: sum(n * (n - 1) // 2 for c2, n in c.items())  # noqa: E731
    both = Counter((g[d], p[d]) for d in g)
    return pairs(both), pairs(Counter(p[d] for d in g)), pairs(Counter(g.values()))


def adjusted_rand(gold: Partition, predicted: Partition) -> float:
    """The adjusted Rand index of two partitions of the same articles (1.0 when equal)."""
    tp, pred, true = pair_counts(gold, predicted)
    n = sum(len(c) for c in gold)
    total = n * (n - 1) / 2
    if total == 0:
        return 1.0
    expected = pred * true / total
    top = (pred + true) / 2
    return 1.0 if top == expected else (tp - expected) / (top - expected)


def scores(windows: Sequence[tuple[Partition, Partition]]) -> dict[str, Any]:
    """B-cubed, pairwise and ARI over windows of (gold, predicted) partitions."""
    bp = br = 0.0
    n = tp = pred = true = 0
    gold_all: list[list[str]] = []
    pred_all: list[list[str]] = []
    for w, (gold, predicted) in enumerate(windows):
        p, r, k = bcubed_sums(gold, predicted)
        bp, br, n = bp + p, br + r, n + k
        a, b, c = pair_counts(gold, predicted)
        tp, pred, true = tp + a, pred + b, true + c
        gold_all += [[f"{w}\t{d}" for d in cl] for cl in gold]
        pred_all += [[f"{w}\t{d}" for d in cl] for cl in predicted]
    return {
        "bcubed": _prf(bp / n if n else 0.0, br / n if n else 0.0),
        "pairwise": _prf(tp / pred if pred else 1.0, tp / true if true else 1.0),
        "ari": adjusted_rand(gold_all, pred_all),
        "stories": len(pred_all),
    }


# ---------------------------------------------------------------------------------------------
# The baseline: TF-IDF cosine, average linkage


def _tfidf(texts: Sequence[str]) -> list[dict[str, float]]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    bags = [Counter(w for w in _TOKEN.findall(t.lower()) if w not in STOP_WORDS) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    n = len(texts)
    vectors = []
    for bag in bags:
        v = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def average_linkage(distance: list[list[float]], threshold: float) -> list[list[int]]:
    """Agglomerative clusters of items under a distance matrix: the two clusters of least
    average distance merged while it is below ``threshold`` (ties: the first pair)."""
    clusters: dict[int, list[int]] = {i: [i] for i in range(len(distance))}
    d = {(i, j): distance[i][j] for i in clusters for j in clusters if i < j}
    while d:
        (i, j), best = min(d.items(), key=lambda kv: (kv[1], kv[0]))
        if best >= threshold:
            break
        ni, nj = len(clusters[i]), len(clusters[j])
        clusters[i] += clusters.pop(j)
        for k in clusters:
            if k != i:
                a, b = (min(i, k), max(i, k)), (min(j, k), max(j, k))
                d[a] = (ni * d[a] + nj * d.pop(b)) / (ni + nj)
        d.pop((i, j))
    return sorted(clusters.values())


def baseline_partition(docs: Sequence[dict[str, Any]], threshold: float) -> list[list[str]]:
    """The TF-IDF average-linkage clusters of a window's documents."""
    vectors = _tfidf([f"{d.get('title') or ''}\n{d['text']}" for d in docs])
    distance = [
        [1.0 - sum(w * v.get(k, 0.0) for k, w in u.items()) for v in vectors] for u in vectors
    ]
    return [[docs[i]["id"] for i in cl] for cl in average_linkage(distance, threshold)]


# ---------------------------------------------------------------------------------------------
# veille's stories of a window, and the scores of a story gold file


def veille_partition(
    docs: Sequence[dict[str, Any]], dispatches: Sequence[Any], settings: StorySettings
) -> list[list[str]]:
    """veille's stories of a window: its analysed documents assigned online in date order
    (a document without a date keeps its place)."""
    from veille.stories import Clusterer, StoryInput, features

    order = sorted(range(len(docs)), key=lambda i: docs[i].get("date") or "")
    clusterer = Clusterer(settings)
    stories: dict[int, list[str]] = {}
    for i in order:
        d = docs[i]
        doc = StoryInput(d["id"], d.get("date"), d.get("title"), d.get("source"), dispatches[i])
        a = clusterer.add(d["id"], features(doc))
        stories.setdefault(a.story, []).append(d["id"])
    return list(stories.values())


def analyse(docs: Sequence[dict[str, Any]]) -> list[Any]:
    """The documents of a window analysed as the ingest of ``{id, title, date, text}`` records
    does (the text, dated; the title is metadata)."""
    from veille import analyze_many  # lazy: loads spaCy

    return list(analyze_many([d["text"] for d in docs], dates=[d.get("date") for d in docs]))


def gold_partition(window: dict[str, Any]) -> list[list[str]]:
    return [list(s["ids"]) for s in window["stories"]]


def differences(window: dict[str, Any], predicted: Partition) -> list[dict[str, Any]]:
    """The gold stories veille splits and the predicted stories that join several gold ones."""
    titles = {d["id"]: d.get("title") for d in window["docs"]}
    gold = {d: s["label"] for s in window["stories"] for d in s["ids"]}
    where = _labels(predicted)
    rows = []
    for s in window["stories"]:
        parts = sorted({where[d] for d in s["ids"]})
        if len(parts) > 1:
            groups = [[titles[d] for d in s["ids"] if where[d] == p] for p in parts]
            rows.append({"kind": "story_split", "story": s["label"], "predicted": groups})
    for cluster in predicted:
        if len({gold[d] for d in cluster}) > 1:
            items = [{"story": gold[d], "title": titles[d]} for d in cluster]
            rows.append({"kind": "story_merge", "predicted": items})
    return [{"window": window["window"], **r} for r in rows]


def evaluate_windows(
    windows: Sequence[dict[str, Any]],
    settings: StorySettings | None = None,
    dispatches: Sequence[Sequence[Any]] | None = None,
    misses: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """veille's and the baseline's scores on the windows of a story gold file (``dispatches``:
    the analyses of each window's documents when already made). ``misses`` receives
    :func:`differences`."""
    settings = settings or StorySettings()
    ours, theirs = [], []
    for n, window in enumerate(windows):
        docs = window["docs"]
        analysed = dispatches[n] if dispatches is not None else analyse(docs)
        predicted = veille_partition(docs, analysed, settings)
        ours.append((gold_partition(window), predicted))
        theirs.append((gold_partition(window), baseline_partition(docs, BASELINE_THRESHOLD)))
        if misses is not None:
            misses += differences(window, predicted)
    return {
        "kind": "stories",
        "docs": sum(len(w["docs"]) for w in windows),
        "windows": len(windows),
        "gold_stories": sum(len(w["stories"]) for w in windows),
        "veille": scores(ours),
        "baseline": {"name": f"tfidf-average-{BASELINE_THRESHOLD}", **scores(theirs)},
    }
