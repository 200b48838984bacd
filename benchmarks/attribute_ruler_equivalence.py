"""Prove veille's vectorised attribute ruler gives what spaCy's ``attribute_ruler`` gives.

Every text of the corpora goes once through the model up to the attribute ruler (with
veille's tokenizer, then with spaCy's own); the Doc is copied, spaCy's ruler runs on one
copy and veille's on the other, then the lemmatizer and the NER on both. Every array
attribute of every token (TAG, POS, MORPH, DEP, HEAD, LEMMA, ENT_IOB, ENT_TYPE…) must be
the same::

    PYTHONPATH=src python benchmarks/attribute_ruler_equivalence.py \
        /work/shared/eval/dev.jsonl /work/shared/eval/check.jsonl more.jsonl

Exit code 1 when any token differs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy
from spacy.tokens import Doc

from veille.pipeline import _vectorise_attribute_ruler, build_nlp
from veille.settings import Settings

_BEFORE = ("tok2vec", "morphologizer", "parser")
_AFTER = ("lemmatizer", "ner")


def main(paths: list[str]) -> int:
    nlp = build_nlp(Settings())
    ruler = nlp.get_pipe("attribute_ruler")
    spacy_nlp = __import__("spacy").load(Settings().model)
    original = spacy_nlp.get_pipe("attribute_ruler")
    # spaCy's own ruler, on the vocab of the veille pipeline (the same patterns)
    from spacy.pipeline import AttributeRuler

    spacy_ruler = AttributeRuler(nlp.vocab)
    spacy_ruler.add_patterns(original.patterns)
    _vectorise_attribute_ruler(spacy_nlp)  # and the replacement is built on spaCy's bare load
    attrs = list(Doc._get_array_attrs())
    lines = [line for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines()]
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    tokens = differ = 0
    cpu = {"spacy": 0.0, "veille": 0.0}
    for text in texts:
        for doc in (nlp.make_doc(text), nlp.tokenizer.tokenizer(text)):
            for name in _BEFORE:
                doc = nlp.get_pipe(name)(doc)
            ours = doc.copy()
            start = time.process_time()
            theirs = spacy_ruler(doc)
            cpu["spacy"] += time.process_time() - start
            start = time.process_time()
            ours = ruler(ours)
            cpu["veille"] += time.process_time() - start
            for name in _AFTER:
                theirs = nlp.get_pipe(name)(theirs)
                ours = nlp.get_pipe(name)(ours)
            a, b = theirs.to_array(attrs), ours.to_array(attrs)
            tokens += len(doc)
            if a.shape != b.shape or not numpy.array_equal(a, b):
                differ += 1
                print("DIFFERENT:", text[:80].replace("\n", " "))
    print(f"{len(texts)} texts, {tokens} tokens (both tokenizers): {differ} Docs differ")
    print(f"CPU of the ruler: spaCy's {cpu['spacy']:.3f} s, veille's {cpu['veille']:.3f} s")
    print(f"replacement on bare spaCy: {type(spacy_nlp.get_pipe('attribute_ruler')).__name__}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
