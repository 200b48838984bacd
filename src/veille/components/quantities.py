"""Quantities: French numbers parsed to values, with the noun they count."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from veille.normalize import find_quantities
from veille.text.spans import doc_index


class QuantityFinder:
    """Sets ``doc._.quantities`` to the :class:`veille.model.Quantity` list of the text."""

    def __call__(self, doc: Doc) -> Doc:
        index = doc_index(doc)
        doc._.quantities = find_quantities(index.text, folded=index.folded)
        return doc


@Language.factory("veille_quantities", assigns=["doc._.quantities"])
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
