"""Quote contents and cues: regressions named after the error kinds found on the dev set
(issue 4): where a content ends, which cues are not reporting, which forms were missed."""

from __future__ import annotations

# -- content boundaries -------------------------------------------------------------------------


def test_regression_according_to_content_ends_with_its_sentence(analyze, by_content):
    text = (
        "Selon lui, le mouvement « n'existe plus dans la réalité quotidienne ». "
        "« Là, ils ont décidé de venir attaquer Paris », a-t-il ajouté."
    )
    q = by_content(analyze(text), "le mouvement")
    assert q.type == "according_to"
    assert q.content == "le mouvement « n'existe plus dans la réalité quotidienne »"


def test_regression_glued_sentence_ends_the_complement(analyze, by_content):
    text = (
        "Les maires estiment que le vrai enjeu ne concerne pas la fermeture des écoles."
        "Le ministre a répondu mardi."
    )
    q = by_content(analyze(text), "le vrai enjeu")
    assert q.content == "le vrai enjeu ne concerne pas la fermeture des écoles"


def test_regression_coordinated_cue_ends_the_content_before_it(analyze, by_content):
    text = (
        "Jim Mattis a défendu la diplomatie, soulignant que « l'effort américain est porté par "
        "la diplomatie » et mettant en garde contre le scénario « catastrophique » d'une guerre."
    )
    q = by_content(analyze(text), "l'effort")
    assert (q.type, q.content) == ("direct", "l'effort américain est porté par la diplomatie")


def test_regression_gerund_after_comma_ends_the_object(analyze, by_content):
    text = (
        "Le professeur rappelle au président de la République son rôle de rassembleur, tout en "
        "fustigeant une communication qui criminalise les mouvements sociaux."
    )
    q = by_content(analyze(text), "au président")
    assert q.content == "au président de la République son rôle de rassembleur"


def test_regression_quotation_after_a_clause_and_comma_is_direct(analyze, by_content):
    text = (
        "Bien que les dirigeants aient signé cette convention il y a trente ans, « ils n'ont pas "
        "tenu leurs engagements », a-t-elle dénoncé."
    )
    q = by_content(analyze(text), "ils n'ont pas")
    assert (q.type, q.content) == ("direct", "ils n'ont pas tenu leurs engagements")


def test_regression_hyphenated_word_split_by_the_parser_is_one_sentence(analyze, by_content):
    text = (
        "Pour cet expert, ces plate-formes ne représentent pas un risque particulier tant que "
        "les utilisateurs sont prudents."
    )
    q = by_content(analyze(text), "ces plate-formes")
    assert q.type == "according_to" and q.content.endswith("sont prudents")


# -- cues ---------------------------------------------------------------------------------------


def test_regression_infinitive_after_a_verb_without_object(analyze, by_content):
    q = by_content(
        analyze("L'antiquaire assure ne rien savoir de l'histoire mouvementée des œuvres."),
        "ne rien savoir",
    )
    assert q.content == "ne rien savoir de l'histoire mouvementée des œuvres"


def test_regression_medium_before_the_object_is_skipped(analyze, by_content):
    text = "Alain Juppé a redit sur BFMTV son soutien aux idées européennes du chef de l'État."
    q = by_content(analyze(text), "son soutien")
    assert q.content == "son soutien aux idées européennes du chef de l'État"
    assert q.speaker is not None and q.speaker.name == "Alain Juppé"


def test_regression_subject_pronoun_is_not_a_reflexive_in_an_incise(analyze):
    text = (
        "« C'est pour cela qu'avec les syndicats et le patronat, nous avons lancé une "
        "négociation », annonce Emmanuel Macron."
    )
    quotes = [q for q in analyze(text) if q.type == "direct"]
    assert len(quotes) == 1 and quotes[0].content.startswith("C'est pour cela")


def test_regression_reflexive_form_of_a_cue_verb_is_another_verb(analyze):
    assert (
        analyze("Le ministre s'est exprimé à plusieurs reprises sur le dossier des retraites.")
        == []
    )


def test_regression_passive_is_not_a_quote(analyze):
    assert (
        analyze("La Chine avait alors été pointée du doigt par plusieurs pays occidentaux.") == []
    )


def test_regression_pour_is_a_source_only_opening_a_clause(analyze):
    text = (
        "Interrogée sur cette séquence inédite pour un président américain, Kayleigh McEnany, "
        "porte-parole de la Maison Blanche, a dénoncé une réaction « consternante »."
    )
    assert [q.type for q in analyze(text)] == ["mixed"]


def test_regression_place_after_preposition_is_not_content(analyze):
    assert analyze("Les infirmières ont exprimé samedi à Paris.") == []


# -- round 2: inversions, embedded quotations, coordination, lists, sources ----------------------


def test_regression_inversion_without_comma_names_the_speaker_after_the_verb(analyze, by_content):
    text = (
        "Un bassin en bois de huit mètres sur trois sera installé cet été précise Le Parisien. "
        "Le calendrier est serré assure le ministère. "
        "La méthode est un peu datée estiment les experts."
    )
    quotes = analyze(text)
    q = by_content(quotes, "Un bassin")
    assert q.content == "Un bassin en bois de huit mètres sur trois sera installé cet été"
    assert q.speaker is not None and q.speaker.name == "Le Parisien"
    q = by_content(quotes, "Le calendrier")
    assert q.content == "Le calendrier est serré"
    q = by_content(quotes, "La méthode")
    assert q.speaker is not None and q.speaker.name == "les experts"


def test_regression_colon_after_an_inverted_speaker_opens_their_quotation(analyze, by_content):
    text = (
        "Risquée mais habile juge le politologue Jean Dupuis dans Libération : « Cette image "
        "parle à un public très large. »"
    )
    quotes = analyze(text)
    assert by_content(quotes, "Risquée").speaker.name == "Jean Dupuis"
    q = by_content(quotes, "Cette image")
    assert q.type == "direct" and q.speaker is not None and q.speaker.name == "Jean Dupuis"


def test_regression_hyphenated_inversion_without_comma(analyze, by_content):
    text = "Le rectorat est « en phase de consultation » a-t-il indiqué."
    q = by_content(analyze(text), "Le rectorat")
    assert q.type == "mixed" and q.cue is not None and q.cue.text == "a-t-il indiqué"


def test_regression_quoted_phrase_worked_into_a_sentence_is_a_quote(analyze, by_content):
    text = (
        "Le ministre des Comptes publics Gérald Darmanin a présenté mardi le bilan de l'année. "
        "Le recouvrement a progressé « sans jamais alourdir la charge des contribuables »."
    )
    q = by_content(analyze(text), "sans jamais")
    assert q.type == "direct" and q.cue is None
    assert q.speaker is not None and q.speaker.name == "Gérald Darmanin"


def test_regression_quoted_term_or_short_phrase_in_a_sentence_is_not_a_quote(analyze):
    text = (
        "Le décret porte la mention « mort pour la France en service commandé ». "
        "Le ministre a qualifié ce bilan d'« historique »."
    )
    assert not [q for q in analyze(text) if q.cue is None]


def test_regression_passive_agent_after_a_quotation_is_its_speaker(analyze, by_content):
    text = (
        "Le syndicat a été choqué par la formule « prendre les élèves en otage du conflit », "
        "employée la veille par Emmanuel Macron lors d'un déplacement."
    )
    q = by_content(analyze(text), "prendre les élèves")
    assert q.speaker is not None and q.speaker.name == "Emmanuel Macron"


def test_regression_coordinated_cues_share_the_first_subject(analyze, by_content):
    text = (
        "Le ministre de l'Intérieur Gérald Darmanin a confirmé mardi 12 mars, la fermeture du "
        "centre de rétention et a détaillé les mesures prévues pour les agents."
    )
    quotes = analyze(text)
    q = by_content(quotes, "la fermeture")
    assert q.content == "la fermeture du centre de rétention"
    q = by_content(quotes, "les mesures")
    assert q.speaker is not None and q.speaker.name == "Gérald Darmanin"


def test_regression_elliptic_participle_shares_the_auxiliary(analyze, by_content):
    text = (
        "M. Albanese a dit avoir prévenu l'opposition, et exhorté les entreprises à « renforcer "
        "leurs protections ». Il n'a pas donné de chiffre, mais indiqué que les réseaux de l'État "
        "n'avaient pas été touchés."
    )
    quotes = analyze(text)
    q = by_content(quotes, "les entreprises")
    assert q.type == "mixed" and q.speaker is not None and q.speaker.name == "Albanese"
    q = by_content(quotes, "les réseaux")
    assert q.cue is not None and q.cue.text == "indiqué"


def test_regression_shared_verb_list_gives_one_quote_per_speaker(analyze, by_content):
    text = (
        "Bruno Retailleau (LR) a salué des soldats « morts pour la France », Boris Vallaud (PS) "
        "ceux qui « servent avec honneur » et Jordan Bardella (RN) les « héros de l'opération »."
    )
    quotes = analyze(text)
    assert by_content(quotes, "des soldats").speaker.name == "Bruno Retailleau"
    assert by_content(quotes, "ceux qui").speaker.name == "Boris Vallaud"
    assert by_content(quotes, "les « héros").speaker.name == "Jordan Bardella"


def test_regression_second_verb_after_comma_and_ends_the_content(analyze, by_content):
    text = (
        "L'administration américaine a de son côté accusé Pékin de « dissimuler » l'ampleur de "
        "l'épidémie, et a suspendu sa contribution à l'OMS."
    )
    q = by_content(analyze(text), "Pékin")
    assert q.content == "Pékin de « dissimuler » l'ampleur de l'épidémie"
    assert q.cue is not None and q.cue.text == "a de son côté accusé"


def test_regression_source_phrase_with_a_participle(analyze, by_content):
    text = (
        "Selon une enquête Ifop publiée samedi dans Le Figaro, 60 % des Français soutiennent la "
        "mesure. Les bornes seront installées dans dix stations, selon un porte-parole de la "
        "mairie joint par l'AFP."
    )
    quotes = analyze(text)
    assert by_content(quotes, "60 %").type == "according_to"
    q = by_content(quotes, "Les bornes")
    assert q.type == "according_to"
    assert q.content == "Les bornes seront installées dans dix stations"


def test_regression_source_clause_keeps_the_speech_it_vouches_for(analyze):
    text = (
        "D'après l'hebdomadaire, le Rassemblement national (RN) aurait d'ores et déjà promis "
        "qu'aucun accord ne serait signé avant l'automne."
    )
    quotes = analyze(text)
    src = [q for q in quotes if q.type == "according_to"]
    assert len(src) == 1 and src[0].content.startswith("le Rassemblement national")
    assert src[0].content.endswith("avant l'automne")
    said = [q for q in quotes if q.type == "indirect"]
    assert len(said) == 1 and said[0].speaker.name.startswith("Rassemblement national")


def test_regression_closed_parenthesis_does_not_cut_a_source_clause(analyze, by_content):
    text = (
        "Avant l'attaque, la région était classée en orange (déconseillée sauf raison "
        "impérative), selon le site du ministère."
    )
    q = by_content(analyze(text), "Avant l'attaque")
    assert q.type == "according_to"


def test_regression_connective_before_an_incise_is_not_the_content(analyze, by_content):
    text = (
        "Le chercheur Adam Segal juge la mesure cohérente. En revanche, poursuit-il, « rien n'a "
        "été dit sur le calendrier. »"
    )
    quotes = analyze(text)
    assert not [q for q in quotes if q.content.startswith("En revanche")]
    q = by_content(quotes, "rien n'a")
    assert q.type == "direct" and q.speaker.name == "Adam Segal"


def test_regression_participle_clause_after_comma_ends_the_object(analyze, by_content):
    text = (
        "Des épidémiologistes mettent en doute ces statistiques, soupçonnant notamment que de "
        "nombreux décès ne sont pas comptés."
    )
    quotes = analyze(text)
    assert by_content(quotes, "ces statistiques").content == "ces statistiques"
    q = by_content(quotes, "de nombreux décès")
    assert q.cue is not None and q.cue.text == "soupçonnant"


def test_regression_bare_party_object_is_not_content(analyze):
    text = "La Russie défend la Chine. L'ancien Premier ministre a défendu le président."
    assert analyze(text) == []


def test_regression_ce_que_before_an_inversion_points_to_the_sentence_before(analyze, by_content):
    text = (
        "Le président passera l'été au fort de Brégançon. Et il pourra se baigner dans une "
        "piscine commandée il y a quelques semaines. C'est en tout cas ce que révèle Le Point, "
        "photographies à l'appui."
    )
    quotes = analyze(text)
    assert not [q for q in quotes if q.content.startswith("C'est")]
    q = by_content(quotes, "il pourra se baigner")
    assert q.speaker is not None and q.speaker.name == "Le Point"


# -- issue 13: quotations shared by one inverted cue, when and where after an object ------------


def test_regression_two_quotations_glued_by_a_connective_are_two_direct_quotes(analyze):
    text = (
        "« On peut ouvrir la discussion », mais « ne laissons pas croire que le problème nous "
        "a échappé », a-t-il tonné."
    )
    assert [(q.type, q.content) for q in analyze(text)] == [
        ("direct", "On peut ouvrir la discussion"),
        ("direct", "ne laissons pas croire que le problème nous a échappé"),
    ]


def test_regression_quotations_inside_a_clause_stay_one_mixed_quote(analyze):
    text = (
        "« Les principaux secteurs » concernés sont « l'industrie et la construction », a "
        "précisé la ministre."
    )
    assert [q.type for q in analyze(text)] == ["mixed"]


def test_regression_day_date_and_medium_after_an_object_are_not_content(analyze, by_content):
    text = "Le ministre de l'Économie a écarté cette piste, mardi 12 décembre, sur France Inter."
    assert by_content(analyze(text), "cette piste").content == "cette piste"
    text = "Le ministre a annoncé le report du sommet au 12 mars."
    q = by_content(analyze(text), "le report")
    assert q.content == "le report du sommet au 12 mars"


def test_regression_adverbial_between_commas_keeps_the_auxiliary(analyze, by_content):
    text = (
        "Les syndicats ont dénoncé le projet, tandis que le Medef a, de son côté, fait part de "
        "sa satisfaction."
    )
    q = by_content(analyze(text), "sa satisfaction")
    assert q.cue is not None and q.cue.text.startswith("a")


def test_regression_inverted_cue_read_as_a_conjunct_keeps_its_speaker(analyze, by_content):
    text = (
        "À Paris, seules les lignes automatisées 1 et 14 circuleront le 31 décembre, en raison "
        "de la grève, a annoncé la RATP. Les lignes de tramways fonctionneront toute la nuit et "
        "les bus seront « fortement renforcés », a ajouté la régie."
    )
    quotes = analyze(text)
    assert by_content(quotes, "À Paris").type == "indirect"
    q = by_content(quotes, "Les lignes de tramways")
    assert q.type == "mixed" and q.content.endswith("« fortement renforcés »")


def test_regression_gerund_without_comma_stays_in_the_content(analyze, by_content):
    text = (
        "Des ONG ont accusé mardi un cargo d'avoir enfreint le droit maritime en débarquant "
        "en Libye 90 migrants."
    )
    q = by_content(analyze(text), "un cargo")
    assert q.content.endswith("en débarquant en Libye 90 migrants")


def test_regression_participle_after_ellipsis_ends_the_content(analyze, by_content):
    text = (
        "Le ministre a dit que les jeunes devaient manifester contre les pays qui ne « bougent » "
        "pas... citant la Pologne, accusée de bloquer le consensus."
    )
    q = by_content(analyze(text), "les jeunes")
    assert q.content == "les jeunes devaient manifester contre les pays qui ne « bougent » pas"


def test_regression_apres_clause_after_an_object_is_not_content(analyze, by_content):
    text = (
        "Les Etats-Unis ont accusé mardi la Chine de « menacer » les journalistes étrangers "
        "après la décision de Pékin de geler les accréditations."
    )
    q = by_content(analyze(text), "la Chine")
    assert q.content == "la Chine de « menacer » les journalistes étrangers"
    # a que-clause keeps its "après": what was said happens after
    text = "Le président a annoncé qu'il démissionnerait après les élections régionales."
    q = by_content(analyze(text), "il démissionnerait")
    assert q.content == "il démissionnerait après les élections régionales"


def test_regression_relative_clause_about_the_source_is_not_content(analyze, by_content):
    text = (
        "Selon les chiffres de l'ONG, dont la méthodologie est contestée par certains "
        "économistes, 26 personnes possèdent autant que les 3,8 milliards les plus pauvres."
    )
    q = by_content(analyze(text), "26 personnes")
    assert q.type == "according_to"
    assert q.content == "26 personnes possèdent autant que les 3,8 milliards les plus pauvres"


def test_regression_apres_after_a_participle_in_the_object_stays(analyze, by_content):
    text = (
        "Le député a dénoncé l'enquête ouverte par le parquet après la fuite d'un document "
        "confidentiel."
    )
    q = by_content(analyze(text), "l'enquête")
    assert q.content.endswith("après la fuite d'un document confidentiel")


def test_regression_relative_cue_inside_an_object_does_not_end_it(analyze, by_content):
    text = (
        "Il salue la prise de parole de Jean Dupont, président du parti, qui a réaffirmé samedi "
        "des « points de convergence » avec l'ex-ministre."
    )
    q = by_content(analyze(text), "la prise de parole")
    assert q.content.endswith("avec l'ex-ministre")


def test_regression_title_in_quotation_marks_in_the_subject_is_no_inversion(analyze, by_content):
    text = (
        "Interrogé par France Inter lundi, le réalisateur de « Merci patron! » a estimé qu'il "
        "n'était pas judicieux d'attaquer le président sur le fond de sa réforme."
    )
    quotes = analyze(text)
    q = by_content(quotes, "il n'était pas")
    assert q.content.endswith("le fond de sa réforme")
    assert not [q for q in quotes if q.content.startswith(("Interrogé", "Inter"))]


def test_regression_incise_ending_a_sentence_inside_the_quotation(analyze, by_content):
    text = (
        "Les maires protestent. « On double chaque semaine le nombre de cas, a-t-elle expliqué. "
        "On était à 500 cas il y a deux semaines ». Les maires protestent."
    )
    quotes = analyze(text)
    assert by_content(quotes, "On double").content == "On double chaque semaine le nombre de cas"
    assert by_content(quotes, "On était").content == "On était à 500 cas il y a deux semaines"


def test_regression_relative_clause_between_commas_ends_the_content(analyze):
    for text, content in (
        ("Le député, qui a dénoncé une mascarade, a quitté l'hémicycle.", "une mascarade"),
        (
            "Le ministre, qui estime que la réforme est juste, sera reçu lundi à Matignon.",
            "la réforme est juste",
        ),
    ):
        assert [q.content for q in analyze(text)] == [content]


def test_relative_clause_after_the_main_verb_keeps_its_content(analyze):
    text = (
        "Le député a rencontré le ministre, qui a affirmé que le texte, voté hier, était illégal."
    )
    assert [q.content for q in analyze(text)] == ["le texte, voté hier, était illégal"]


def test_regression_quotation_with_its_own_stop_is_not_glued_to_the_next_sentence(analyze):
    text = (
        "Le Premier ministre a défendu sa réforme devant les députés. « Nous irons jusqu'au "
        "bout. » Il a ensuite quitté l'hémicycle."
    )
    direct = [q for q in analyze(text) if q.type == "direct"]
    assert [q.content for q in direct] == ["Nous irons jusqu'au bout."]
    assert direct[0].speaker is not None and direct[0].speaker.name == "Le Premier ministre"


def test_regression_quotation_after_a_colon_is_the_words_of_the_clause_subject(analyze):
    text = "Le chef de l'Etat s'est voulu rassurant : « La France est prête à tout. »"
    (q,) = analyze(text)
    assert (q.type, q.content) == ("direct", "La France est prête à tout.")
    assert q.speaker is not None and q.speaker.name == "Le chef de l'Etat"
