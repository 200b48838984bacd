"""The antecedent ranking (``components/quotes/antecedents.py``): each feature on hand-built
candidates, then the ranking on real French through the pipeline (issue 13)."""

from __future__ import annotations

import dataclasses

import pytest

from veille.components.quotes import antecedents as a
from veille.components.quotes.antecedents import Candidate, Query, Weights
from veille.components.quotes.resolve import acronyms_of
from veille.model import Quote

W = a.WEIGHTS


def person(name: str, **kw: object) -> Candidate:
    return Candidate(name.lower(), name, "PER", **kw)  # type: ignore[arg-type]


def il(pos: int = 1000, gender: str | None = "m") -> Query:
    return Query(pos, True, gender)


def desc(role: str | None, words: str = "", country: str | None = None, gender=None) -> Query:
    return Query(1000, False, gender, role=role, country=country, words=words)


# --- features, one by one ------------------------------------------------------------------


def test_number_vetoes_a_group_for_a_singular_pronoun():
    assert a.number(il(), Candidate("d", "les manifestants", "DESC", plural=True), W) is None
    assert a.number(il(), person("Gérald Darmanin"), W) == 0.0


def test_gender_vetoes_a_conflict_and_says_nothing_when_unknown():
    assert a.gender(il(gender="f"), person("Christophe Castaner", gender="m"), W) is None
    assert a.gender(il(gender="f"), person("Marine Le Pen", gender="f"), W) == W.gender_match
    assert a.gender(il(gender="f"), person("Claude Guéant"), W) == 0.0


def test_kind_excludes_places_and_things_and_costs_media_for_a_pronoun():
    assert a.kind(il(), Candidate("corse", "Corse", "LOC"), W) is None
    assert a.kind(il(), Candidate("d", "après les annonces", "DESC", human=False), W) is None
    assert a.kind(il(), Candidate("m", "ministère de la Santé", "ORG"), W) == W.organisation
    assert a.kind(il(), Candidate("b", "BFMTV", "ORG", medium=True), W) == W.medium
    # a description of a person is no organisation
    assert a.kind(desc("ministre"), Candidate("m", "ministère", "ORG"), W) is None
    assert a.kind(desc("ministre"), person("Bruno Le Maire"), W) == 0.0


def test_role_agrees_or_vetoes_and_unknown_roles_say_nothing():
    castaner = person("Christophe Castaner", roles=("ministre de l'interieur",))
    martinez = person("Philippe Martinez", roles=("secretaire general de la cgt",))
    assert a.role(desc("ministre"), castaner, W) == W.role_match
    assert a.role(desc("ministre"), martinez, W) is None
    assert a.role(desc("ministre"), person("Michel Delpuech"), W) == 0.0


def test_role_families_and_generic_roles():
    wargon = person("Emmanuelle Wargon", roles=("secretaire d'etat a la transition ecologique",))
    assert a.role(desc("ministre"), wargon, W) == W.role_match
    gambert = person("Yves Gambert", roles=("procureur de la republique",), sectors=("JUD",))
    magistrat = Query(1000, False, role="magistrat", sector="JUD")
    assert a.role(magistrat, gambert, W) == W.role_match / 2
    assert a.role(Query(1000, False, role="magistrat", sector="LEG"), gambert, W) is None
    assert a.role_key("chef de l'etat") == a.role_key("president de la republique")


def test_generic_elu_agrees_with_legislators_and_mayors_responsable_with_anyone():
    payan = person("Benoît Payan", roles=("maire de marseille",), sectors=("GOV",))
    assert a.role(Query(1000, False, role="elu", sector="LEG"), payan, W) == W.role_match / 2
    judge = person("Yves Gambert", roles=("procureur",), sectors=("JUD",))
    assert a.role(Query(1000, False, role="elu", sector="LEG"), judge, W) is None
    assert a.role(Query(1000, False, role="responsable", sector="GOV"), judge, W) == 0.0


def test_an_unnamed_speaker_is_a_candidate_only_for_the_same_words():
    fuller = Candidate("d", "le porte-parole de l'exécutif allemand", "DESC",
                       roles=("porte-parole de l'executif allemand",))  # fmt: skip
    assert a.kind(desc("porte-parole", "porte-parole"), fuller, W) == 0.0
    assert a.kind(desc("ministre", "ministre"), fuller, W) is None


def test_country_vetoes_another_country():
    trump = person("Donald Trump", country="US")
    assert a.country(desc("president", country="FR"), trump, W) is None
    assert a.country(desc("president", country="US"), trump, W) == W.country_match
    assert a.country(desc("president"), trump, W) == 0.0


def test_apposition_rewards_the_words_apposed_before():
    griveaux = person("Benjamin Griveaux", roles=("porte-parole du gouvernement",))
    assert a.apposition(desc("porte-parole", "porte-parole"), griveaux, W) == W.apposition
    assert a.apposition(desc("ministre", "ministre"), griveaux, W) == 0.0


def test_recency_decays_and_counts_one_clause_once():
    near = person("A", speaker_at=950)
    far = person("B", speaker_at=100)
    assert a.speaker_recency(il(), near, W) > a.speaker_recency(il(), far, W) > 0
    both = person("C", speaker_at=950, subject_at=950, mention_at=950)
    assert a.recency(il(), both, W) == pytest.approx(a.subject_recency(il(), both, W))
    assert a.recency(il(), person("D", speaker_at=1200), W) == 0.0  # after the words


def test_a_later_subject_outranks_an_earlier_speaker():
    speaker = person("Jean-Luc Mélenchon", speaker_at=900)
    subject = person("François Ruffin", subject_at=910)
    assert a.best(il(), [speaker, subject]) is subject


def test_frequency_favours_the_protagonist():
    assert a.frequency(il(), person("A", seen=9), W) > a.frequency(il(), person("B", seen=1), W)


def test_best_respects_the_threshold_and_the_weights_are_data():
    faint = person("Michel Delpuech", mention_at=100)
    assert a.best(desc("premier", "premier ministre"), [faint]) is None
    eager = dataclasses.replace(W, threshold=0.0)
    assert a.best(desc("premier", "premier ministre"), [faint], eager) is faint
    assert isinstance(W, Weights)


def test_acronyms_of_names():
    assert "DSK" in acronyms_of("Dominique Strauss-Kahn")
    assert "LFI" in acronyms_of("La France insoumise")
    assert "CGT" in acronyms_of("Confédération générale du travail")


# --- the ranking in the pipeline --------------------------------------------------------------


def speaker(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


def test_regression_il_is_not_the_medium_quoted_just_before(analyze, by_content):
    text = (
        "Près de 100.000 policiers seront mobilisés en France pour la Saint-Sylvestre. C'est ce "
        "qu'a annoncé le ministre de l'Intérieur Christophe Castaner lundi à Paris. Selon BFMTV, "
        "ils étaient 148.000 l'année dernière. « J'ai réuni ce matin l'état-major du ministère "
        "pour préparer ce moment de sensibilité particulière », a-t-il détaillé."
    )
    assert speaker(by_content(analyze(text), "J'ai réuni")) == "Christophe Castaner"


def test_regression_la_porte_parole_is_the_spokeswoman_quoted_before(analyze, by_content):
    text = (
        "« Nous avons des cas regroupés en Guyane », a expliqué Sibeth Ndiaye, assurant que l'Etat "
        "était aux côtés des Guyanais. Le second tour des municipales a été annulé, mais aucune "
        "nouvelle date n'a été pour l'instant « définie », a précisé la porte-parole."
    )
    assert speaker(by_content(analyze(text), "Le second tour")) == "Sibeth Ndiaye"


def test_regression_acronym_is_its_expansion(analyze, by_content):
    text = (
        "Pour Dominique Strauss-Kahn, l'Europe doit se ressaisir. DSK participait samedi à une "
        "conférence à Marrakech. « Je crains que l'Europe ne soit en train de passer en seconde "
        "division », a déclaré DSK."
    )
    assert speaker(by_content(analyze(text), "Je crains")) == "Dominique Strauss-Kahn"


def test_regression_president_francais_is_not_the_american_one(analyze, by_content):
    text = (
        "Emmanuel Macron s'est rendu à Beyrouth jeudi. « Le Liban n'est pas seul », a-t-il dit. "
        "Donald Trump a promis une aide américaine. « Nous serons là », a déclaré Donald Trump. "
        "Le président français a insisté sur la nécessité d'une « unité » de la communauté "
        "internationale."
    )
    assert speaker(by_content(analyze(text), "la nécessité")) == "Emmanuel Macron"


def test_regression_le_gouvernement_is_not_the_radio_quoted_before(analyze, by_content):
    text = (
        "« Nous avons des cas regroupés », a déclaré à RTL la directrice de l'agence régionale. "
        "Le gouvernement a indiqué dimanche que la question d'un reconfinement était sur la table."
    )
    assert speaker(by_content(analyze(text), "la question")) == "Le gouvernement"


def test_regression_party_after_a_role_is_no_speaker(analyze, by_content):
    text = (
        "« Le gouvernement donne le sentiment de l'impuissance », avait déclaré le président du "
        "parti Les Républicains (LR) dimanche."
    )
    assert speaker(by_content(analyze(text), "Le gouvernement donne")) != "Les Républicains"


def test_regression_clitic_after_a_quotation_takes_the_subject_before_its_mark(analyze, by_content):
    text = (
        "« Nous ne pouvons pas laisser les migrants là-bas », a déclaré lundi soir Roberto Fico, "
        "président de la Chambre des députés. Matteo Salvini, ministre de l'Intérieur et chef de "
        "la Ligue, a cependant rejeté les critiques : « Les garde-côtes libyens ont secouru 611 "
        "migrants », a-t-il salué sur les réseaux sociaux."
    )
    assert speaker(by_content(analyze(text), "Les garde-côtes")) == "Matteo Salvini"


def test_regression_name_apposed_after_a_role_wins_over_the_role(analyze, by_content):
    text = (
        "Le secrétaire général de la CGT, Philippe Martinez, a critiqué la réforme. Le secrétaire "
        "général de la CGT-Cheminots (1er syndicat de la SNCF), Laurent Brun, a appelé à "
        "« renforcer la grève » après les annonces du Premier ministre."
    )
    assert speaker(by_content(analyze(text), "renforcer")) == "Laurent Brun"


def test_regression_a_group_subject_is_not_the_agent_named_before_it(analyze, by_content):
    text = (
        "Reçus à plusieurs reprises par le haut commissaire aux Retraites Jean-Paul Delevoye, les "
        "syndicats enseignants ont réclamé au gouvernement « un engagement solide » sur les "
        "salaires."
    )
    assert speaker(by_content(analyze(text), "au gouvernement")) == "les syndicats enseignants"


def test_fragments_are_no_speakers():
    from veille.components.quotes.resolve import fragment, phrase_fragment

    assert phrase_fragment("de la matinale de France Info")
    assert phrase_fragment("après les annonces du Premier ministre")
    assert phrase_fragment("2.000")
    assert fragment("des révélations")
    assert not fragment("le ministre de l'Intérieur")
    assert not fragment("les manifestants")


def test_regression_pronoun_opening_the_article_is_the_person_named_next(analyze, by_content):
    text = (
        "« Nous travaillons sur un livre noir de la crise sanitaire », a-t-elle déclaré à la "
        "presse à Hénin-Beaumont. « Le gouvernement a mal géré cette crise », a-t-elle "
        "poursuivi. Selon la députée du Pas-de-Calais, « un certain nombre de mesures vont "
        "dans le bon sens ». "
        "Mme Le Pen a aussi demandé des masques gratuits."
    )
    quotes = analyze(text)
    assert speaker(by_content(quotes, "Nous travaillons")) == "Le Pen"
    assert speaker(by_content(quotes, "« un certain")) == "Le Pen"


def test_regression_a_country_named_in_the_description_vetoes_another_president(
    analyze, by_content
):
    text = (
        "Donald Trump a salué jeudi la suspension de l'offensive turque. Le président turc Recep "
        "Tayyip Erdogan a accepté une trêve de cinq jours. « Des millions de vies vont être "
        "épargnées », a tweeté le président des Etats-Unis."
    )
    assert speaker(by_content(analyze(text), "Des millions")) == "Donald Trump"


def test_regression_cataphora_skips_a_name_in_the_pronouns_own_sentence(analyze, by_content):
    text = "Il a dit avoir parlé dans la matinée avec le président français Emmanuel Macron."
    assert speaker(by_content(analyze(text), "avoir parlé")) != "Emmanuel Macron"


# --- speaker resolution, round 2 (issue 13, item 2) -------------------------------------------


def test_regression_cette_derniere_is_the_feminine_noun_not_the_man_named_before(
    analyze, by_content
):
    text = (
        "Le président a réuni une quinzaine de dirigeants, dont l'Américain Donald Trump. "
        "« C'est l'avenir du Liban qui se joue », a déclaré Emmanuel Macron, appelant à une "
        "enquête sur les causes de la catastrophe. Cette dernière « a sonné comme un coup de "
        "tonnerre », a-t-il ajouté."
    )
    assert speaker(by_content(analyze(text), "Cette dernière")) == "Emmanuel Macron"


def test_regression_ce_dernier_is_still_the_man_named_last(analyze, by_content):
    text = (
        "Christophe Castaner a reçu Laurent Berger mardi. Ce dernier a déclaré que la réforme "
        "devait être retirée."
    )
    assert speaker(by_content(analyze(text), "la réforme")) == "Laurent Berger"


def test_regression_celui_ci_is_the_man_named_before_not_ci(analyze, by_content):
    text = (
        "Le ministre de l'Intérieur, Christophe Castaner, a rencontré les syndicats mardi. "
        "Celui-ci a affirmé que la sécurité serait renforcée."
    )
    assert speaker(by_content(analyze(text), "la sécurité")) == "Christophe Castaner"


def test_regression_selon_celle_ci_after_a_thing_stays_as_written(analyze, by_content):
    text = "Marine Le Pen a reçu la lettre mardi. Selon celle-ci, la réforme devait être retirée."
    assert speaker(by_content(analyze(text), "la réforme")) == "celle-ci"


def test_regression_figures_of_a_described_source_are_its_words(analyze, by_content):
    text = (
        "L'ONG Oxfam publie lundi son rapport annuel sur les inégalités. Selon les chiffres de "
        "l'ONG, 26 personnes disposent désormais d'autant d'argent que la moitié de l'humanité."
    )
    assert speaker(by_content(analyze(text), "26 personnes")) == "Oxfam"


def test_regression_results_published_by_a_named_body_are_its_words(analyze, by_content):
    text = (
        "Le vote « contre » recueille 21,27%, selon les résultats finaux diffusés jeudi par la "
        "Commission électorale centrale."
    )
    assert speaker(by_content(analyze(text), "Le vote")) == "Commission électorale centrale"


def test_regression_a_role_dangling_on_de_m_is_not_the_next_name_s(analyze, by_content):
    text = (
        "Donald Trump a salué l'accord jeudi. « Des millions de vies vont être épargnées », a "
        "tweeté le président des Etats-Unis. Mick Mulvaney, le chef de cabinet de M. Trump, a "
        "confirmé la visite."
    )
    assert speaker(by_content(analyze(text), "Des millions")) == "Donald Trump"


def test_regression_le_quotidien_is_the_daily_named_last_not_the_first(analyze, by_content):
    text = (
        "Selon Le Parisien, le secrétaire d'Etat serait candidat. « Une chose est sûre, il "
        "compte peser », a précisé son entourage au Figaro. Selon le quotidien, le parti aurait "
        "assuré qu'aucune décision ne serait prise avant le printemps."
    )
    assert speaker(by_content(analyze(text), "le parti aurait")) in ("Figaro", "Le Figaro")


def test_regression_l_hebdomadaire_is_the_weekly_named_not_the_daily(analyze, by_content):
    text = (
        "L'hebdomadaire Le Canard enchaîné et Le Monde ont publié des enquêtes. Selon "
        "l'hebdomadaire satirique, le ministre aurait menti."
    )
    assert speaker(by_content(analyze(text), "le ministre aurait")) == "Le Canard enchaîné"


def test_regression_la_cheffe_du_gouvernement_is_the_premiere_ministre(analyze, by_content):
    text = (
        "Élisabeth Borne, Première ministre, a reçu Laurent Berger. La cheffe du gouvernement a "
        "affirmé que la réforme serait maintenue."
    )
    assert speaker(by_content(analyze(text), "la réforme")) == "Élisabeth Borne"


def test_media_kinds_table_reads_nouns_and_names():
    from veille.components.quotes.resolve import _media_kinds

    kinds = _media_kinds()
    assert kinds["hebdomadaire"] == {"hebdomadaire"}
    assert kinds["le monde"] == {"quotidien"}
    assert "radio" in kinds["franceinfo"]
    assert a.role_key("cheffe du gouvernement") == a.role_key("premiere ministre")


def test_regression_l_insoumis_is_the_party_member_quoted_before(analyze, by_content):
    text = (
        "François Ruffin a réclamé mardi une réforme de la police. « C'est de la cosmétique », a "
        "dénoncé François Ruffin. Le contrôle d'identité « est considéré comme anodin alors que "
        "c'est l'acte qui fragilise le plus la confiance », a souligné l'Insoumis."
    )
    assert speaker(by_content(analyze(text), "Le contrôle")) == "François Ruffin"


def test_regression_il_y_is_the_pronoun_not_the_adverbial_clitic(analyze, by_content):
    text = (
        "Le Premier ministre Édouard Philippe a été interrogé sur France Inter. Il y a affirmé "
        "que la réforme serait maintenue."
    )
    assert speaker(by_content(analyze(text), "la réforme")) == "Édouard Philippe"


def test_complement_rewards_an_office_of_the_same_body_and_lifts_the_role_veto():
    martinez = person("Philippe Martinez", roles=("secretaire general de la cgt",))
    nunez = person("Laurent Nuñez", roles=("secretaire d'etat aupres du ministre de l'interieur",))
    patron = Query(1000, False, role="patron", complement="de la cgt")
    assert a.complement(patron, martinez, W) == W.complement
    assert a.role(patron, martinez, W) == 0.0  # not vetoed: the same body
    assert a.role(Query(1000, False, role="patron", complement="de la cfdt"), martinez, W) is None
    # the minister's secretary of state is not "of the Interior"
    ministre = Query(1000, False, role="ministre", complement="de l'interieur")
    assert a.complement(ministre, nunez, W) == 0.0


def test_regression_le_patron_de_la_cgt_is_its_secretary_general(analyze, by_content):
    text = (
        "Le secrétaire général de la CGT, Philippe Martinez, était reçu à Matignon avec Laurent "
        "Berger. Le patron de la CGT a affirmé que la grève continuerait."
    )
    assert speaker(by_content(analyze(text), "la grève")) == "Philippe Martinez"


def test_regression_a_role_with_an_apostrophe_is_read_whole(analyze, by_content):
    # "chef de l'Etat" was read as "chef" (the words split at the apostrophe), another office
    # than Erdogan's "président turc"
    text = (
        "Le président russe Vladimir Poutine a reçu le président turc Recep Tayyip Erdogan. "
        "Le chef de l'Etat turc a affirmé que la paix était proche."
    )
    assert speaker(by_content(analyze(text), "la paix")) == "Recep Tayyip Erdogan"


def test_regression_la_radio_is_not_the_agency_named_by_its_acronym(analyze, by_content):
    # "AFP" is the alias of Agence France-Presse, an agency: not the radio of "la radio"
    text = (
        "Le Premier ministre Boïko Borissov a refusé de démissionner, a-t-il déclaré à l'AFP. "
        "À Veliko Tarnovo, le discours de la présidente du parlement a été accompagné de cris "
        "« Démission ! », a annoncé la radio publique."
    )
    assert speaker(by_content(analyze(text), "À Veliko Tarnovo")) == "la radio publique"
