"""The rejection rules of the event coder (``veille.components.events.rules``): a table of
named rules tried in order, one sentence per rule that it turns down."""

from __future__ import annotations

import pytest

from veille.components.events.rules import RULES

PUB = "2019-03-15"

# One sentence per rule, with the trigger it turns down (paraphrased newswire sentences).
TURNED_DOWN = [
    (
        "inside-a-name",
        "L'enquête, conduite par l'Office central de répression du trafic des biens culturels, "
        "a permis de retrouver les panneaux.",
        "répression",
    ),
    (
        "idiom",
        "Dans un long article, photos à l'appui, la ministre revient sur leur histoire.",
        "appui",
    ),
    (
        "background-history",
        "En 2005, le collectionneur suisse a accepté de restituer sa pièce à la ville.",
        "accepté",
    ),
    ("object-not-a-party", "Microsoft a reçu le message cinq sur cinq.", "reçu"),
    (
        "metaphor",
        "« Des batailles, j'en ai mené au sein du gouvernement », a confié Emmanuel Macron.",
        "batailles",
    ),
    (
        "support-of-nobody",
        'Le président a salué mardi la "contribution inestimable" du défunt au programme spatial.',
        "salué",
    ),
    (
        "force-without-target",
        'Le ministre a assuré que le gouvernement voulait "combattre la menace terroriste".',
        "combattre",
    ),
    (
        "threat-to-nobody",
        "Le Premier ministre a tenu une conférence de presse pour prévenir ses concitoyens "
        "des risques encourus.",
        "prévenir",
    ),
    (
        "accuser-unknown",
        "Les régimes spéciaux, souvent pointés du doigt, seront supprimés.",
        "pointés du doigt",
    ),
    (
        "proposal-to-nobody",
        "Ce groupe de travail sera chargé de proposer des mesures de réparation.",
        "proposer",
    ),
    (
        "show-not-march",
        "Plusieurs élus ont manifesté leur désapprobation mardi à l'Assemblée.",
        "manifesté",
    ),
    (
        "anaphoric-mention",
        "Ce bombardement survient deux jours après la mort du général.",
        "bombardement",
    ),
    (
        "resignation-unasked",
        "Une semaine après l'annonce de sa démission du gouvernement, l'ancien ministre "
        "critique l'exécutif.",
        "démission",
    ),
    (
        "participle-on-a-thing",
        "Les journalistes ont dénoncé les restrictions rencontrées par les médias étrangers.",
        "rencontrées",
    ),
    ("trip-at-home", "Le chef de l'État se rendra dans le Var pour ses vacances.", "rendra"),
    (
        "commitment-to-nobody",
        "La montée en puissance de l'engagement français au Sahel n'a guère été remise en cause.",
        "engagement",
    ),
    (
        "idle-necessity",
        "Il faut regarder la faisabilité et planifier les choses, a ajouté le ministre.",
        "faut",
    ),
    (
        "not-happened",
        "La sénatrice n'avait plus jamais ouvertement critiqué le président des Etats-Unis.",
        "critiqué",
    ),
    (
        "habitual-claim",
        "« Depuis des décennies, la Chine menace les journalistes américains », a fustigé la "
        "porte-parole de la diplomatie américaine.",
        "menace",
    ),
    (
        "media-interview",
        "Mardi, le président de la République répondra aux questions de deux journalistes "
        "lors d'un entretien télévisé.",
        "entretien",
    ),
    (
        "promise-to-nobody",
        "Le président a déclaré assumer ses propos et promis d'être d'une détermination absolue.",
        "promis",
    ),
    (
        "meeting-with-nobody",
        "Selon le magazine, la ministre et son mari se sont rencontrés alors qu'il n'avait que "
        "15 ans.",
        "rencontrés",
    ),
    (
        "asking-not-demanding",
        "Le journaliste Jean-Michel Apathie lui a demandé s'il voulait révéler son choix.",
        "demandé",
    ),
    (
        "nobody-attached",
        "Plusieurs élus ont manifesté leur désapprobation mardi à l'Assemblée.",
        "désapprobation",
    ),
]


def _rejected(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp.tokenizer(text)
    doc._.date = PUB
    doc = nlp(doc)
    return [(rule, e.trigger.text) for rule, e in doc._.events_rejected]


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), names


def test_rules_are_tried_in_order():
    names = [r.name for r in RULES]
    # a word inside a name or an idiom is no event whatever else holds; the catch-all last
    assert names[:3] == ["inside-a-name", "idiom", "background-history"]
    assert names[-1] == "nobody-attached"
    # "Ce bombardement…" has nobody attached too: the earlier rule names it
    assert names.index("anaphoric-mention") < names.index("nobody-attached")


def test_every_rule_has_its_sentence():
    assert sorted(r.name for r in RULES) == sorted(name for name, _, _ in TURNED_DOWN)


@pytest.mark.parametrize(
    ("rule", "text", "trigger"), TURNED_DOWN, ids=[r for r, _, _ in TURNED_DOWN]
)
def test_rule_turns_down_its_sentence(nlp, rule, text, trigger):
    assert (rule, trigger) in _rejected(nlp, text)


def test_a_repeat_is_said_twice_and_lends_its_participants(nlp):
    text = "En tout, quatorze attaques à la roquette ont ciblé des intérêts américains en Irak."
    assert ("said-twice", "attaques") in _rejected(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Il ne faut pas y voir le signe que la ministre n'est pas à la hauteur, a assuré Paul.",
        "Il faudra qu'il y ait une revalorisation, a déclaré le ministre.",
        "Une réflexion est en cours pour savoir s'il faut durcir les textes, a dit le ministre.",
    ],
)
def test_idle_necessity_is_no_appeal(nlp, text):
    """Bug: every "il faut" was an appeal, also a negated one, one about being or seeing, and
    an indirect question."""
    assert any(rule == "idle-necessity" for rule, _ in _rejected(nlp, text))


def test_a_necessity_calling_for_an_act_stays_an_appeal(nlp):
    text = "Il faut des gestes forts de la part du gouvernement, a insisté le médecin."
    assert not any(rule == "idle-necessity" for rule, _ in _rejected(nlp, text))


def test_self_congratulation_is_no_support(nlp):
    """Bug: a reflexive "se féliciter" with nothing it approves of was kept as support."""
    text = "\"C'est une très grosse prise\", s'est félicité le procureur de la République."
    assert any(rule == "support-of-nobody" for rule, _ in _rejected(nlp, text))


def test_wondering_is_no_demand(nlp):
    """Bug: "on se demande" (one wonders) was a demand."""
    text = "« On se demande ce qu'il nous reste à vendre », a déclaré le président du syndicat."
    assert any(rule == "asking-not-demanding" for rule, _ in _rejected(nlp, text))
