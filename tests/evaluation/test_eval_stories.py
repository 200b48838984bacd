"""Story scores on hand-made partitions, the TF-IDF baseline, and ``veille eval`` on a story
gold file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.evaluation.stories import (
    adjusted_rand,
    average_linkage,
    bcubed_sums,
    is_story_gold,
    pair_counts,
    scores,
)

GOLD = [["a", "b", "c"], ["d"]]
PRED = [["a", "b"], ["c", "d"]]


def test_bcubed_by_hand():
    # precision: a 1, b 1, c 1/2, d 1/2; recall: a 2/3, b 2/3, c 1/3, d 1
    p, r, n = bcubed_sums(GOLD, PRED)
    assert (p / n, r / n, n) == (pytest.approx(0.75), pytest.approx(2 / 3), 4)


def test_pairwise_by_hand():
    # predicted pairs ab, cd; gold pairs ab, ac, bc; ab right
    assert pair_counts(GOLD, PRED) == (1, 2, 3)
    s = scores([(GOLD, PRED)])
    assert s["pairwise"] == pytest.approx({"precision": 0.5, "recall": 1 / 3, "f1": 0.4})
    assert s["bcubed"]["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert s["stories"] == 2


def test_adjusted_rand_known_values():
    assert adjusted_rand(GOLD, GOLD) == 1.0
    assert adjusted_rand(GOLD, PRED) == pytest.approx(0.0)
    # scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2])
    assert adjusted_rand([["a", "b"], ["c", "d"]], [["a", "b"], ["c"], ["d"]]) == pytest.approx(
        0.5714285714
    )


def test_windows_are_scored_apart_and_micro_averaged():
    # one window right, one with its two articles wrongly apart: 6 articles
    s = scores(
        [([["a", "b"], ["c"]], [["a", "b"], ["c"]]), ([["x", "y", "z"]], [["x", "y"], ["z"]])]
    )
    recall = (1 + 1 + 1 + 2 / 3 + 2 / 3 + 1 / 3) / 6
    assert s["bcubed"]["precision"] == 1.0
    assert s["bcubed"]["recall"] == pytest.approx(recall)
    assert s["pairwise"]["recall"] == pytest.approx(2 / 4)


def test_one_article_per_story_has_no_pairs():
    s = scores([(GOLD, [["a"], ["b"], ["c"], ["d"]])])
    assert s["pairwise"]["f1"] == 0.0
    assert s["bcubed"]["precision"] == 1.0


def test_average_linkage_merges_below_the_threshold():
    distance = [[0.0, 0.1, 0.9], [0.1, 0.0, 0.7], [0.9, 0.7, 0.0]]
    assert average_linkage(distance, 0.5) == [[0, 1], [2]]
    assert average_linkage(distance, 0.85) == [[0, 1, 2]]  # average of 0.9 and 0.7: 0.8
    assert average_linkage(distance, 0.05) == [[0], [1], [2]]


def test_a_story_gold_file_is_recognised():
    assert is_story_gold([{"window": "w", "docs": [], "stories": []}])
    assert not is_story_gold([{"id": "x", "text": "…", "quotes": []}])


_DEV = Path(
    os.environ.get("VEILLE_DEV_GOLD")
    or Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev.jsonl"
)


@pytest.fixture(scope="module")
def tiny_story_gold(tmp_path_factory) -> Path:
    """Seven articles of 15-16 March 2019: four on the 18th Saturday of the gilets jaunes,
    three single stories."""
    path = _DEV.parent / "stories-dev.jsonl"
    if not path.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    window = json.loads(path.read_text(encoding="utf-8").splitlines()[1])
    big = next(s for s in window["stories"] if len(s["ids"]) == 4)
    singles = [s for s in window["stories"] if len(s["ids"]) == 1][:3]
    ids = {i for s in [big, *singles] for i in s["ids"]}
    record = {
        "window": window["window"],
        "docs": [d for d in window["docs"] if d["id"] in ids],
        "stories": [big, *singles],
    }
    out = tmp_path_factory.mktemp("stories") / "stories-tiny.jsonl"
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def test_eval_cli_scores_a_story_gold_file_beside_the_baseline(tiny_story_gold, nlp):
    result = CliRunner().invoke(app, ["eval", str(tiny_story_gold), "--json"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.output)
    assert (s["kind"], s["docs"], s["windows"], s["gold_stories"]) == ("stories", 7, 1, 4)
    for part in (s["veille"], s["baseline"]):
        assert 0.0 <= part["bcubed"]["f1"] <= 1.0
        assert set(part) >= {"bcubed", "pairwise", "ari", "stories"}
    assert s["baseline"]["name"] == "tfidf-average-0.85"
    assert s["veille"]["bcubed"]["precision"] == 1.0  # the three single stories stay apart

    table = CliRunner().invoke(app, ["eval", str(tiny_story_gold)])
    assert table.exit_code == 0, table.output
    assert "B-cubed F1" in table.output and "tfidf-average-0.85" in table.output


def test_eval_cli_floors_on_a_story_gold_file(tiny_story_gold, tmp_path, nlp):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"veille.bcubed.precision": 1.1}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tiny_story_gold), "--floors", str(floors)])
    assert result.exit_code == 1
    assert "veille.bcubed.precision" in result.output
