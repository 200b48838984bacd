"""Build the spaCy pipeline once, run it, and turn its Docs into :class:`veille.model.Dispatch`.

Flow: text ──layout──▶ tokens (glued sentences split, Doc text unchanged) ──spaCy model──▶
veille components (quantities, entities, places, …) ──▶ ``to_dispatch`` ──▶ Dispatch.

The Doc's text is always the user's text, character for character: glued sentences
(``jours.Au total``, ``discussionsLes groupes``) are repaired by tokenizing the pieces
separately and joining the Docs without adding whitespace, then marking a sentence start
there for the parser. No offset ever needs mapping back.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from veille import layout as layout_mod
from veille.model import Dispatch

# Settings moved to veille.settings; re-exported here for existing imports.
from veille.settings import DEFAULT_MODEL as DEFAULT_MODEL
from veille.settings import Settings
from veille.text.fold import typography
from veille.text.spans import indexed_text, keep_text, text_length

_DEFAULTS = Settings()

log = logging.getLogger(__name__)

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
    ("places_located", None),
    ("quotes", None),
    ("events", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class PipelineError(RuntimeError):
    """The pipeline cannot be built (e.g. the spaCy model package is not installed)."""


class TextTooLong(PipelineError):
    """A text above the hard limit (:attr:`Settings.max_chars`)."""


class LayoutTokenizer:
    """Wraps spaCy's tokenizer: reads the dispatch layout, splits glued sentences.

    Stores the :class:`veille.layout.Layout` on ``doc._.layout`` and marks sentence starts at
    glued-sentence points, at line starts and at section titles, which the parser respects.
    """

    def __init__(self, tokenizer: Any, max_sentence_tokens: int = 250) -> None:
        self.tokenizer = tokenizer
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, text: str) -> Doc:
        folded = typography(text)
        lay = layout_mod.analyze_layout(text, folded=folded)
        cuts = sorted({c for c in lay.sentence_starts if 0 < c < len(text)})
        if cuts:
            bounds = [0, *cuts, len(text)]
            pieces = [self.tokenizer(text[a:b]) for a, b in itertools.pairwise(bounds)]
            doc = _join(pieces)
        else:
            doc = self.tokenizer(text)
        doc._.layout = lay
        keep_text(doc, text, folded)
        starts = set(cuts)
        for sec in lay.sections:
            starts.add(sec.start)
            if sec.title is not None:
                starts.add(sec.title.start)
        if lay.body_end < len(text):
            starts.add(lay.body_end)
        # Marks set in one array: each `token.is_sent_start = True` scans the whole Doc
        # (spaCy checks it has no parse), which made long documents quadratic.
        marks = doc.to_array([SENT_START])
        _mark_sentence_starts(doc, starts, marks)
        _bound_sentences(doc, marks, self.max_sentence_tokens)
        doc.from_array([SENT_START], marks)
        return doc

    # spaCy calls these when serialising a pipeline; delegate to the wrapped tokenizer.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> LayoutTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self


def _join(pieces: list[Doc]) -> Doc:
    """The tokenized ``pieces`` as one Doc, the same as ``Doc.from_docs(pieces,
    ensure_whitespace=False)`` gives for tokenizer output (words, spaces, the norms the
    tokenizer's exceptions set, a sentence start at each piece's first token), at a third of
    its cost: ``from_docs`` copies every attribute and visits every token in Python."""
    vocab = pieces[0].vocab
    cols = numpy.concatenate([p.to_array([ORTH, SPACY, NORM]) for p in pieces])
    strings = vocab.strings
    doc = Doc(
        vocab,
        words=[strings[orth] for orth in cols[:, 0].tolist()],
        spaces=cols[:, 1].astype(bool).tolist(),
    )
    starts = numpy.zeros(len(cols), dtype=cols.dtype)
    starts[numpy.cumsum([0, *(len(p) for p in pieces[:-1])])] = 1
    doc.from_array([NORM, SENT_START], numpy.column_stack([cols[:, 2], starts]))
    return doc


def _mark_sentence_starts(doc: Doc, starts: set[int], marks: Any) -> None:
    """Set ``marks[i] = 1`` (SENT_START) for tokens at ``starts`` and after a line break
    (a space token holding one: a token's own trailing whitespace is one space or none).
    The first token is left as it is."""
    cols = doc.to_array([ORTH, IS_SPACE, IDX])
    if len(cols) < 2:
        return
    space = cols[:, 1] != 0
    breaks = numpy.zeros(len(cols), dtype=numpy.int64)  # space tokens holding a line break
    strings = doc.vocab.strings
    for i, orth in zip(
        (numpy.flatnonzero(space[1:]) + 1).tolist(), cols[1:, 0][space[1:]].tolist(), strict=True
    ):
        breaks[i] = "\n" in strings[orth]
    words = numpy.flatnonzero(~space[1:]) + 1  # the tokens that are not spaces, past the first
    if not len(words):
        return
    seen = numpy.cumsum(breaks)
    # a line break among the space tokens since the word before (or since the first token)
    previous = numpy.concatenate([[0], words[:-1]])
    after_break = seen[words - 1] > seen[previous]
    at_start = numpy.isin(cols[words, 2], list(starts))
    marks[words[after_break | at_start]] = 1


_SENTENCE_END = frozenset(".!?…;")


def _bound_sentences(doc: Doc, marks: Any, limit: int) -> None:
    """Start a sentence every ``limit`` tokens in a run with no sentence end (no final
    punctuation, no line break): the parser and the components then never face a
    200 kB line as one sentence. Text with punctuation is left to the parser."""
    orths = doc.to_array(ORTH)
    if not _may_run_past(doc, orths, marks, limit):
        return
    strings = doc.vocab.strings
    run = 0
    for i, orth in enumerate(orths.tolist()):
        if i == 0 or marks[i] == 1:
            run = 0
            continue
        text = strings[orth]
        if text in _SENTENCE_END or "\n" in text:
            run = 0
            continue
        run += 1
        if run >= limit:
            marks[i] = 1
            run = 0


def _may_run_past(doc: Doc, orths: Any, marks: Any, limit: int) -> bool:
    """Whether a run of ``limit`` tokens with no sentence start and no sentence end may be
    in the Doc: False when none can be, counting only the sentence ends that are
    punctuation (fewer ends than :func:`_bound_sentences` counts, so no run it would
    cut is missed), at C speed."""
    if len(orths) <= limit:
        return False
    ends = [doc.vocab.strings[c] for c in _SENTENCE_END]
    resets = numpy.flatnonzero((marks == 1) | numpy.isin(orths, ends))
    resets = numpy.concatenate([[0], resets, [len(orths)]])
    return bool((numpy.diff(resets) > limit).any())


def build_nlp(settings: Settings = _DEFAULTS) -> Language:
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
    _split_elision_before_quote(nlp)
    nlp.tokenizer = LayoutTokenizer(nlp.tokenizer, settings.max_sentence_tokens)
    _index_as_sets(nlp)
    _vectorise_attribute_ruler(nlp)
    configs = component_configs(settings)
    for name in VEILLE_COMPONENTS:
        nlp.add_pipe(name, last=True, config=configs.get(name, {}))
    nlp.max_length = settings.max_chars  # texts are checked by make_doc below, then pieced
    return nlp


def _vectorise_attribute_ruler(nlp: Language) -> None:
    """Replace spaCy's ``attribute_ruler`` by the same rules applied as array operations
    (:mod:`veille.components.attributes`), built from its patterns; spaCy's stays when one of
    its patterns has a shape the vectorised one does not apply."""
    from veille.components.attributes import compile_rules

    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    if compile_rules(nlp.vocab, patterns) is None:
        log.info("attribute_ruler kept: a pattern the vectorised ruler does not apply")
        return
    nlp.replace_pipe("attribute_ruler", "veille_attribute_ruler", config={"patterns": patterns})


# An elided word before a quote mark: "a qualifié ce vote d'\"énorme mensonge\"", "l'«arrêt
# des fermetures»". spaCy's French rules split the apostrophe from a letter only.
_ELISION_BEFORE_QUOTE = (
    r"(?<=[^\W\d_]['’])(?=[\"«“])",
    r"(?<=[^\W\d_]['’][\"«“])(?=\w)",  # a letter before the apostrophe: not 1'"000
)


# The elided words, kept whole when a space or a quote mark follows their apostrophe
# ("d'« énorme mensonge »"): spaCy's suffix rules would cut "d" from "'".
_ELIDED = ("c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")


def _split_elision_before_quote(nlp: Language) -> None:
    """Split ``d'"énorme`` into ``d'``, ``"``, ``énorme``, as ``d'énorme`` is split: the
    elided word is its own token, and the quote mark opens a quote; ``d'`` stays one token
    before a spaced guillemet (``d'« énorme``) as well."""
    infixes = [*nlp.Defaults.infixes, *_ELISION_BEFORE_QUOTE]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for word in _ELIDED:
        for form in (word, word.capitalize()):
            for apostrophe in ("'", "’"):
                nlp.tokenizer.add_special_case(form + apostrophe, [{ORTH: form + apostrophe}])


def _index_as_sets(nlp: Language) -> None:
    """spaCy's French lemmatizer keeps its word index (``lemma_index``: 28,000 nouns, 66,000
    verbs…) as lists and asks ``word in index`` for every word it has not seen, once per
    suffix rule that applies: a scan of tens of thousands of strings, most of bare spaCy's
    time on new text. The same words as frozensets give the same lemmas in constant time."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups:
        return
    index = lookups.get_table("lemma_index")
    for key, words in list(index.items()):
        if isinstance(words, list):
            index[key] = frozenset(words)


def component_configs(settings: Settings) -> dict[str, dict[str, Any]]:
    """The spaCy config of each veille component that takes settings (its factory's
    parameters): how the settings reach the components."""
    return {
        "veille_entities": {"home_country": settings.home_country},
        "veille_places": {"home_country": settings.home_country},
        "veille_events": {
            "home_country": settings.home_country,
            "history_days": settings.history_days,
            "trigger_gap": settings.trigger_gap,
            "trigger_prep_gap": settings.trigger_prep_gap,
            "confidence": settings.to_dict()["event_confidence"],
        },
    }


@cache
def get_nlp(settings: Settings = _DEFAULTS) -> Language:
    """The process-wide pipeline for ``settings``: built on first use, then reused; settings
    that differ only in what does not build it (batch sizes, the ingest's) share one."""
    return _nlp_for(_build_settings(settings))


# Settings that build_nlp does not read: reset to their defaults in get_nlp's cache key.
_NOT_BUILT = (
    "batch_size",
    "piece_chars",
    "max_bytes",
    "busy_timeout",
    "commit_batch",
    "commit_seconds",
    "workers",
)


def _build_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, **{k: getattr(_DEFAULTS, k) for k in _NOT_BUILT})


@cache
def _nlp_for(settings: Settings) -> Language:
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
    text = indexed_text(doc)
    return Dispatch(
        id=content_id(text),
        text=text,
        date=date,
        dateline=lay.dateline if lay else None,
        source=lay.source if lay else None,
        sections=list(lay.sections) if lay else [],
        entities=list(doc._.entities or []),
        country_refs=list(doc._.country_refs or []),
        places=[*(doc._.places or []), *(doc._.places_located or [])],
        quantities=list(doc._.quantities or []),
        quotes=list(doc._.quotes or []),
        events=list(doc._.events or []),
    )


def make_doc(nlp: Language, text: str, settings: Settings) -> Doc:
    """The tokenized Doc of ``text`` (layout read, sentence starts marked), or
    :class:`TextTooLong` above the hard limit."""
    if len(text) > settings.max_chars:
        raise TextTooLong(
            f"text of {len(text):,} characters is above the limit of {settings.max_chars:,} "
            "for one document: split it into articles"
        )
    return nlp.tokenizer(text)


def _docs(nlp: Language, texts: Iterable[str], dates: Iterable[str | None], settings: Settings):
    """The analysed Docs of ``texts``, in order: short texts in ``nlp.pipe`` batches, long
    ones (over ``settings.piece_chars``) one by one, in pieces (see :func:`analyze_long`)."""

    def with_dates() -> Iterator[Doc]:
        for text, date in zip(texts, dates, strict=False):
            doc = make_doc(nlp, text, settings)
            doc._.date = date
            yield doc

    for is_long, group in itertools.groupby(
        with_dates(), key=lambda doc: text_length(doc) > settings.piece_chars
    ):
        if is_long:
            for doc in group:
                yield analyze_long(nlp, doc, settings)
        else:
            yield from nlp.pipe(group, batch_size=settings.batch_size)


def analyze_long(nlp: Language, doc: Doc, settings: Settings) -> Doc:
    """Run the pipeline on a long tokenized Doc: the spaCy model on pieces of at most
    ``settings.piece_chars`` characters (memory and parse cost bounded by the piece), the
    pieces joined back into one Doc over the whole text, then veille's components on that
    Doc, so entities are clustered and speakers resolved across the pieces."""
    pieces = [doc[a:b].as_doc() for a, b in piece_bounds(doc, settings.piece_chars)]
    pieces = list(nlp.pipe(pieces, batch_size=settings.batch_size, disable=list(VEILLE_COMPONENTS)))
    whole = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["user_data", "tensor"])
    # The pieces are the Doc's own tokens: same count and same last offset means the same
    # text (comparing Doc.text, rebuilt from every token, would cost two passes).
    if len(whole) != len(doc) or whole[-1].idx != doc[-1].idx:
        raise PipelineError("pieces of a long document did not join back to its text")
    whole._.layout = doc._.layout
    whole._.date = doc._.date
    keep_text(whole, indexed_text(doc))  # the text the tokenizer kept: not joined again
    for name in VEILLE_COMPONENTS:
        whole = nlp.get_pipe(name)(whole)
    return whole


def piece_bounds(doc: Doc, limit: int) -> list[tuple[int, int]]:
    """Token ranges covering ``doc``, each under ``limit`` characters where a token allows:
    a piece ends before a paragraph (blank line), else a line, else a sentence start, else
    after sentence-final punctuation, else at any token, taking the last such point of the
    best kind in the piece's second half."""
    bounds: list[tuple[int, int]] = []
    start = 0
    best: dict[int, int] = {}  # kind of cut (0 best) -> the last token index of that kind
    for tok in doc[1:]:
        if tok.idx - doc[start].idx >= limit and tok.i > start + 1:
            floor = doc[start].idx + limit // 2
            cut = next((best[k] for k in sorted(best) if doc[best[k]].idx >= floor), tok.i)
            bounds.append((start, cut))
            start = cut
            best = {k: i for k, i in best.items() if i > start}
        kind = _cut_kind(doc, tok)
        if kind is not None:
            best[kind] = tok.i
    bounds.append((start, len(doc)))
    return bounds


def _cut_kind(doc: Doc, tok: Any) -> int | None:
    """How good a piece boundary falls before ``tok`` (0: a paragraph, 1: a line, 2: a
    sentence start, 3: after final punctuation, 4: after a space), or None."""
    prev = doc[tok.i - 1]
    gap = prev.whitespace_ + (prev.text if prev.is_space else "")
    if tok.is_space:
        return None
    if gap.count("\n") >= 2:
        return 0
    if "\n" in gap:
        return 1
    if tok.is_sent_start:
        return 2
    if prev.text in _SENTENCE_END:
        return 3
    return 4 if prev.whitespace_ else None


def analyze(text: str, *, date: str | None = None, settings: Settings = _DEFAULTS) -> Dispatch:
    """Analyse one French dispatch. ``date`` (YYYY-MM-DD) is its publication date, if known."""
    return next(analyze_many([text], dates=[date], settings=settings))


def analyze_many(
    texts: Iterable[str],
    *,
    dates: Iterable[str | None] | None = None,
    settings: Settings = _DEFAULTS,
    n_process: int = 1,
) -> Iterator[Dispatch]:
    """Analyse many dispatches in order, streaming, with ``nlp.pipe`` batches.

    With ``n_process > 1`` the work is spread over a process pool; each worker returns the
    :class:`Dispatch` objects (pickled: half the cost of ``to_dict`` in the worker and
    ``from_dict`` here, and exactly the objects one process makes). Forked workers inherit
    the pipeline, loaded here first as spaCy's own ``n_process`` does; other workers load it
    once each.
    """
    dates_it: Iterable[str | None] = dates if dates is not None else _nones()
    if n_process <= 1:
        nlp = get_nlp(settings)
        for doc in _docs(nlp, texts, dates_it, settings):
            yield to_dispatch(doc)
        return
    yield from _analyze_pool(texts, dates_it, settings, n_process)


def _nones() -> Iterator[None]:
    while True:
        yield None


def _worker_batch(
    args: tuple[Settings, Sequence[str], Sequence[str | None]],
) -> list[Dispatch]:
    settings, texts, dates = args
    nlp = get_nlp(settings)
    return [to_dispatch(d) for d in _docs(nlp, texts, dates, settings)]


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
    if multiprocessing.get_start_method() == "fork":
        get_nlp(settings)  # built once, here, and inherited: not once per worker
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    # A bounded window of batches in flight: streaming, order kept, memory flat.
    pending: deque[Future[list[Dispatch]]] = deque()
    try:
        for args in chunks():
            pending.append(pool.submit(_worker_batch, args))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:  # interrupted, closed early or failed: no worker may outlive it
        _stop_pool(pool, pending)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool: ProcessPoolExecutor, pending: deque[Future[list[Dispatch]]]) -> None:
    """Cancel the batches in flight and end the worker processes now (a worker may be in
    the middle of a long document: waiting for it would hang an interrupted run)."""
    for future in pending:
        future.cancel()
    # ProcessPoolExecutor has no public way to end busy workers before Python 3.14.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _worker_init(parent: int) -> None:
    """Tie a worker process to its parent: it dies with it, even on ``kill -9``.

    On Linux the kernel sends the worker SIGKILL when its parent dies (prctl
    PR_SET_PDEATHSIG); everywhere, a watcher thread exits the worker once its parent is gone.
    Ctrl-C reaches the whole process group: the worker ignores it and lets the parent stop it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable; the watcher thread remains")
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
