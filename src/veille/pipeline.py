"""Build the spaCy pipeline once, run it, and turn its Docs into :class:`veille.model.Dispatch`.

Flow: text ──layout──▶ tokens (glued sentences split, Doc text unchanged) ──spaCy model──▶
veille components (quantities, entities, places, …) ──▶ ``to_dispatch`` ──▶ Dispatch.

The Doc's text is always the user's text, character for character: glued sentences
(``jours.Au total``, ``discussionsLes groupes``) are repaired by tokenizing the pieces
separately and joining the Docs without adding whitespace, then marking a sentence start
there for the parser. No offset ever needs mapping back.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from veille import layout as layout_mod
from veille.model import Dispatch

log = logging.getLogger(__name__)

DEFAULT_MODEL = "fr_core_news_md"
VEILLE_COMPONENTS = (
    "veille_quantities",
    "veille_entities",
    "veille_quotes",
    "veille_places",
    "veille_events",
)

# Extensions every component reads or writes. Values are veille.model objects or plain data.
for _name, _default in (
    ("layout", None),
    ("date", None),
    ("quantities", None),
    ("entities", None),
    ("country_refs", None),
    ("places", None),
    ("quotes", None),
    ("events", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@dataclass(frozen=True)
class Settings:
    """Everything that changes what the pipeline computes. Immutable, passed explicitly."""

    model: str = DEFAULT_MODEL
    batch_size: int = 16


class PipelineError(RuntimeError):
    """The pipeline cannot be built (e.g. the spaCy model package is not installed)."""


class LayoutTokenizer:
    """Wraps spaCy's tokenizer: reads the dispatch layout, splits glued sentences.

    Stores the :class:`veille.layout.Layout` on ``doc._.layout`` and marks sentence starts at
    glued-sentence points, at line starts and at section titles, which the parser respects.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        lay = layout_mod.analyze_layout(text)
        cuts = sorted({c for c in lay.sentence_starts if 0 < c < len(text)})
        if cuts:
            bounds = [0, *cuts, len(text)]
            pieces = [self.tokenizer(text[a:b]) for a, b in itertools.pairwise(bounds)]
            doc = Doc.from_docs(pieces, ensure_whitespace=False)
        else:
            doc = self.tokenizer(text)
        doc._.layout = lay
        starts = set(cuts)
        for sec in lay.sections:
            starts.add(sec.start)
            if sec.title is not None:
                starts.add(sec.title.start)
        if lay.body_end < len(text):
            starts.add(lay.body_end)
        _mark_sentence_starts(doc, starts)
        return doc

    # spaCy calls these when serialising a pipeline; delegate to the wrapped tokenizer.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> LayoutTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self


def _mark_sentence_starts(doc: Doc, starts: set[int]) -> None:
    after_newline = False
    for tok in doc:
        if tok.i == 0:
            continue
        if tok.is_space:
            after_newline = after_newline or "\n" in tok.text
            continue
        prev_newline = after_newline or "\n" in doc[tok.i - 1].whitespace_
        if tok.idx in starts or prev_newline:
            tok.is_sent_start = True
        after_newline = False


def build_nlp(settings: Settings = Settings()) -> Language:
    """Load the spaCy model and add veille's components. Prefer :func:`get_nlp` (cached)."""
    # Importing registers the component factories.
    from veille.components import entities, events, places, quantities, quotes  # noqa: F401

    try:
        nlp = spacy.load(settings.model)
    except OSError as exc:
        raise PipelineError(
            f"spaCy model {settings.model!r} is not installed: "
            f"reinstall veille (pip install .) which depends on it"
        ) from exc
    nlp.tokenizer = LayoutTokenizer(nlp.tokenizer)
    for name in VEILLE_COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp


@cache
def get_nlp(settings: Settings = Settings()) -> Language:
    """The process-wide pipeline for ``settings``: built on first use, then reused."""
    log.debug("building pipeline %s", settings)
    return build_nlp(settings)


def content_id(text: str) -> str:
    """Content hash of a text: same id for the same words, whatever the spacing or Unicode form."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def to_dispatch(doc: Doc) -> Dispatch:
    """Build the output model from an analysed Doc (done once; nothing downstream sees spaCy)."""
    lay = doc._.layout
    date = doc._.date or (lay.dateline.date_value if lay and lay.dateline else None)
    return Dispatch(
        id=content_id(doc.text),
        text=doc.text,
        date=date,
        dateline=lay.dateline if lay else None,
        source=lay.source if lay else None,
        sections=list(lay.sections) if lay else [],
        entities=list(doc._.entities or []),
        country_refs=list(doc._.country_refs or []),
        places=list(doc._.places or []),
        quantities=list(doc._.quantities or []),
        quotes=list(doc._.quotes or []),
        events=list(doc._.events or []),
    )


def _docs(
    nlp: Language, texts: Iterable[str], dates: Iterable[str | None], batch_size: int
) -> Iterator[Doc]:
    def with_dates() -> Iterator[Doc]:
        for text, date in zip(texts, dates, strict=False):
            doc = nlp.make_doc(text)
            doc._.date = date
            yield doc

    yield from nlp.pipe(with_dates(), batch_size=batch_size)


def analyze(text: str, *, date: str | None = None, settings: Settings = Settings()) -> Dispatch:
    """Analyse one French dispatch. ``date`` (YYYY-MM-DD) is its publication date, if known."""
    return next(analyze_many([text], dates=[date], settings=settings))


def analyze_many(
    texts: Iterable[str],
    *,
    dates: Iterable[str | None] | None = None,
    settings: Settings = Settings(),
    n_process: int = 1,
) -> Iterator[Dispatch]:
    """Analyse many dispatches in order, streaming, with ``nlp.pipe`` batches.

    With ``n_process > 1`` the work is spread over a process pool; each worker loads the
    model once and returns plain dicts (the model is the contract between processes).
    """
    dates_it: Iterable[str | None] = dates if dates is not None else _nones()
    if n_process <= 1:
        nlp = get_nlp(settings)
        for doc in _docs(nlp, texts, dates_it, settings.batch_size):
            yield to_dispatch(doc)
        return
    yield from _analyze_pool(texts, dates_it, settings, n_process)


def _nones() -> Iterator[None]:
    while True:
        yield None


def _worker_batch(args: tuple[Settings, Sequence[str], Sequence[str | None]]) -> list[dict]:
    settings, texts, dates = args
    nlp = get_nlp(settings)
    return [to_dispatch(d).to_dict() for d in _docs(nlp, texts, dates, settings.batch_size)]


def _analyze_pool(
    texts: Iterable[str], dates: Iterable[str | None], settings: Settings, n_process: int
) -> Iterator[Dispatch]:
    chunk = max(1, settings.batch_size)

    def chunks() -> Iterator[tuple[Settings, list[str], list[str | None]]]:
        buf_t: list[str] = []
        buf_d: list[str | None] = []
        for text, date in zip(texts, dates, strict=False):
            buf_t.append(text)
            buf_d.append(date)
            if len(buf_t) == chunk:
                yield settings, buf_t, buf_d
                buf_t, buf_d = [], []
        if buf_t:
            yield settings, buf_t, buf_d

    workers = min(n_process, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # A bounded window of batches in flight: streaming, order kept, memory flat.
        pending: deque[Future[list[dict]]] = deque()
        for args in chunks():
            pending.append(pool.submit(_worker_batch, args))
            if len(pending) >= 2 * workers:
                yield from map(Dispatch.from_dict, pending.popleft().result())
        while pending:
            yield from map(Dispatch.from_dict, pending.popleft().result())
