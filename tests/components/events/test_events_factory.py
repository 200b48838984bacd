"""The events component as spaCy sees it: what it reads and what it writes."""

from __future__ import annotations


def test_events_factory_declares_what_it_reads_and_writes(nlp):
    meta = nlp.get_pipe_meta("veille_events")
    assert set(meta.assigns) == {"doc._.events", "doc._.events_rejected"}
    read = {
        "doc._.layout",
        "doc._.date",
        "doc._.entities",
        "doc._.country_refs",
        "doc._.places",
        "doc._.quotes",
        "doc._.quantities",
    }
    assert read <= set(meta.requires)


def test_events_come_after_what_they_read(nlp):
    # every extension the events component reads is assigned by a component before it (or,
    # for the layout and the date, by the tokenizer before any)
    names = nlp.pipe_names
    before = names[: names.index("veille_events")]
    assigned = {a for n in before for a in nlp.get_pipe_meta(n).assigns}
    needed = {r for r in nlp.get_pipe_meta("veille_events").requires if r.startswith("doc._.")}
    assert needed - assigned == {"doc._.layout", "doc._.date"}
