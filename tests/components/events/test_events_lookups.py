"""The per-document lookups of the event coder (``veille.components.events.lookups``)."""

from __future__ import annotations

from veille.components.events.lookups import doc_info


def _info(nlp, text: str):
    doc = nlp.tokenizer(text)
    doc._.date = "2019-03-15"
    return doc_info(nlp(doc))


# Regression: events read quotation marks with a regex of their own, whose « … » ran over a
# paragraph break to the next », where the quotes component pairs marks within a paragraph.
def test_quoted_span_does_not_cross_a_paragraph_break(nlp):
    text = "Il a dit « oui.\n\nPuis « non » a-t-il ajouté."
    marks = _info(nlp, text).quote_marks
    assert [text[s:e] for s, e in marks] == ["« non »"]


# The dev-set case (orangesum-13937): a straight quote glued to "L" threw the regex's pairs out
# by one, and the words between two quotations were taken as quoted.
def test_straight_quotes_pair_as_the_quotes_component_pairs_them(nlp):
    text = (
        'L"offensive turque "s\'arrêtera", a-t-il assuré après des entretiens. '
        'Le président a salué la "bonne nouvelle".'
    )
    marks = _info(nlp, text).quote_marks
    assert '"bonne nouvelle"' in [text[s:e] for s, e in marks]
    assert not any(s <= text.index("entretiens") < e for s, e in marks)
