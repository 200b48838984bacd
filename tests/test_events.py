"""Events: the lexicon's own sentences, every CAMEO root, modality, actors, the bulletin."""

from __future__ import annotations

import csv
import io

import pytest

import veille
from veille.components.events import entries, format_event
from veille.export_events import GDELT_COLUMNS, gdelt_rows, plover_records

PUB = "2019-03-15"  # a Friday


def _events(text: str, date: str = PUB):
    return veille.analyze(text, date=date).events


@pytest.mark.parametrize("entry", entries(), ids=lambda e: f"{e.code}:{e.pattern}")
def test_lexicon_entry_detected_in_its_sentence(nlp, entry):
    events = _events(entry.sentence)
    codes = {e.cameo.code for e in events}
    if entry.code in ("020", "100"):
        # a generic appeal or demand takes the code of what it calls for (0256, 1056…)
        codes |= {entry.code for c in codes if c[:2] == entry.code[:2]}
    assert entry.code in codes or entry.place_code in codes, (
        entry.pattern,
        [(e.trigger.text, e.cameo.code) for e in events],
    )


# One newswire-style sentence per CAMEO root, written for these tests.
ROOTS = {
    "01": "Le ministère de la Défense a refusé de commenter les informations du quotidien.",
    "02": "Le secrétaire général de l'ONU a appelé jeudi Israël et le Hamas à la retenue.",
    "03": "Le gouvernement ivoirien s'est engagé à organiser des élections libres.",
    "04": "Le président sénégalais a rencontré lundi le Premier ministre français à Dakar.",
    "05": "Le chancelier allemand a salué le courage des manifestants iraniens.",
    "06": "La police belge a coopéré avec les enquêteurs néerlandais.",
    "07": "Le Japon a envoyé une aide humanitaire aux sinistrés philippins.",
    "08": "Les rebelles houthis ont libéré quatorze marins saoudiens.",
    "09": "Le parquet de Paris a ouvert une enquête sur l'incendie de la préfecture.",
    "10": "Les syndicats ont exigé le retrait du projet de loi.",
    "11": "Le ministre turc des Affaires étrangères a dénoncé les propos du président français.",
    "12": "Le Hamas a rejeté la proposition de trêve présentée par l'Egypte.",
    "13": "Le président américain a menacé la Corée du Nord de représailles.",
    "14": "Des milliers de Soudanais ont manifesté vendredi à Khartoum.",
    "15": "La Russie a massé des troupes à la frontière ukrainienne.",
    "16": "Le Maroc a rompu ses relations diplomatiques avec l'Iran.",
    "17": "La police algérienne a arrêté une dizaine d'étudiants à Alger.",
    "18": "Des hommes armés ont enlevé deux humanitaires italiens dans le nord du Mali.",
    "19": "L'aviation russe a bombardé jeudi des positions rebelles près d'Idleb.",
    "20": "Le régime a utilisé des armes chimiques contre la population de la Ghouta.",
}


@pytest.mark.parametrize(("root", "sentence"), sorted(ROOTS.items()))
def test_every_cameo_root(nlp, root, sentence):
    roots = {e.cameo.root_code for e in _events(sentence)}
    assert root in roots, (sentence, roots)


def _one(text: str, root: str):
    found = [e for e in _events(text) if e.cameo.root_code == root]
    assert found, (text, root)
    return found[0]


def test_actor_and_recipient_codes(nlp):
    e = _one("L'armée syrienne a bombardé des positions rebelles près d'Alep.", "19")
    assert [a.code for a in e.actors] == ["SYRMIL"]
    e = _one("Le Premier ministre indien a rencontré le président russe Vladimir Poutine.", "04")
    assert e.recipients and e.recipients[0].country == "RUS"


def test_organisation_actor_is_igo(nlp):
    e = _one("L'ONU a condamné l'attaque contre le convoi humanitaire.", "11")
    assert e.actors[0].sector == "IGO"
    assert e.actors[0].code.startswith("IGO")


def test_multi_actor_adjective(nlp):
    e = _one("La coopération russo-irano-turque a permis l'évacuation des civils.", "06")
    assert [a.country for a in e.actors] == ["RUS", "IRN", "TUR"]


def test_modality_negated(nlp):
    e = _one("Le gouvernement n'a pas rencontré les représentants des grévistes.", "04")
    assert e.modality == "negated"


def test_modality_appeal_drops_the_called_for_event(nlp):
    events = _events("Le pape a appelé les belligérants à cesser les combats.")
    assert [e.cameo.root_code for e in events] == ["02"]
    assert events[0].modality == "appeal"
    assert events[0].cameo.code == "0256"


def test_modality_il_faut_is_an_appeal(nlp):
    events = _events("Le ministre a déclaré qu'il faut arrêter les combats.")
    assert [e.modality for e in events] == ["appeal"]
    assert events[0].plover == "REQUEST"


def test_modality_future(nlp):
    e = _one("Le président français rencontrera son homologue chinois la semaine prochaine.", "04")
    assert e.modality == "future"
    assert e.date == "2019-03-18"


def test_modality_conditional(nlp):
    e = _one("Le président pourrait rencontrer le chef de l'opposition.", "04")
    assert e.modality == "hypothetical"


def test_modality_journalistic_conditional_is_reported(nlp):
    e = _one("L'aviation russe aurait bombardé un hôpital près d'Idleb.", "19")
    assert e.modality == "reported"


def test_modality_inside_a_quote(nlp):
    text = "« Nos forces ont bombardé les positions des terroristes », a déclaré le porte-parole."
    e = _one(text, "19")
    assert e.modality == "reported"


def test_modality_in_reported_speech(nlp):
    e = _one("Le ministre a affirmé que l'armée avait bombardé des dépôts d'armes.", "19")
    assert e.modality == "reported"


def test_date_resolution_in_event(nlp):
    e = _one("Le président a rencontré jeudi le roi de Jordanie.", "04")
    assert e.date == "2019-03-14"
    assert e.date_text is not None and e.date_text.text == "jeudi"


def test_plain_statement_is_no_event(nlp):
    assert _events("Le ministre a dit que la situation était calme.") == []


def test_quote_cue_speaker_is_actor(nlp):
    e = _one("Le président iranien a dénoncé les sanctions américaines.", "11")
    assert e.actors and e.actors[0].country == "IRN"


def test_trigger_offsets(nlp):
    text = "Des policiers ont interpellé trois manifestants à Lyon."
    for e in _events(text):
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert e.sentence is not None


# --------------------------------------------------------------------------- the bulletin


@pytest.fixture(scope="module")
def alep_events(alep):
    return alep.events


def test_alep_meeting(alep, alep_events):
    meet = [e for e in alep_events if e.plover == "CONSULT" and "rencontre" in e.trigger.text]
    assert meet
    e = meet[0]
    assert e.actors[0].code == "RUSGOV"
    assert e.recipients and e.recipients[0].code in ("RUSMIL", "RUSGOV")
    assert e.recipients[0].name == "Sergueï Choïgou"


def test_alep_appeals(alep_events):
    appeals = [e for e in alep_events if e.plover == "REQUEST"]
    assert len(appeals) >= 3
    assert all(e.modality == "appeal" for e in appeals)
    assert any(e.cameo.code == "0256" for e in appeals)


def test_alep_tripartite_cooperation(alep_events):
    coop = [e for e in alep_events if {"RUS", "IRN", "TUR"} <= {a.country for a in e.actors}]
    assert coop


def test_alep_evacuation(alep_events):
    ev = [e for e in alep_events if e.trigger.text.endswith("évacuation")]
    assert ev
    assert ev[0].size == 100000 and ev[0].size_approximate
    assert ev[0].location is not None and ev[0].location.name == "Aleppo"


def test_alep_liberation_reported(alep_events):
    lib = [e for e in alep_events if "libération" in e.trigger.text.lower()]
    assert lib
    for e in lib:
        assert e.plover == "ASSAULT"
        assert e.modality == "reported"
        assert e.location is not None and e.location.name == "Aleppo"


def test_format_event(alep, alep_events):
    line = format_event(alep_events[0], alep)
    assert line.startswith("2016-12-23")
    assert f"[{alep_events[0].plover}]" in line


# --------------------------------------------------------------------------- exports


def test_gdelt_rows_parse_back(alep):
    rows = gdelt_rows(alep)
    assert len(rows) == len(alep.events) > 0
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows(rows)
    back = list(csv.reader(io.StringIO(buf.getvalue()), delimiter="\t"))
    assert len(back) == len(rows)
    assert all(len(r) == 61 for r in back)
    assert len(GDELT_COLUMNS) == 61
    first = dict(zip(GDELT_COLUMNS, back[0], strict=True))
    e = alep.events[0]
    assert first["EventCode"] == e.cameo.code
    assert first["EventRootCode"] == e.cameo.root_code
    assert first["QuadClass"] == str(e.cameo.quad_class)
    assert first["Day"] == (e.date or alep.date).replace("-", "")


def test_plover_records(alep):
    recs = plover_records(alep)
    assert len(recs) == len(alep.events)
    assert {r["event_type"] for r in recs} <= {e.plover or None for e in alep.events}
    assert all(r["cameo"] for r in recs)


def test_events_round_trip_json(alep):
    back = veille.load(alep.to_dict())
    assert back.events == alep.events
