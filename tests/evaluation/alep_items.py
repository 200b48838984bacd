"""Gold and predicted items on the opening of examples/alep.txt, for the evaluation tests."""

from __future__ import annotations

from typing import Any

# The opening of examples/alep.txt, offsets as in the file.
ALEP = (
    "Moscou / Le président russe, Vladimir Poutine, a affirmé que la libération de la ville "
    "d’Alep des terroristes constitue un pas important vers le règlement de la crise en Syrie.\n"
    "Lors de sa rencontre avec le ministre russe de la Défense, Sergueï Choïgou, Poutine a dit : "
    "« La libération de la ville d’Alep des extrémistes constitue un facteur fondamental pour le "
    "retour à la situation normale en Syrie et dans la région entière », selon l’Agence de presse "
    "russe « Tass ».\n"
    "Poutine a souligné la nécessité de poursuivre le travail par son pays et les pays intéressés "
    "afin de parvenir à une trêve définitive.\n"
)
SENT1_END = ALEP.index("Syrie.") + len("Syrie.")


def span_in(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def gold_quote(
    start: int, end: int, type_: str = "direct", speaker: str = "Vladimir Poutine"
) -> dict[str, Any]:
    return {
        "type": type_,
        "content": ALEP[start:end],
        "speaker": speaker,
        "speaker_mention": "Poutine",
        "cue": "a dit",
        "start": start,
        "end": end,
    }


def pred_quote(
    start: int, end: int, type_: str = "direct", speaker: str | None = "Vladimir Poutine"
) -> dict[str, Any]:
    return {
        "type": type_,
        "content": ALEP[start:end],
        "start": start,
        "end": end,
        "cue": None,
        "speaker": None if speaker is None else {"entity": None, "name": speaker, "mention": None},
        "confidence": 1.0,
    }


def gold_doc(**parts: Any) -> dict[str, Any]:
    return {
        "id": "alep",
        "text": ALEP,
        "quotes": [],
        "entities": [],
        "places": [],
        "events": [],
    } | parts


def pred_doc(**parts: Any) -> dict[str, Any]:
    """A predicted document has the shape of a gold one."""
    return gold_doc(**parts)


def entity(name: str, type_: str) -> dict[str, Any]:
    start, end = span_in(ALEP, name)
    return {
        "id": name,
        "name": name,
        "type": type_,
        "mentions": [{"text": name, "start": start, "end": end, "kind": "name"}],
    }


def place(mention: str, country: str | None, lat: float, lon: float, kind: str = "city") -> dict:
    start, end = span_in(ALEP, mention)
    return {
        "entity": mention,
        "mention": {"text": mention, "start": start, "end": end},
        "name": mention,
        "country": country,
        "lat": lat,
        "lon": lon,
        "geonames_id": None,
        "kind": kind,
    }


def pred_event(category: str, trigger: str, occurrence: int = 1, **kw: Any) -> dict[str, Any]:
    start, end = span_in(ALEP, trigger, occurrence)
    return {
        "plover": category,
        "cameo": {"code": "", "root_code": ""},
        "trigger": {"text": trigger, "start": start, "end": end},
        "actors": kw.get("actors", [{"name": "Vladimir Poutine", "country": "RUS"}]),
        "recipients": [],
        "modality": kw.get("modality", "asserted"),
    }


def gold_event(category: str, trigger: str, **kw: Any) -> dict[str, Any]:
    return {
        "category": category,
        "cameo_root": "04",
        "trigger": trigger,
        **({"occurrence": kw["occurrence"]} if "occurrence" in kw else {}),
        "actors": kw.get("actors", [{"name": "Vladimir Poutine", "country": "RUS"}]),
        "recipients": [],
        "location": None,
        "modality": kw.get("modality", "asserted"),
    }


DIRECT = span_in(ALEP, "La libération de la ville d’Alep des extrémistes")[0], ALEP.index(" »")
INDIRECT = ALEP.index("la libération"), SENT1_END - 1


def as_prediction(record: dict[str, Any]) -> dict[str, Any]:
    """A gold record in the shape of ``Dispatch.to_dict()``."""
    return {
        "id": record["id"],
        "text": record["text"],
        "quotes": [
            {
                "type": q["type"],
                "content": q["content"],
                "start": q["start"],
                "end": q["end"],
                "cue": None,
                "speaker": {"entity": None, "name": q["speaker"], "mention": None},
                "confidence": 1.0,
            }
            for q in record["quotes"]
        ],
        "entities": [
            {"id": f"e{i}", "name": e["name"], "type": e["type"], "mentions": []}
            for i, e in enumerate(record["entities"])
        ],
        "places": [
            {
                "entity": None,
                "mention": {"text": p["mention"], "start": 0, "end": 0},
                "name": p["name"],
                "country": p["country"],
                "lat": p["lat"],
                "lon": p["lon"],
                "geonames_id": None,
                "kind": p["kind"],
            }
            for p in record["places"]
        ],
        "events": [
            {
                "plover": e["category"],
                "trigger": e["trigger"],
                "actors": e["actors"],
                "recipients": e["recipients"],
                "modality": e["modality"],
            }
            for e in record.get("events") or []
        ],
    }
