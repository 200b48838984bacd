"""The CAMEO table, QuadClass, CAMEO → PLOVER, and the event lexicon's codes."""

from __future__ import annotations

import pytest

from veille import cameo
from veille.components.events import entries


def test_all_twenty_roots_exist():
    roots = {c.root for c in cameo.codes().values()}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    for r in roots:
        assert cameo.is_code(r)


@pytest.mark.parametrize(
    ("code", "quad", "plover"),
    [
        ("0256", 1, "REQUEST"),
        ("043", 1, "CONSULT"),
        ("073", 2, "AID"),
        ("0871", 2, "RETREAT"),
        ("112", 3, "ACCUSE"),
        ("138", 3, "THREATEN"),
        ("163", 4, "COERCE"),
        ("173", 4, "COERCE"),
        ("195", 4, "ASSAULT"),
        ("2041", 4, "ASSAULT"),
    ],
)
def test_quad_class_and_plover(code, quad, plover):
    c = cameo.info(code)
    assert c.quad_class == quad
    assert c.plover == plover


def test_statements_have_no_plover_category():
    assert cameo.plover("010") == (None, None)


def test_plover_modes_and_goldstein():
    assert cameo.plover("0871") == ("RETREAT", "ceasefire")
    assert cameo.info("0256").goldstein == pytest.approx(-0.3)
    assert cameo.info("20").goldstein == -10.0


def test_every_lexicon_code_is_a_real_cameo_code():
    for e in entries():
        assert cameo.is_code(e.code), e
        assert e.place_code is None or cameo.is_code(e.place_code), e


def test_lexicon_is_large_and_covers_every_root():
    es = entries()
    assert len(es) >= 400
    assert {e.code[:2] for e in es} == {f"{i:02d}" for i in range(1, 21)}


def test_quad_class_rejects_non_roots():
    with pytest.raises(ValueError):
        cameo.quad_class("21")


def test_destroying_property_is_coerce_like_its_root():
    """Bug: 1712 (destroy property: "la permanence du député a été vandalisée") was ASSAULT as
    in the PLOVER table, while the annotators code it by its root 17, COERCE."""
    assert cameo.info("1712").plover == "COERCE"
    assert cameo.info("1711").plover == "COERCE"
