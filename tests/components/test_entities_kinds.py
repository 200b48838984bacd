"""Entity error kinds found on the dev set (issue 13), each pinned on a French sentence."""

from __future__ import annotations

import pytest

import veille


@pytest.fixture(scope="module")
def analyze(nlp):
    return veille.analyze


def _entity(d, name):
    found = [e for e in d.entities if e.name == name]
    assert len(found) == 1, (name, [(e.name, e.type) for e in d.entities])
    return found[0]


def test_acronym_after_its_expansion_is_one_entity(analyze):
    d = analyze(
        "Mercredi, l'agence régionale de santé (ARS) recensait 234 nouveaux cas. "
        "L'ARS a ensuite publié un bilan."
    )
    ars = _entity(d, "agence régionale de santé")
    assert ars.type == "ORG"
    assert [m.text for m in ars.mentions if m.kind == "name"].count("ARS") == 2


def test_acronym_before_its_expansion_is_one_entity(analyze):
    d = analyze(
        "Six Français travaillant pour l'ONG française Acted (Agence d'aide à la coopération "
        "technique et au développement) ont été tués dimanche."
    )
    acted = _entity(d, "Agence d'aide à la coopération technique et au développement")
    assert acted.type == "ORG"
    assert "Acted" in [m.text for m in acted.mentions]


def test_acronym_of_a_hyphenated_name_with_a_comma(analyze):
    d = analyze(
        "Une manifestation a eu lieu devant le siège de l'Assistance publique-Hôpitaux de Paris "
        "(AP-HP), puis au Conseil économique, social et environnemental (Cese)."
    )
    assert "AP-HP" in [m.text for m in _entity(d, "Assistance publique-Hôpitaux de Paris").mentions]
    assert "Cese" in [
        m.text for m in _entity(d, "Conseil économique, social et environnemental").mentions
    ]


def test_parenthesised_word_that_spells_nothing_stays_apart(analyze):
    d = analyze("Le maire de Bordeaux (Gironde) a reçu Gérard Collomb (LR) mardi.")
    names = {e.name for e in d.entities}
    assert {"Bordeaux", "Gironde", "Gérard Collomb"} <= names


def test_capitalised_article_opens_an_expansion(analyze):
    d = analyze(
        "François Bayrou, leader du MoDem, allié de La République en marche (LREM), a parlé."
    )
    lrem = _entity(d, "La République en marche")
    assert "LREM" in [m.text for m in lrem.mentions]


def test_name_after_an_organisation_descriptor_is_an_organisation(analyze):
    d = analyze(
        "Donald Trump a interdit toute transaction avec le géant chinois Tencent, tandis que le "
        "fabricant japonais de pneus Bridgestone a annoncé la fermeture de son usine."
    )
    assert _entity(d, "Tencent").type == "ORG"
    assert _entity(d, "Bridgestone").type == "ORG"


def test_media_named_after_their_kind_are_organisations(analyze):
    d = analyze(
        "La chaîne de télévision Dojd a dénoncé le rachat du titre, selon le journal grec "
        "Demokratia."
    )
    for name in ("Dojd", "Demokratia"):
        assert _entity(d, name).type == "ORG"


def test_person_after_a_descriptor_and_a_de_complement_stays_a_person(analyze):
    d = analyze("Sur YouTube, la chaîne de l'opposant Alexeï Navalny a publié une enquête.")
    assert _entity(d, "Alexeï Navalny").type == "PER"


def test_names_of_inhabitants_are_no_places(analyze):
    d = analyze(
        "Six Tchétchènes ont été interpellés jeudi à Dijon, et les Guyanais restent confinés "
        "dans les Yvelines comme à Borme-les-Mimosas."
    )
    places = {e.name for e in d.entities if e.type == "LOC"}
    assert not places & {"Tchétchènes", "Guyanais"}
    assert {"Dijon", "Yvelines"} <= places


def test_glued_sentences_across_a_quote_mark_are_no_name(analyze):
    d = analyze(
        'Ils doivent voyager aux États-Unis dans les trois prochains mois"On se demande ce '
        "qu'il nous reste à vendre."
    )
    assert not [e.name for e in d.entities if '"' in e.name]


def test_weekday_opening_a_sentence_is_no_place(analyze):
    d = analyze("Vendredi, le secrétaire d'État chargé du Tourisme a reçu les professionnels.")
    assert "Vendredi" not in {e.name for e in d.entities}


def test_institution_named_after_a_hyphenated_name_is_one_organisation(analyze):
    d = analyze(
        "Des soignants se sont réunis devant l'hôpital Robert-Debré, puis devant l'hôpital "
        "de la Pitié-Salpêtrière (Paris)."
    )
    assert _entity(d, "hôpital Robert-Debré").type == "ORG"
    assert _entity(d, "hôpital de la Pitié-Salpêtrière").type == "ORG"
    assert not [e for e in d.entities if e.type == "PER"]


def test_place_after_an_institution_name_is_a_place_of_its_own(analyze):
    d = analyze(
        "Une infirmière de l'hôpital Henri-Mondor de Créteil a témoigné. Le ministre a "
        "mobilisé l'ambassade de France à Washington."
    )
    assert _entity(d, "hôpital Henri-Mondor").type == "ORG"
    assert _entity(d, "Créteil").type == "LOC"
    assert _entity(d, "Washington").type == "LOC"


def test_person_ending_a_span_after_a_role_is_a_person(analyze):
    d = analyze(
        "Le procureur de la République Eric Mathais avait indiqué mercredi que l'enquête se "
        "poursuivait. La ministre du Travail Muriel Pénicaud a parlé dimanche."
    )
    assert _entity(d, "Eric Mathais").type == "PER"
    assert _entity(d, "Muriel Pénicaud").type == "PER"
    assert not [e for e in d.entities if e.type != "PER"]


def test_person_named_after_a_role_with_a_complement_is_a_person(analyze):
    d = analyze(
        "Des manifestants ont brisé les vitres de la permanence où se trouvait le député de la "
        "majorité Romain Grau."
    )
    assert _entity(d, "Romain Grau").type == "PER"


def test_known_organisation_inside_a_longer_ner_span_is_cut_out(analyze):
    d = analyze(
        "Mediapart et le Canard Enchaîné ont révélé en début de semaine que le président "
        "allait devoir payer l'impôt. Une lettre ouverte publiée par Mediapart lundi 8 juillet "
        "a été lue."
    )
    assert _entity(d, "Mediapart").type == "ORG"
    assert [e.type for e in d.entities if e.name.endswith("Canard Enchaîné")] == ["ORG"]
    assert not [e for e in d.entities if "lundi" in e.name or " et " in e.name]


def test_known_organisation_as_a_complement_stays_inside_its_name(analyze):
    d = analyze(
        "Le Haut commissariat de l'ONU pour les réfugiés (HCR) a commenté la décision lundi."
    )
    assert _entity(d, "Haut commissariat de l'ONU pour les réfugiés").type == "ORG"


def test_heading_in_capitals_is_no_name(analyze):
    d = analyze(
        'L\'ONG a évoqué "le premier refoulement depuis des années"."PORTS FERMES, CŒURS '
        "OUVERTS\"En 2012, la Cour européenne des droits de l'Homme avait condamné "
        "l'Italie. L'ÉCHÉANCE REPORTÉE À 2030 Le "
        "ministre a indiqué qu'il faudra fermer des réacteurs."
    )
    assert not [e for e in d.entities if e.name.isupper()], [e.name for e in d.entities]


def test_rubric_opening_a_dispatch_is_no_place(analyze):
    d = analyze(
        "POLITIQUE - Le député de la France insoumise a dévoilé sa stratégie lundi matin au "
        "micro de France Inter."
    )
    assert "POLITIQUE" not in [e.name for e in d.entities]


def test_acronym_in_a_heading_stays_a_name(analyze):
    d = analyze("LA CGT APPELLE À LA GRÈVE Le syndicat a appelé les cheminots à la grève.")
    assert "CGT" in [e.name for e in d.entities]


def test_one_word_person_that_names_a_town_is_a_place(analyze):
    d = analyze(
        "Les forces séparatistes résistent à une offensive pour prendre le contrôle de "
        "Zinjibar, le chef-lieu de la province. Des combats ont eu lieu à Zinjibar mardi."
    )
    assert _entity(d, "Zinjibar").type == "LOC"
    assert [p.country for p in d.places if p.mention.text == "Zinjibar"] == ["YE"]


def test_one_word_person_with_a_title_or_a_first_name_stays_a_person():
    from veille.components.entities import _Cand, _Cluster, _person_is_a_town

    def cluster(text, gender=None):
        return _Cluster("PER", [_Cand(0, len(text), "PER", text, 0, 1, gender=gender)])

    assert _person_is_a_town(cluster("Zinjibar"), "FR")
    assert not _person_is_a_town(cluster("Zinjibar", gender="m"), "FR")  # M. Zinjibar
    assert not _person_is_a_town(cluster("Florence"), "FR")  # a first name


def test_place_ending_a_misc_span_that_opens_with_a_common_noun_is_a_place(analyze):
    d = analyze(
        "Après Londres et Washington, c'est au tour de Paris d'envoyer à la Chine un message "
        "à propos de sa gestion du virus."
    )
    assert _entity(d, "Paris").type == "LOC"
    assert [p.country for p in d.places if p.mention.text == "Paris"] == ["FR"]


def test_well_known_french_agencies_and_media_are_organisations(analyze):
    d = analyze(
        "Santé publique France a averti vendredi que les indicateurs se dégradaient, a "
        "rapporté France 2. La patrouille de France a ensuite conclu le ballet."
    )
    assert _entity(d, "Santé publique France").type == "ORG"
    assert _entity(d, "France 2").type == "ORG"
    assert _entity(d, "patrouille de France").type == "ORG"
    assert "France" not in [e.name for e in d.entities]


def test_country_after_a_portfolio_is_the_place(analyze):
    d = analyze(
        "Le ministre du Tourisme du Botswana a annoncé lundi la réouverture des parcs. Le "
        "ministre des Solidarités et de la Santé Olivier Véran a parlé."
    )
    assert _entity(d, "Botswana").type == "LOC"
    assert [e.name for e in d.entities if e.type == "LOC"] == ["Botswana"]


def test_ordinals_and_units_are_no_names(analyze):
    d = analyze("Sous la Ve République, au XXe siècle, le moteur développait un couple de 400 Nm.")
    names = [e.name for e in d.entities]
    assert not [n for n in names if n.startswith(("Ve", "XXe", "Nm"))], names


def test_regression_le_pen_is_no_roman_ordinal(analyze):
    # "Le" read as L (50) + "e" made every "Le Pen", "Le Drian", "Le Maire" vanish
    names = set()
    for text in (
        "Mme Le Pen a demandé des masques gratuits.",
        "Jean-Yves Le Drian s'est rendu à Beyrouth avec Bruno Le Maire.",
    ):
        names |= {e.name for e in analyze(text).entities if e.type == "PER"}
    assert {"Le Pen", "Jean-Yves Le Drian", "Bruno Le Maire"} <= names, names
    d = analyze("Au XIVe siècle, la ville comptait déjà un marché.")
    assert not [e.name for e in d.entities if e.name.startswith("XIVe")]


def test_name_after_a_descriptor_that_the_ner_missed_is_an_organisation(analyze):
    d = analyze(
        "De son côté, l'ONG allemande Sea-Watch a évoqué le premier refoulement par un "
        "navire italien depuis des années."
    )
    assert _entity(d, "Sea-Watch").type == "ORG"


def test_prefixed_name_is_an_adjective(analyze):
    d = analyze(
        "Pendant toute notre campagne on faisait deux manifs par jour anti-Macron, a-t-il "
        "rappelé devant Emmanuel Macron."
    )
    assert "anti-Macron" not in [e.name for e in d.entities]


def test_acronym_in_parentheses_after_a_name_is_its_alias_in_any_language(analyze):
    d = analyze(
        "Roberto Fico, président de la Chambre des députés issu du Mouvement 5 étoiles (M5S, "
        "populiste), a parlé. Le M5S a ensuite voté contre."
    )
    m5s = _entity(d, "Mouvement 5 étoiles")
    assert [m.text for m in m5s.mentions if m.kind == "name"].count("M5S") == 2


def test_initials_of_a_person_are_that_person(analyze):
    d = analyze(
        "Pour Dominique Strauss-Kahn, le Brexit est loin d'être une mauvaise idée. Ainsi, "
        "selon DSK, l'Europe a plus de chance de grandir."
    )
    dsk = _entity(d, "Dominique Strauss-Kahn")
    assert "DSK" in [m.text for m in dsk.mentions]


def test_members_of_a_movement_are_no_organisation(analyze):
    d = analyze(
        "Le Marcheur et vice-président de l'Assemblée nationale, Hugues Renson, a parlé, a "
        "souligné l'Insoumis."
    )
    assert not {"Marcheur", "Insoumis"} & {e.name for e in d.entities}


def test_place_the_gazetteer_does_not_know_is_placed_in_the_dateline_country(analyze):
    # "Camopi" (a village of French Guiana) is in no gazetteer: it was left without a place.
    d = analyze("CAYENNE (AFP) - Les habitants de Camopi réclament une route depuis des années.")
    camopi = next(p for p in d.places if p.mention.text == "Camopi")
    assert (camopi.country, camopi.geonames_id) == ("GF", None)
    assert camopi.kind == "approximate"  # its point is French Guiana's centre, not Camopi's
    assert [p.mention.text for p in d.places] == ["CAYENNE", "Camopi"]  # known places first
    entity = next(e for e in d.entities if e.id == camopi.entity)
    assert entity.country is None  # a guessed country is not the entity's


def test_unknown_place_without_dateline_takes_the_country_the_article_names_most(analyze):
    d = analyze(
        "Le Premier ministre s'est rendu à Colleville-sur-Mer, en Normandie, pour les "
        "commémorations."
    )
    place = next(p for p in d.places if p.mention.text == "Colleville-sur-Mer")
    assert place.country == "FR"


def test_street_named_after_a_person_is_a_place_not_the_person(analyze):
    # "rue Jean Jaurès" was the person "Jean Jaurès": the street was lost as a place
    d = analyze(
        "Le cortège est parti de la rue Jean Jaurès puis a rejoint le boulevard Victor Hugo."
    )
    assert _entity(d, "rue Jean Jaurès").type == "LOC"
    assert _entity(d, "boulevard Victor Hugo").type == "LOC"
    assert not [e for e in d.entities if e.type == "PER"]


def test_institution_head_still_stops_before_a_person_named_after_it(analyze):
    d = analyze("Le conseil d'administration d'Andreï Chmarov a validé la décision.")
    assert not [e for e in d.entities if e.type == "ORG" and "Chmarov" in e.name]


def test_place_ending_an_organisation_name_is_listed_among_the_places(analyze):
    # "école anglaise de Nottingham": the town was named only inside the school's name, and
    # the article's places lacked it
    d = analyze(
        "Le prêtre a enseigné à l'école anglaise de Nottingham, puis à l'université de "
        "Californie, selon le ministère de l'Intérieur."
    )
    school = _entity(d, "école anglaise de Nottingham")
    assert school.type == "ORG"
    assert not [e for e in d.entities if e.type == "LOC"]  # no entity of its own
    places = {p.mention.text: p for p in d.places}
    assert (places["Nottingham"].country, places["Nottingham"].entity) == ("GB", school.id)
    assert places["Californie"].country == "US"
    assert "Intérieur" not in places


def test_word_opening_a_quotation_is_no_entity(analyze):
    # "Mafia" (a slogan) was a person and "Dakota" (a plane) a place
    d = analyze(
        '"Démission!", "Mafia", scandaient aussi les manifestants. Le musée expose des avions '
        'de la Seconde Guerre mondiale dont le "Dakota" américain.'
    )
    assert not [e for e in d.entities if e.name in ("Mafia", "Dakota")]


def test_country_opening_a_quotation_stays_a_place(analyze):
    d = analyze('Le ministre a répété que "France et Allemagne doivent avancer ensemble".')
    assert _entity(d, "France").type == "LOC"
