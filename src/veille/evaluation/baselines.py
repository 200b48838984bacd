"""The textacy baseline: textacy's ``direct_quotations`` on spaCy's French model, as prediction
dicts that :func:`veille.evaluation.score` reads (direct quotes only)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

log = logging.getLogger(__name__)

# Press reporting verbs (lemmas) missing from textacy's French list, which has 24 verbs but
# not "souligner", "indiquer", "estimer" or "assurer", the commonest in dispatches.
FRENCH_REPORTING_VERBS = frozenset(
    {
        "accuser", "assurer", "avertir", "commenter", "confier", "confirmer", "critiquer",
        "démentir", "dénoncer", "déplorer", "espérer", "estimer", "exhorter", "exiger",
        "fustiger", "indiquer", "interroger", "juger", "lâcher", "marteler", "menacer",
        "noter", "observer", "plaider", "poursuivre", "préciser", "prévenir", "promettre",
        "raconter", "rappeler", "réagir", "réclamer", "reconnaître", "regretter", "répéter",
        "résumer", "souligner", "tweeter",
    }
)  # fmt: skip


@contextmanager
def _extra_reporting_verbs(constants: Any, lang: str, verbs: Iterable[str]) -> Iterator[None]:
    """Temporarily add ``verbs`` to textacy's reporting verbs for ``lang``."""
    verbs = set(verbs)
    original = constants.REPORTING_VERBS.get(lang)
    constants.REPORTING_VERBS[lang] = set(original or ()) | verbs
    try:
        yield
    finally:
        if original is None:
            del constants.REPORTING_VERBS[lang]
        else:
            constants.REPORTING_VERBS[lang] = original


def _token_span(tokens: Sequence[Any], text: str) -> dict[str, Any] | None:
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return {"text": text[start:end], "start": start, "end": end}


def _direct_quotations(doc: Any, text: str, offset: int, triples: Any) -> list[dict[str, Any]]:
    quotes = []
    for speaker, cue, content in triples.direct_quotations(doc):
        # textacy's content includes the quotation marks; the guidelines' does not
        start = content[0].idx + len(content[0])
        end = content[-1].idx
        raw = doc.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        mention = _token_span(speaker, doc.text)
        cue_span = _token_span(cue, doc.text)
        for span in (mention, cue_span):
            if span:
                span["start"] += offset
                span["end"] += offset
        quotes.append(
            {
                "type": "direct",
                "content": text[start + offset : end + offset],
                "start": start + offset,
                "end": end + offset,
                "cue": cue_span,
                "speaker": {
                    "entity": None,
                    "name": " ".join(t.text for t in speaker),
                    "mention": mention,
                },
                "confidence": 1.0,
            }
        )
    return quotes


def textacy_predictions(
    texts: Sequence[str],
    *,
    nlp: Any = None,
    extra_verbs: Iterable[str] = FRENCH_REPORTING_VERBS,
) -> list[dict[str, Any]]:
    """Prediction dicts with the direct quotes of textacy's ``direct_quotations``.

    textacy gives up on a whole document when it counts an odd number of quotation marks;
    the document is then run again paragraph by paragraph (lines), so that one unbalanced mark
    costs only its paragraph.
    """
    try:
        from textacy import constants
        from textacy.extract import triples
    except ImportError as e:
        raise ImportError(
            "the textacy baseline needs textacy: install with pip install '.[baselines]'"
        ) from e
    if nlp is None:
        import spacy

        nlp = spacy.load("fr_core_news_md")
    predictions = []
    with _extra_reporting_verbs(constants, nlp.lang, extra_verbs):
        for text, doc in zip(texts, nlp.pipe(texts), strict=True):
            try:
                quotes = _direct_quotations(doc, text, 0, triples)
            except ValueError:
                log.info("textacy: unbalanced quotation marks, going paragraph by paragraph")
                quotes = []
                offset = 0
                for line in text.split("\n"):
                    if line.strip():
                        # unbalanced in this paragraph too: textacy finds nothing in it
                        with suppress(ValueError):
                            quotes += _direct_quotations(nlp(line), text, offset, triples)
                    offset += len(line) + 1
            predictions.append(
                {"text": text, "quotes": quotes, "entities": [], "places": [], "events": []}
            )
    return predictions
