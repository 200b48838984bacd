"""Build ``src/veille/lexicon/stories_df.tsv``: how common each folded content word is in
French, as a document frequency out of ``DOCS`` pseudo-documents (the idf of story
clustering).

    pip install wordfreq    # or: pip install -e '.[lexicon]'
    python benchmarks/stories_df.py

A word's share of documents is that of documents of ``LENGTH`` words it would occur in at
its frequency in French, from ``wordfreq`` (Robyn Speer et al.; its data CC BY-SA 4.0:
Wikipedia, subtitles, news, books, web text, Twitter), for the words of Zipf frequency
``MIN_ZIPF`` and above; the row ``_rare`` (half the share at that frequency) is the share of
any word the table does not hold.

The table used to count the documents of the shared dev sets (356, among them the windows of
``stories-dev.jsonl``): every word they never saw weighed as a rare name (« revivez »,
« regain » in a new window), and the windows' own words were counted in the table their
score was tuned with (leave-one-window-out with the table rebuilt without the window left
out: B-cubed 0.958 -> 0.939). General French frequencies leak nothing of any window and know
the ordinary words of a window never seen.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from veille.stories.summary import words

OUT = Path(__file__).resolve().parent.parent / "src/veille/lexicon/stories_df.tsv"
DOCS = 1_000_000  # pseudo-documents: shares are written as counts out of these
LENGTH = 1000  # words of a document, from a word's frequency to the share of documents with it
MIN_ZIPF = 2.0  # the words at least this frequent (10 ** (MIN_ZIPF - 9) a word) are written


def _share(frequency: float) -> int:
    return max(2, round(DOCS * (1 - math.exp(-LENGTH * frequency))))


def table() -> dict[str, int]:
    """Pseudo document frequencies of folded words from their frequency in French."""
    from wordfreq import get_frequency_dict

    freq: Counter[str] = Counter()
    for word, f in get_frequency_dict("fr", "large").items():
        folded = words(word)
        if len(folded) == 1:
            freq[folded[0]] += f
    least = 10 ** (MIN_ZIPF - 9)
    rows = {w: _share(f) for w, f in freq.items() if f >= least}
    rows["_rare"] = _share(least) // 2
    return rows


def main() -> None:
    rows = table()
    with OUT.open("w", encoding="utf-8") as f:
        f.write(
            "# Document frequencies of folded content words in French (the idf of story\n"
            "# clustering), out of '_docs' pseudo-documents of 1,000 words; '_rare': any word\n"
            "# not listed. Built by benchmarks/stories_df.py from the word frequencies of\n"
            "# wordfreq 3.1 (Robyn Speer et al., data CC BY-SA 4.0), words of Zipf frequency 2\n"
            "# and above.\n"
            "# columns: term, df\nterm\tdf\n"
        )
        f.write(f"_docs\t{DOCS}\n")
        for term, count in sorted(rows.items()):
            f.write(f"{term}\t{count}\n")


if __name__ == "__main__":
    main()
