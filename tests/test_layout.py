"""Layout: dateline, source, sections and glued sentence starts, on real French dispatch text."""

from __future__ import annotations

import pytest

from veille.layout import Layout, analyze_layout
from veille.model import Span

BODY = (
    "Le président a reçu mardi son homologue tunisien au palais présidentiel.\n"
    "Les deux hommes ont évoqué la situation en Libye et la coopération sécuritaire.\n"
)


def _spans(lay: Layout) -> list[Span]:
    out: list[Span] = []
    if lay.dateline:
        d = lay.dateline
        out.append(Span(d.text, d.start, d.end))
        out += [s for s in (d.place, d.date, d.source) if s is not None]
    out += [s.title for s in lay.sections if s.title is not None]
    return out


def _check_offsets(text: str, lay: Layout) -> None:
    for span in _spans(lay):
        assert text[span.start : span.end] == span.text, span
    if lay.source is not None:
        assert lay.source.start < lay.source.end
    assert 0 <= lay.body_start <= lay.body_end <= len(text)
    assert lay.sections, "every text has at least one section"
    prev = lay.body_start
    for sec in lay.sections:
        assert prev <= sec.start <= sec.end <= lay.body_end
        body = text[sec.start : sec.end]
        assert body == body.strip()
        prev = sec.end
    assert lay.sentence_starts == sorted(set(lay.sentence_starts))


def _starts(text: str) -> list[str]:
    """The text from each glued sentence start, a few characters long."""
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    return [text[p : p + 8] for p in lay.sentence_starts]


# -- the example bulletin ---------------------------------------------------------------------


def test_alep_end_to_end(alep_text):
    lay = analyze_layout(alep_text)
    _check_offsets(alep_text, lay)

    assert lay.dateline is not None
    assert lay.dateline.text == "Moscou / "
    assert (lay.dateline.start, lay.dateline.place.text) == (0, "Moscou")
    assert lay.dateline.date is None and lay.dateline.source is None
    assert alep_text[lay.body_start :].startswith("Le président russe, Vladimir Poutine")

    assert lay.source is not None
    assert (lay.source.name, lay.source.kind) == ("Bulletin Français", "signature")
    assert alep_text[lay.source.start : lay.source.end] == "Bulletin Français"
    assert alep_text[lay.body_end :] == "Bulletin Français"

    first, second = lay.sections
    assert first.title is None
    assert alep_text[first.start : first.end].startswith("Le président russe")
    assert alep_text[first.start : first.end].endswith("cesser les hostilités en Syrie.")
    assert second.title.text == (
        "Poutine : Il faut arrêter les combats sur tous les territoires syriens"
    )
    assert alep_text[second.start : second.end].startswith("Par ailleurs, Poutine")
    assert alep_text[second.start : second.end].endswith("règlement de la crise en Syrie.")
    assert lay.sentence_starts == []


def test_offsets_index_the_original_text_with_typographic_marks():
    text = "BEYROUTH,\u00a05\u00a0mars\u00a02017 (AFP) – « Nous partirons », a-t-il dit.\nAvec AFP"
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert lay.dateline.date.text == "5\u00a0mars\u00a02017"
    assert lay.dateline.date_value == "2017-03-05"
    assert text[lay.body_start] == "«"


# -- datelines --------------------------------------------------------------------------------

DATELINES = [
    # text, dateline text, place, date, date_value, agency
    ("Moscou / Le président russe a reçu son ministre.", "Moscou / ", "Moscou", None, None, None),
    (
        "PARIS (AFP) - Le gouvernement a présenté lundi sa réforme des retraites.",
        "PARIS (AFP) - ",
        "PARIS",
        None,
        None,
        "AFP",
    ),
    (
        "Damas, 23 déc. (SANA) - Le ministre des Affaires étrangères a reçu une délégation.",
        "Damas, 23 déc. (SANA) - ",
        "Damas",
        "23 déc.",
        None,
        "SANA",
    ),
    (
        "BEYROUTH, 5 mars 2017 (AFP) - Des tirs ont été entendus dans le sud de la capitale.",
        "BEYROUTH, 5 mars 2017 (AFP) - ",
        "BEYROUTH",
        "5 mars 2017",
        "2017-03-05",
        "AFP",
    ),
    (
        "WASHINGTON (Reuters) – La Maison Blanche a démenti toute négociation secrète.",
        "WASHINGTON (Reuters) – ",
        "WASHINGTON",
        None,
        None,
        "Reuters",
    ),
    (
        "Ramallah, 12 janvier (WAFA) – Le président palestinien a reçu l'envoyé européen.",
        "Ramallah, 12 janvier (WAFA) – ",
        "Ramallah",
        "12 janvier",
        None,
        "WAFA",
    ),
    (
        "NEW YORK, 3 oct 2019 (AFP) - Les marchés américains ont ouvert en nette hausse.",
        "NEW YORK, 3 oct 2019 (AFP) - ",
        "NEW YORK",
        "3 oct 2019",
        "2019-10-03",
        "AFP",
    ),
    (
        "Alger – Le président algérien a reçu mardi son homologue tunisien au palais.",
        "Alger – ",
        "Alger",
        None,
        None,
        None,
    ),
    (
        "TUNIS, le 4 mai — Le parlement tunisien a adopté la loi de finances rectificative.",
        "TUNIS, le 4 mai — ",
        "TUNIS",
        "4 mai",
        None,
        None,
    ),
    (
        "ALEP (Syrie), 1er févr. 2016 (AFP) - Les bombardements ont repris à l'aube.",
        "ALEP (Syrie), 1er févr. 2016 (AFP) - ",
        "ALEP",
        "1er févr. 2016",
        "2016-02-01",
        "AFP",
    ),
    (
        "Kaboul, 15/08/2021 (AFP) - Les talibans sont entrés dans la capitale afghane.",
        "Kaboul, 15/08/2021 (AFP) - ",
        "Kaboul",
        "15/08/2021",
        "2021-08-15",
        "AFP",
    ),
    (
        "Le Caire – Le président égyptien a reçu son homologue soudanais au palais.",
        "Le Caire – ",
        "Le Caire",
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "dl_text", "place", "when", "iso", "agency"), DATELINES)
def test_dateline_forms(text, dl_text, place, when, iso, agency):
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    dl = lay.dateline
    assert dl is not None
    assert (dl.text, dl.start) == (dl_text, 0)
    assert dl.place.text == place
    assert (dl.date.text if dl.date else None) == when
    assert dl.date_value == iso
    assert (dl.source.text if dl.source else None) == agency
    assert lay.body_start == dl.end
    if agency:
        assert lay.source is not None
        assert (lay.source.name, lay.source.kind) == (agency, "dateline")
        assert (lay.source.start, lay.source.end) == (dl.source.start, dl.source.end)


@pytest.mark.parametrize(
    "text",
    [
        "Le président russe a dit qu'il viendrait à Paris en mars.",
        "Que faut-il en penser, y a-t-il des précédents ? Personne ne le sait.",
        "L'avion présidentiel a atterri à l'aéroport de Beyrouth à 21H00 locales.",
        "Loin d'essayer de faire retomber la fièvre, le président a redoublé de virulence.",
        "Donald Trump, qui était en campagne dans le Michigan, a dénoncé une fraude.",
        "Les Etats-Unis réagissent\nWashington a dénoncé une provocation inacceptable.",
        "Jeudi 5 mars - Le président a réuni son conseil de défense.",
        "EXCLUSIF - Le ministre a confié ses doutes à notre journal ce matin.",
        "Marine Le Pen (RN) - La candidate a répondu aux questions des journalistes.",
        "Donald Trump - La Maison Blanche a répondu aux questions des journalistes.",
        "Paris – Berlin\nLes deux capitales ont signé un accord.",
        "Dimanche 5 janvier, en soirée, au moins deux roquettes se sont abattues sur Bagdad.",
    ],
)
def test_ordinary_openings_are_not_datelines(text):
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert lay.dateline is None
    assert lay.body_start == 0


def test_dateline_month_names_give_iso_dates():
    for month, num in [("janv.", 1), ("fevrier", 2), ("avr", 4), ("août", 8), ("DÉC.", 12)]:
        text = f"PARIS, 9 {month} 2020 (AFP) - Le gouvernement a annoncé un plan de relance."
        assert analyze_layout(text).dateline.date_value == f"2020-{num:02d}-09", month


# -- source -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signature", "name", "written"),
    [
        ("Bulletin Français", "Bulletin Français", "Bulletin Français"),
        ("AFP", "AFP", "AFP"),
        ("(AFP)", "AFP", "AFP"),
        ("Avec AFP", "AFP", "AFP"),
        ("avec AFP et Reuters", "AFP", "AFP"),
        ("(Reuters)", "Reuters", "Reuters"),
        ("- AFP", "AFP", "AFP"),
        ("Source : AFP", "AFP", "AFP"),
        ("© AFP", "AFP", "AFP"),
        ("AFP/Reuters", "AFP", "AFP"),
        ("Agence France-Presse", "AFP", "Agence France-Presse"),
    ],
)
def test_signature_line(signature, name, written):
    text = BODY + signature
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert lay.source is not None
    assert (lay.source.name, lay.source.kind) == (name, "signature")
    assert text[lay.source.start : lay.source.end] == written
    assert text[lay.body_end :] == signature
    assert len(lay.sections) == 1
    assert text[lay.sections[0].start : lay.sections[0].end] == BODY.strip()


@pytest.mark.parametrize(
    "last",
    [
        "Affaire à suivre",
        "Il a ajouté que le dialogue restait possible.",
        "Les discussions reprendront la semaine prochaine à Genève, selon la présidence",
    ],
)
def test_last_line_that_is_not_a_signature(last):
    text = BODY + last
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert lay.source is None
    assert lay.body_end == len(text)


def test_dateline_agency_wins_but_signature_still_ends_the_body():
    text = "PARIS (AFP) - " + BODY + "(Reuters)"
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert (lay.source.name, lay.source.kind, lay.source.start) == ("AFP", "dateline", 7)
    assert text[lay.body_end :] == "(Reuters)"


@pytest.mark.parametrize(
    ("text", "name", "cut"),
    [
        (
            "Le ministre a démenti toute négociation. Il a ajouté que Paris restait prudent "
            "(avec AFP).",
            "AFP",
            "(avec AFP).",
        ),
        (
            "La trêve a été prolongée de trois jours, a-t-il annoncé. (Reuters)",
            "Reuters",
            "(Reuters)",
        ),
        ("La trêve a été prolongée de trois jours, a-t-il annoncé. - AFP", "AFP", "- AFP"),
    ],
)
def test_trailing_credit(text, name, cut):
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert (lay.source.name, lay.source.kind) == (name, "credit")
    assert text[lay.source.start : lay.source.end] == name
    assert text[lay.body_end :] == cut


def test_a_final_acronym_in_parentheses_is_not_a_credit():
    text = "Le texte a été transmis à l'Organisation mondiale de la santé (OMS)."
    lay = analyze_layout(text)
    assert lay.source is None
    assert lay.body_end == len(text)


# -- sections ---------------------------------------------------------------------------------


def test_subheading_line_between_paragraphs():
    text = (
        "Le ministre a présenté mercredi son plan pour l'hôpital public.\n"
        "Les syndicats jugent les annonces insuffisantes.\n"
        "Des moyens encore jugés trop faibles\n"
        "Selon la CGT, il manque au moins dix mille postes dans les services d'urgence.\n"
    )
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    first, second = lay.sections
    assert first.title is None
    assert text[first.start : first.end].endswith("insuffisantes.")
    assert second.title.text == "Des moyens encore jugés trop faibles"
    assert text[second.start : second.end].startswith("Selon la CGT")


def test_first_line_headline_is_a_titled_section():
    text = (
        "Les Etats-Unis réagissent\n"
        "Washington a dénoncé une provocation inacceptable et promis une riposte.\n"
    )
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert len(lay.sections) == 1
    assert lay.sections[0].title.text == "Les Etats-Unis réagissent"
    assert text[lay.sections[0].start :].startswith("Washington a dénoncé")


def test_short_lines_in_a_row_are_a_list_not_subheadings():
    text = (
        "Le gouvernement a présenté trois mesures.\n"
        "Une prime pour les soignants\n"
        "Un plan pour les Ehpad\n"
        "Des postes dans les urgences\n"
        "Les syndicats restent sceptiques.\n"
    )
    lay = analyze_layout(text)
    assert [s.title for s in lay.sections] == [None]


def test_afp_run_in_subheading():
    text = (
        "Le président a confirmé le retrait des troupes, a-t-il dit. - Les Etats-Unis "
        "réagissent - Washington a aussitôt dénoncé une décision précipitée."
    )
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    first, second = lay.sections
    assert text[first.start : first.end].endswith("a-t-il dit.")
    assert second.title.text == "Les Etats-Unis réagissent"
    assert text[second.start : second.end].startswith("Washington a aussitôt")


def test_afp_run_in_subheading_glued_to_quotes():
    text = (
        'Il a conclu : "Nous verrons bien."- Colère à Pékin -"C\'est inacceptable", a répondu '
        'le porte-parole.- "Discrétion" -Quant aux entreprises, elles se taisent.'
    )
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    assert [s.title.text for s in lay.sections if s.title] == ["Colère à Pékin", '"Discrétion"']
    assert text[lay.sections[1].start :].startswith('"C\'est inacceptable"')
    assert text[lay.sections[2].start :].startswith("Quant aux")
    assert [text[p : p + 3] for p in lay.sentence_starts] == ["- C", "\"C'", '- "', "Qua"]


def test_dashes_inside_a_sentence_are_not_subheadings():
    text = (
        "Les autres - entre 55.000 et 75.000 selon les historiens - ont été abandonnés. "
        'Il a ajouté : "Les vraies menaces - et il y en a - sont ailleurs."'
    )
    lay = analyze_layout(text)
    assert [s.title for s in lay.sections] == [None]


def test_subheading_glued_into_text_without_line_breaks():
    text = (
        "Le dispositif coûte cher avec 4.500 soldats déployés.Un retrait n'est pas envisagé"
        "L'hypothèse d'une sortie a été écartée par le gouvernement mardi. Portrait des "
        "victimes. Aurélia Martin, 39 ansGardienne de la paix, elle était entrée dans la police "
        "il y a 17 ans."
    )
    lay = analyze_layout(text)
    _check_offsets(text, lay)
    titles = [s.title.text for s in lay.sections if s.title]
    assert titles == ["Un retrait n'est pas envisagé", "Aurélia Martin, 39 ans"]
    assert text[lay.sections[1].start :].startswith("L'hypothèse")
    assert text[lay.sections[2].start :].startswith("Gardienne de la paix")


def test_every_text_has_a_section():
    for text in ("", "   ", "Un mot", "Une phrase courte."):
        lay = analyze_layout(text)
        assert len(lay.sections) == 1 and lay.sections[0].title is None


# -- glued sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le virus a tué 120 personnes ces sept derniers jours.Au total, 3.000 cas.", ["Au total"]),
        (
            "Les pourparlers butent sur la frontière, selon les discussionsLes groupes armés.",
            ["Les grou"],
        ),
        ('Il a prévenu l\'armée."Nous ne reculerons pas", a-t-il dit.', ['"Nous ne']),
        (
            '"Ce n\'est pas constitutionnel.""Nous n\'avons rien vu de tel", a-t-il dit.',
            ["\"Nous n'"],
        ),
        ("Faut-il s'en inquiéter ?Le ministre assure que non.", ["Le minis"]),
        ("Quelle surprise!Les députés ont applaudi.", ["Les dépu"]),
        ("Il l'a dit devant la Maison Blanche.\"Ecoutez, ce n'est pas le sujet.\"", ['"Ecoutez']),
        ('"C\'était toute sa vie..."Son collègue a confirmé.', ["Son coll"]),
        ('Il dénonce ceux qui "bloquent"Le chef de l\'Etat a répondu.', ["Le chef "]),
        ('Le bilan est "lourd".La Syrie est exsangue.', ["La Syrie"]),
        ("La crise est au programme à Bruxelles.M. Dendias a appelé l'UE.", ["M. Dendi"]),
        ("Un incendie s'est déclaré.Selon les pompiers, il est maîtrisé.", ["Selon le"]),
        ("Les chiffres sont publiés sur diplomatie.gouv.fr.La capitale est calme.", ["La capit"]),
        ('Il ferait "un bon maire de Paris""Mounir plaît à tous", dit-elle.', ['"Mounir ']),
        ("Le titre est remonté de 3% en 2019Les analystes restent prudents.", ["Les anal"]),
        ("La supercherie est découverte !Dans la foulée, la mairie porte plainte.", ["Dans la "]),
    ],
)
def test_glued_sentence_starts(text, expected):
    assert _starts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La croissance a atteint 3.3% et le chômage touche 4.700 personnes.",
        "M.Macron a reçu le président.",
        "Consultez orange.fr ou www.elysee.fr pour en savoir plus.",
        "Le site www.Elysee.fr a été mis à jour.",
        "Jean-Yves J.-Y. Le Drian était présent, comme les U.S.A. et l'U.E.",
        "McDonald a annoncé que l'iPhone était interdit et que TikTok serait racheté.",
        "ByteDance, YouTube, LinkedIn, PlayStation, MacBook et eBay ont réagi.",
        "Le président Bachar al-Assad a rencontré les représentants de l'ONUSida.",
        "Le réseau WeChat appartient à Tencent, dit-il, comme FederalPress et SharePoint.",
        "La compagnie easyJet et le groupe bioMérieux ont publié leurs comptes.",
        "Ils ont lancé le mot-dièse #BalanceTonPorc et @EmmanuelMacron a répondu.",
        'Il a parlé de "Gilets jaunes" et d\'une "Révolution" en marche.',
        "Attendez... Le président va parler.",
        "Il faut aller voir p.Le chapitre suivant.",
    ],
)
def test_not_glued_sentences(text):
    assert _starts(text) == []


def test_glued_points_are_not_searched_in_the_dateline():
    text = "WASHINGTON, 3 oct. (AFP) - Le président a parlé.Les marchés ont réagi."
    assert _starts(text) == ["Les marc"]


def test_every_known_agency_is_read_in_a_dateline():
    from veille.lexicon import read_table

    for row in read_table("layout_agencies.tsv"):
        name = row["name"]
        text = f"PARIS, 2 juin 2021 ({name}) - Le gouvernement a présenté son plan de relance."
        lay = analyze_layout(text)
        assert lay.dateline is not None, name
        assert (lay.source.name, lay.source.kind) == (name, "dateline")
        assert text[lay.source.start : lay.source.end] == name


_GLUED_TEXTS = [
    BODY,
    'jours.Au total ; ?Le ; vie..."Damien ; Israël".La ; armée."Nous ; dit. Le ; J.Chirac',
    'bloquent"Le ; Paris""Mounir ; 12"A ; x)"B ; discussionsLes ; jourL\'hypothèse ; ByteDance',
    "en 2019Le ; 2019 Le ; A400M ; www.site.Fr ; a-t-il dit. - Les Etats-Unis réagissent - "
    "Washington a dit.\n- Titre - Le texte ; ! - X - Y",
]


def test_the_prefiltered_glue_patterns_match_like_the_bare_ones():
    """Each glue pattern opens on a lookahead for the character it can start with (the case
    and digit glues: their lookahead before their lookbehind); as they were written before,
    with their lookbehind first, they find the same matches, only slower."""
    import re

    from veille import layout

    up, lo, dash = layout._UP, layout._LO, layout._DASH
    bare = {
        "_GLUE_PUNCT": layout._GLUE_PUNCT.pattern.removeprefix("(?=[.!?…])"),
        "_GLUE_QUOTE": layout._GLUE_QUOTE.pattern.removeprefix('(?=\\")'),
        "_GLUE_CASE": f"(?<=[{lo}]{{3}})(?=[{up}])",
        "_GLUE_DIGIT": f"(?<=\\d)(?=[{up}])",
        "_RUN_IN": layout._RUN_IN.pattern.removeprefix(f"(?=[ \\t]*[{dash}])"),
    }
    for name, source in bare.items():
        pattern = getattr(layout, name)
        assert source != pattern.pattern, name
        before = re.compile(source, pattern.flags)
        found = 0
        for text in _GLUED_TEXTS:
            spans = [m.span() for m in pattern.finditer(text)]
            assert spans == [m.span() for m in before.finditer(text)], (name, text)
            found += len(spans)
        assert found, name
