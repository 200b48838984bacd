"""spaCy's ``attribute_ruler``, vectorised: the same rules, applied as array operations.

The French model's attribute ruler copies the part of speech to the tag (``{"POS": "ADJ"}``
→ ``TAG ADJ``, twenty such rules) and fixes whitespace tokens (``POS SPACE``, ``MORPH _``,
``DEP dep``). spaCy runs it through a Matcher and sets each match's attributes token by
token: a Span and a Python call for nearly every token of every document. Its rules are
all one-token patterns on token attributes, so they are column comparisons over
``Doc.to_array`` and one ``Doc.from_array``.

The rules are read from the loaded ruler (:func:`compile_rules`): a pattern of another
shape (several tokens, operators, extensions, predicates other than ``IN``/``NOT_IN``, an
attribute set on the lexeme) makes it return None, and the pipeline then keeps spaCy's ruler,
so another model version stays correct. As spaCy does, every rule is tested on the Doc as it
came in and the rules are applied in their order, the later winning.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IDS, MORPH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

#: Token attributes a pattern may test: their ``Doc.to_array`` column is what the Matcher
#: compares (SENT_START is not: the Matcher reads it another way).
MATCHED = frozenset({"POS", "TAG", "DEP", "LEMMA", "ORTH", "LOWER", "NORM", "IS_SPACE"})
#: Attributes a rule may set: token attributes only (spaCy also sets lexical ones on the
#: lexeme, shared by every Doc).
ASSIGNED = frozenset({"TAG", "POS", "DEP", "MORPH"})
_SETS = frozenset({"IN", "NOT_IN"})


@dataclass(frozen=True)
class Test:
    """One attribute of a token compared: equal to one value, or in / not in a set."""

    attr: int
    values: tuple[int, ...]
    negated: bool = False

    def found(self, col: Any) -> Any:
        """The mask of the values of ``col`` (a ``to_array`` column) that pass the test."""
        if len(self.values) == 1:
            found = col == numpy.uint64(self.values[0])
        else:
            found = numpy.isin(col, numpy.array(self.values, dtype=numpy.uint64))
        return ~found if self.negated else found


@dataclass(frozen=True)
class Rule:
    """Tokens matching any of ``alternatives`` (each a conjunction of tests) get ``attrs``."""

    alternatives: tuple[tuple[Test, ...], ...]
    attrs: tuple[tuple[int, int], ...]


class Table:
    """Consecutive rules that each test one attribute for one value and set the same
    attributes (``POS ADJ`` → ``TAG ADJ``, ``POS ADP`` → ``TAG ADP``…), applied as one lookup:
    their tokens differ but where two rules test the same value, and there the later wins,
    as it does in the table."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.attr = rules[0].alternatives[0][0].attr
        table = {rule.alternatives[0][0].values[0]: dict(rule.attrs) for rule in rules}
        self.keys = numpy.array(sorted(table), dtype=numpy.uint64)
        written = [a for a, _ in rules[0].attrs]
        self.values = {
            a: numpy.array([table[k][a] for k in self.keys.tolist()], dtype=numpy.uint64)
            for a in written
        }

    def apply(self, col: Any, out: dict[int, Any]) -> None:
        """Set ``out`` (the written columns) where ``col`` (the tested one) has a key."""
        at = numpy.minimum(numpy.searchsorted(self.keys, col), len(self.keys) - 1)
        hit = self.keys[at] == col
        if hit.any():
            for attr, values in self.values.items():
                out[attr][hit] = values[at[hit]]


def _steps(rules: Sequence[Rule]) -> list[Rule | Table]:
    """``rules`` with each run of two or more consecutive table-like rules as a Table."""
    steps: list[Rule | Table] = []
    for _, group in itertools.groupby(rules, key=_table_key):
        run = list(group)
        if _table_key(run[0]) is None or len(run) < 2:
            steps.extend(run)
        else:
            steps.append(Table(run))
    return steps


def _table_key(rule: Rule) -> tuple[int, tuple[int, ...]] | None:
    """The tested attribute and the attributes set, for a rule with one test of one value."""
    if len(rule.alternatives) != 1 or len(rule.alternatives[0]) != 1:
        return None
    test = rule.alternatives[0][0]
    if test.negated or len(test.values) != 1:
        return None
    return test.attr, tuple(sorted(a for a, _ in rule.attrs))


def compile_rules(vocab: Vocab, patterns: Sequence[dict[str, Any]]) -> list[Rule] | None:
    """The rules of an attribute ruler's ``patterns``, or None when one of them has a shape
    :class:`VectorRuler` does not apply exactly as spaCy's Matcher does."""
    rules = []
    for pattern in patterns:
        rule = _compile_rule(vocab, pattern)
        if rule is None:
            return None
        rules.append(rule)
    return rules


def _compile_rule(vocab: Vocab, pattern: dict[str, Any]) -> Rule | None:
    attrs = pattern.get("attrs", {})
    if pattern.get("index", 0) not in (0, -1) or not attrs:
        return None
    if not all(isinstance(k, str) and k.upper() in ASSIGNED for k in attrs):
        return None
    alternatives = []
    for tokens in pattern.get("patterns", []):
        if len(tokens) != 1:
            return None
        tests = [_compile_test(vocab, key, value) for key, value in tokens[0].items()]
        if None in tests:
            return None
        alternatives.append(tuple(tests))
    assigned = normalize_token_attrs(vocab, dict(attrs))
    return Rule(tuple(alternatives), tuple((int(k), int(v)) for k, v in assigned.items()))


def _compile_test(vocab: Vocab, key: Any, value: Any) -> Test | None:
    if not isinstance(key, str) or key.upper() not in MATCHED:
        return None
    attr = IDS[key.upper()]
    if isinstance(value, dict):
        if len(value) != 1 or not set(value) <= _SETS:
            return None
        ((op, values),) = value.items()
        ints = [_value(vocab, v) for v in values]
        if None in ints:
            return None
        return Test(attr, tuple(ints), negated=op == "NOT_IN")  # type: ignore[arg-type]
    one = _value(vocab, value)
    return None if one is None else Test(attr, (one,))


def _value(vocab: Vocab, value: Any) -> int | None:
    """The integer the Matcher compares a pattern value as."""
    if isinstance(value, str):
        return vocab.strings.add(value)
    if isinstance(value, bool | int):
        return int(value)
    return None


class VectorRuler:
    """Applies compiled attribute rules to a Doc with one ``to_array`` and one
    ``from_array`` (the morphology of the few tokens whose analysis changes is set one by
    one: ``from_array`` would register every token's)."""

    def __init__(self, patterns: Sequence[dict[str, Any]], rules: list[Rule]) -> None:
        self._patterns = list(patterns)
        self.rules = rules
        self.steps = _steps(rules)
        tested = {t.attr for r in rules for alt in r.alternatives for t in alt}
        self.written = sorted({a for r in rules for a, _ in r.attrs})
        self.read = sorted(tested | set(self.written))
        self._col = {attr: j for j, attr in enumerate(self.read)}

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The attribute ruler's patterns these rules were built from."""
        return list(self._patterns)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.rules:
            return doc
        # one column read gives a 1-D array: always (tokens, columns)
        cols = doc.to_array(self.read).reshape(len(doc), len(self.read))
        out = {attr: cols[:, self._col[attr]].copy() for attr in self.written}
        for rule in self.steps:
            if isinstance(rule, Table):
                rule.apply(cols[:, self._col[rule.attr]], out)
                continue
            hit = self._matches(rule, cols)
            if hit is None:
                continue
            for attr, value in rule.attrs:
                out[attr][hit] = numpy.uint64(value)
        plain = [a for a in self.written if a != MORPH]
        if plain:
            doc.from_array(plain, numpy.column_stack([out[a] for a in plain]))
        if MORPH in out:
            old = cols[:, self._col[MORPH]]
            for i in numpy.flatnonzero(out[MORPH] != old).tolist():
                doc[i].set_morph(int(out[MORPH][i]))
        return doc

    def _matches(self, rule: Rule, cols: Any) -> Any:
        """The mask of the tokens ``rule`` matches, or None when it matches none."""
        hit = None
        for tests in rule.alternatives:
            mask = numpy.ones(len(cols), dtype=bool)
            for test in tests:
                mask &= test.found(cols[:, self._col[test.attr]])
            hit = mask if hit is None else hit | mask
        return hit if hit is not None and hit.any() else None


@Language.factory("veille_attribute_ruler", assigns=["token.tag", "token.pos", "token.dep"])
def make_vector_ruler(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> VectorRuler:
    rules = compile_rules(nlp.vocab, patterns)
    if rules is None:
        raise ValueError("veille_attribute_ruler: a pattern of a shape it cannot apply")
    return VectorRuler(patterns, rules)


__all__ = ["ASSIGNED", "MATCHED", "Rule", "Table", "Test", "VectorRuler", "compile_rules"]
