"""Quotes: the four kinds, every cue of the lexicon, the exclusions, speaker resolution, the
example bulletin end to end, and regressions named after the errors they pin.

All sentences are written for these tests in the style of French wire copy (or come from the
example bulletin in ``examples/alep.txt``).
"""

from __future__ import annotations

import json

import pytest

import veille
from veille.components import quotes as Q
from veille.evaluation.matching import jaccard
from veille.model import Quote
from veille.text.fold import plain


@pytest.fixture(scope="module")
def analyze(nlp):
    def run(text: str) -> list[Quote]:
        return veille.analyze(text).quotes

    return run


def only(quotes: list[Quote], **want: object) -> Quote:
    found = [q for q in quotes if all(getattr(q, k) == v for k, v in want.items())]
    assert len(found) == 1, [(q.type, q.content, q.speaker and q.speaker.name) for q in quotes]
    return found[0]


def speaker(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


# -- lexicon ------------------------------------------------------------------------------------


def test_lexicon_loads_with_examples():
    entries = Q.cue_entries()
    assert len(entries) > 80
    assert all(e.example for e in entries)
    phrases = {e.cue: e for e in entries}
    assert phrases["faire savoir"].lemma == "faire" and phrases["faire savoir"].tail == "savoir"
    assert phrases["mettre l'accent sur"].tail == "l'accent sur"
    assert phrases["se dire"].pronominal and phrases["se dire"].lemma == "dire"
    assert phrases["selon"].kind == "source"


@pytest.mark.parametrize("entry", Q.cue_entries(), ids=lambda e: e.cue)
def test_every_cue_is_detected_in_its_example(nlp, entry):
    doc = nlp(entry.example)
    quotes = doc._.quotes
    if entry.lemma:
        offsets = [t.idx for t in doc if entry.lemma in Q.lemmas_of(t)]
        assert offsets, f"{entry.cue!r} not found by lemma in its example"
        assert any(q.cue and q.cue.start <= o < q.cue.end for q in quotes for o in offsets), [
            (q.type, q.cue, q.content) for q in quotes
        ]
    else:
        first = plain(entry.cue.split()[0])
        assert any(
            q.type == "according_to" and q.cue and plain(q.cue.text).startswith(first)
            for q in quotes
        ), [(q.type, q.cue, q.content) for q in quotes]


def test_cues_are_matched_by_lemma_not_by_listed_forms(analyze):
    # "annonçait", "martèlent", "appellent": conjugations found by rule
    quotes = analyze("Les syndicats martèlent que la réforme est injuste.")
    assert only(quotes).content == "la réforme est injuste"
    quotes = analyze("Le ministre annonçait que le budget serait voté en décembre.")
    assert only(quotes).content == "le budget serait voté en décembre"


# -- quotation marks ----------------------------------------------------------------------------


def test_quote_pairs_typographic_and_straight():
    text = 'Il a dit « oui ». Elle a dit "non" puis "peut-être".'
    pairs = Q.quote_pairs(text)
    assert [text[o + 1 : c].strip() for o, c in pairs] == ["oui", "non", "peut-être"]


def test_quote_pairs_glued_straight_quotes():
    text = '"Je ne sais pas.""Nous verrons", a-t-il dit.'
    assert [text[o + 1 : c] for o, c in Q.quote_pairs(text)] == ["Je ne sais pas.", "Nous verrons"]


def test_quote_pairs_unclosed_mark_does_not_swallow_the_paragraph():
    text = 'Il parle de « réforme. Puis "non" et "oui".\n« Fin »'
    inner = [text[o + 1 : c].strip() for o, c in Q.quote_pairs(text)]
    assert inner == ["non", "oui", "Fin"]


# -- direct -------------------------------------------------------------------------------------


def test_direct_after_colon(analyze):
    q = only(analyze("Le ministre de l'Intérieur a déclaré : « Nous ne céderons pas. »"))
    assert (q.type, q.content) == ("direct", "Nous ne céderons pas.")
    assert q.cue is not None and q.cue.text == "a déclaré"


def test_direct_inverted_with_name(analyze):
    text = "« La situation reste très tendue dans le nord », a dit Bernard Cazeneuve."
    q = only(analyze(text))
    assert q.type == "direct" and q.content == "La situation reste très tendue dans le nord"
    assert speaker(q) == "Bernard Cazeneuve"


def test_direct_inverted_clitic(analyze):
    text = "Anne Hidalgo a visité le chantier. « Les travaux avancent bien », ajoute-t-elle."
    q = only(analyze(text), type="direct")
    assert speaker(q) == "Anne Hidalgo"
    assert q.speaker is not None and q.speaker.mention is not None
    assert q.speaker.mention.text == "elle"


def test_direct_across_sentences_is_one_quote(analyze):
    text = (
        "« Nous avons tout essayé. Rien n'a marché. Il faut changer de méthode "
        "», a reconnu le maire de Lyon, Gérard Collomb."
    )
    q = only(analyze(text))
    assert q.content == "Nous avons tout essayé. Rien n'a marché. Il faut changer de méthode"
    assert speaker(q) == "Gérard Collomb"


def test_direct_incise_gives_two_quotes(analyze):
    text = (
        "Edouard Philippe s'est rendu mardi à Rouen. « Nous irons jusqu'au bout, "
        "a-t-il ajouté, car les salariés le méritent. »"
    )
    quotes = [q for q in analyze(text) if q.type == "direct"]
    assert [q.content for q in quotes] == [
        "Nous irons jusqu'au bout",
        "car les salariés le méritent.",
    ]
    assert {speaker(q) for q in quotes} == {"Edouard Philippe"}


def test_direct_floating_quote_takes_the_previous_speaker(analyze):
    text = (
        "« Nous tiendrons », a assuré Agnès Buzyn. « Les soignants sont épuisés mais mobilisés. »"
    )
    quotes = analyze(text)
    q = only(quotes, content="Les soignants sont épuisés mais mobilisés.")
    assert q.type == "direct" and q.cue is None
    assert speaker(q) == "Agnès Buzyn"


def test_headline_form(analyze):
    text = (
        "Angela Merkel a reçu mardi les dirigeants européens à Berlin.\n"
        "Merkel : L'Europe doit rester unie face à la crise\n"
        "La chancelière a ensuite rencontré la presse."
    )
    quotes = analyze(text)
    q = next(q for q in quotes if q.content.startswith("L'Europe"))
    assert q.content == "L'Europe doit rester unie face à la crise"
    assert speaker(q) == "Angela Merkel"
    assert q.cue is not None and q.cue.text == ":"


# -- indirect -----------------------------------------------------------------------------------


def test_indirect_que(analyze):
    q = only(analyze("Le porte-parole du gouvernement a affirmé que la réforme serait maintenue."))
    assert (q.type, q.content) == ("indirect", "la réforme serait maintenue")
    assert q.cue is not None and q.cue.text == "a affirmé"


def test_indirect_noun_phrase_object(analyze):
    q = only(analyze("Le président a souligné la nécessité de poursuivre le dialogue avec Moscou."))
    assert q.content == "la nécessité de poursuivre le dialogue avec Moscou"


def test_indirect_faire_savoir(analyze):
    q = only(analyze("Le Kremlin a fait savoir qu'aucune rencontre n'était prévue avant l'été."))
    assert q.cue is not None and q.cue.text == "a fait savoir"
    assert q.content == "aucune rencontre n'était prévue avant l'été"


def test_indirect_mettre_l_accent_sur(analyze):
    q = only(analyze("La ministre a mis l'accent sur la formation des enseignants."))
    assert q.cue is not None and q.cue.text == "a mis l'accent sur"
    assert q.content == "la formation des enseignants"


def test_indirect_appeler_a(analyze):
    q = only(analyze("Le secrétaire général de l'ONU a appelé à un cessez-le-feu immédiat."))
    assert q.content == "un cessez-le-feu immédiat"


def test_indirect_dementir(analyze):
    q = only(analyze("Le ministère de la Défense a démenti toute frappe sur des zones civiles."))
    assert q.content == "toute frappe sur des zones civiles"


def test_indirect_present_tense_estime(analyze):
    q = only(analyze("L'économiste estime que la croissance ralentira au second semestre."))
    assert q.content == "la croissance ralentira au second semestre"


def test_indirect_adverbs_and_days_before_que(analyze):
    q = only(analyze("Le ministre a affirmé mardi dans un communiqué que les écoles rouvriraient."))
    assert q.content == "les écoles rouvriraient"


# -- mixed --------------------------------------------------------------------------------------


def test_mixed_quoted_words_inside_the_complement(analyze):
    text = (
        "Le président a assuré que la France restera engagée « jusqu'à ce que "
        "la victoire soit complète »."
    )
    q = only(analyze(text))
    assert q.type == "mixed"
    assert q.content == "la France restera engagée « jusqu'à ce que la victoire soit complète »"


def test_full_quote_then_cue_is_direct_not_mixed(analyze):
    q = only(analyze("« Nous ne paierons pas », a affirmé le ministre des Finances."))
    assert q.type == "direct"


# -- according_to -------------------------------------------------------------------------------


def test_according_to_selon_opening(analyze):
    q = only(analyze("Selon le ministère de la Santé, le nombre de cas a doublé en une semaine."))
    assert q.type == "according_to"
    assert q.content == "le nombre de cas a doublé en une semaine"
    assert speaker(q) == "ministère de la Santé"


def test_according_to_selon_closing(analyze):
    q = only(analyze("Trois soldats ont été tués dans l'attaque, selon l'armée malienne."))
    assert q.content == "Trois soldats ont été tués dans l'attaque"


def test_according_to_d_apres(analyze):
    q = only(analyze("D'après la police, les manifestants étaient plus de dix mille."))
    assert q.type == "according_to" and q.content == "les manifestants étaient plus de dix mille"


def test_according_to_de_source(analyze):
    q = only(analyze("Deux soldats ont été tués dans l'embuscade, de source militaire."))
    assert q.type == "according_to" and q.content == "Deux soldats ont été tués dans l'embuscade"


def test_according_to_appris_aupres_de(analyze):
    text = "Le convoi a été attaqué près de la frontière, a-t-on appris auprès de l'armée."
    q = only(analyze(text))
    assert q.type == "according_to" and q.content == "Le convoi a été attaqué près de la frontière"


def test_according_to_selon_lui_resolves_the_pronoun(analyze):
    text = "Le ministre Bruno Le Maire était à Bercy lundi. Selon lui, la crise durera deux ans."
    q = only(analyze(text), type="according_to")
    assert q.content == "la crise durera deux ans"
    assert speaker(q) == "Bruno Le Maire"


# -- not quotes ---------------------------------------------------------------------------------


def test_name_in_quotes_is_not_a_quote(analyze):
    assert analyze("L'agence « Tass » a publié un bilan des combats.") == []


def test_operation_name_is_not_a_quote(analyze):
    assert analyze('Les soldats de l\'opération "Barkhane" quittent le Mali.') == []


def test_scare_quotes_are_not_quotes(analyze):
    assert analyze("Les « gilets jaunes » ont de nouveau manifesté samedi à Paris.") == []


def test_negated_speech_is_skipped(analyze):
    assert analyze("Le ministre n'a pas dit que la réforme serait abandonnée.") == []


def test_journalist_question_is_not_a_quote(analyze):
    assert analyze("Faut-il s'inquiéter de la hausse des prix ? Rien n'est moins sûr.") == []


def test_conditional_reporting_is_kept_as_reported(analyze):
    q = only(analyze("Le chef rebelle aurait déclaré que ses troupes se retireraient."))
    assert q.reported is True
    assert q.content == "ses troupes se retireraient"


# -- speakers -----------------------------------------------------------------------------------


def test_unresolved_description_is_kept_as_written(analyze):
    q = only(analyze("Un responsable militaire a indiqué que les frappes avaient cessé."))
    assert speaker(q) == "Un responsable militaire"
    assert q.speaker is not None and q.speaker.entity is None


def test_via_the_agency_after_the_cue(analyze):
    text = "« Nous ne céderons pas », a-t-il déclaré à l'AFP, au lendemain de l'attaque."
    q = only(analyze(text))
    assert q.via is not None and q.via.name == "AFP"


def test_confidence_and_ids(analyze, alep):
    quotes = alep.quotes
    assert [q.id for q in quotes] == [f"q{i}" for i in range(1, len(quotes) + 1)]
    assert all(0.0 <= q.confidence <= 1.0 for q in quotes)
    assert quotes == sorted(quotes, key=lambda q: q.start)
    for q in quotes:
        assert alep.text[q.start : q.end] == q.content
        if q.cue is not None:
            assert alep.text[q.cue.start : q.cue.end] == q.cue.text


# -- the example bulletin -----------------------------------------------------------------------


def test_alep_all_gold_quotes_found_and_attributed(alep, dev_gold):
    gold = dev_gold[0]
    assert gold["text"] == alep.text
    assert len(gold["quotes"]) == 12
    for g in gold["quotes"]:
        best = max(alep.quotes, key=lambda q: jaccard((g["start"], g["end"]), (q.start, q.end)))
        assert jaccard((g["start"], g["end"]), (best.start, best.end)) >= 0.5, g["content"]
        assert speaker(best) == "Vladimir Poutine", (g["content"], speaker(best))


def test_alep_twelve_quotes_all_poutine(alep):
    assert len(alep.quotes) == 12
    assert {speaker(q) for q in alep.quotes} == {"Vladimir Poutine"}


def test_alep_pronoun_and_relative_speakers(alep):
    il = only(
        alep.quotes, content=next(q.content for q in alep.quotes if "l’importance" in q.content)
    )
    assert il.speaker is not None and il.speaker.mention is not None
    assert il.speaker.mention.text == "Il"
    qui = next(q for q in alep.quotes if q.content.startswith("l’évacuation"))
    assert qui.speaker is not None and qui.speaker.mention is not None
    assert qui.speaker.mention.text == "qui" and speaker(qui) == "Vladimir Poutine"


def test_alep_second_quote_is_direct_via_tass(alep):
    q = alep.quotes[1]
    assert q.type == "direct" and q.content.startswith("La libération de la ville")
    assert q.cue is not None and q.cue.text == "a dit"
    assert q.via is not None and q.via.name == "Tass"


def test_alep_json_round_trip(alep):
    data = json.loads(json.dumps(alep.to_dict()))
    assert len(data["quotes"]) == 12
    assert veille.load(data).quotes == alep.quotes


# -- regressions --------------------------------------------------------------------------------


def test_regression_incise_splits_direct_quote(analyze):
    text = (
        "Le maire Eric Piolle était sur place. « Le quartier est sinistré, "
        "a-t-il dit, mais il se relèvera. »"
    )
    assert len([q for q in analyze(text) if q.type == "direct"]) == 2


def test_regression_participle_is_not_an_inversion(analyze):
    # ", estimant que…": the content follows the participle, the speaker is the clause's
    text = "Le ministre Jean Castex a défendu sa réforme, estimant qu'elle était indispensable."
    q = only(analyze(text), content="elle était indispensable")
    assert speaker(q) == "Jean Castex"


def test_regression_complement_not_cut_by_a_verb_outside_the_lexicon_sense(analyze):
    # "poursuivre" is a cue only with a quotation: it does not end the complement before it
    q = only(analyze("Le président a souligné la nécessité de poursuivre les réformes."))
    assert q.content == "la nécessité de poursuivre les réformes"


def test_regression_subject_inside_quote_is_not_the_speaker(analyze):
    text = '"Je ne sais pas" a répondu à plusieurs reprises Larry Kudlow, conseiller du président.'
    q = only(analyze(text))
    assert q.content == "Je ne sais pas" and speaker(q) == "Larry Kudlow"


def test_regression_verb_inside_quote_with_own_subject_is_not_an_incise(analyze):
    text = (
        "« Avec les syndicats, nous avons lancé une négociation », a déclaré "
        "la ministre Elisabeth Borne."
    )
    q = only(analyze(text))
    assert q.content == "Avec les syndicats, nous avons lancé une négociation"


def test_regression_glued_quotes_pair_and_attribute(analyze):
    text = (
        '"C\'est inacceptable", a dénoncé le syndicaliste Philippe '
        'Martinez."Nous irons jusqu\'au bout", a-t-il ajouté.'
    )
    quotes = analyze(text)
    assert [q.content for q in quotes] == ["C'est inacceptable", "Nous irons jusqu'au bout"]
    assert {speaker(q) for q in quotes} == {"Philippe Martinez"}


def test_regression_tagger_reads_verb_as_noun(analyze):
    q = only(analyze("Le rapporteur juge que le texte est inapplicable en l'état."))
    assert q.content == "le texte est inapplicable en l'état"


def test_regression_unknown_verb_inverted_after_quote(analyze):
    text = "Jean-Luc Mélenchon était en meeting. « Rien n'est joué », modère-t-il."
    q = only(analyze(text))
    assert q.content == "Rien n'est joué" and speaker(q) == "Jean-Luc Mélenchon"


def test_regression_clitic_mention_offsets(analyze):
    text = "Xavier Bertrand a parlé. « Je suis candidat », a-t-il affirmé."
    q = only(analyze(text))
    assert q.speaker is not None and q.speaker.mention is not None
    assert q.speaker.mention.text == "il"


def test_regression_quoted_object_then_adverbial_is_direct(analyze):
    text = (
        "Le ministre a réaffirmé « l'attachement de la France à l'Europe » à deux mois du scrutin."
    )
    q = only(analyze(text))
    assert (q.type, q.content) == ("direct", "l'attachement de la France à l'Europe")


def test_regression_adverbial_clause_ends_the_complement(analyze):
    q = only(
        analyze(
            "Le président a souhaité la création d'un groupe de travail, après avoir reçu les élus."
        )
    )
    assert q.content == "la création d'un groupe de travail"


def test_regression_definite_description_resolves_to_entity(analyze):
    text = (
        "Emmanuel Macron est arrivé mardi à Beyrouth. "
        "Le président de la République a affirmé que la France resterait aux côtés du Liban."
    )
    q = only(analyze(text))
    assert speaker(q) == "Emmanuel Macron"


def test_regression_dit_il_is_not_a_passive_participle(analyze):
    # "dit" reads as a past participle; with its clitic it is the inverted present
    text = 'Daniel Castro a parlé. "Ils vont perdre des parts", dit-il.Donald Trump a signé.'
    q = only(analyze(text))
    assert q.content == "Ils vont perdre des parts" and speaker(q) == "Daniel Castro"


def test_que_clause_missed_past_a_participle_qualifying_a_noun(analyze):
    """Regression: the search for « que » after the cue stopped at any verb, so a participle
    qualifying a noun between them (« un rapport publié ») hid the reported clause."""
    q = only(
        analyze(
            "L'ONG a estimé dans un rapport publié jeudi que les combats avaient fait "
            "plus de 300 morts."
        )
    )
    assert q.content == "les combats avaient fait plus de 300 morts"


def test_infinitive_content_missed_over_a_reflexive_pronoun(analyze):
    """Regression: « a dit s'attendre à… » had no content: the infinitive was looked for
    right after the cue, and the reflexive pronoun before it stopped the search."""
    q = only(analyze("Le ministre a dit s'attendre à une rentrée difficile."))
    assert q.content.startswith("s'attendre à une rentrée difficile")
