"""Build ``src/veille/lexicon/stories_df.tsv``: in how many documents each folded content
word occurs, over the French news texts of the shared dev sets (the titles and texts of
``stories-dev.jsonl`` and the texts of ``dev.jsonl``; never ``check.jsonl``).

    python benchmarks/stories_df.py /work/shared/eval/stories-dev.jsonl /work/shared/eval/dev.jsonl

Words seen in a single document are left out (the idf treats them as unseen: rare).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from veille.stories.summary import words

OUT = Path(__file__).resolve().parent.parent / "src/veille/lexicon/stories_df.tsv"


def texts(path: str):
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for doc in record.get("docs", [record]):
            yield f"{doc.get('title') or ''}\n{doc['text']}"


def main(paths: list[str]) -> None:
    df: Counter[str] = Counter()
    n = 0
    for text in (t for p in paths for t in texts(p)):
        df.update(set(words(text)))
        n += 1
    with OUT.open("w", encoding="utf-8") as f:
        f.write(
            "# Document frequencies of folded content words in French news (the idf of story\n"
            "# clustering), built by benchmarks/stories_df.py from the titles and texts of the\n"
            "# shared dev sets (stories-dev.jsonl, dev.jsonl); words of one document left out.\n"
            "# '_docs' is the number of documents. Written for veille.\n"
            "# columns: term, df\nterm\tdf\n"
        )
        f.write(f"_docs\t{n}\n")
        for term, count in sorted(df.items()):
            if count > 1:
                f.write(f"{term}\t{count}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
