"""Attribution phrases (``selon X``, ``d'après X``, ``pour X``…) wherever they sit in the
sentence: regressions named after the error kinds of issue 13. Sentences written for these
tests in the style of French wire copy."""

from __future__ import annotations


def sources(quotes):
    return [
        (q.content, q.speaker.name if q.speaker else None)
        for q in quotes
        if q.type == "according_to"
    ]


def test_regression_hyphenated_name_does_not_cut_a_pour_phrase(analyze):
    quotes = analyze("Pour Dominique Strauss-Kahn, le Brexit est loin d'être une mauvaise idée.")
    found = sources(quotes)
    assert found == [("le Brexit est loin d'être une mauvaise idée", "Dominique Strauss-Kahn")]


def test_regression_two_figures_with_two_sources(analyze):
    text = (
        "Lors de la première journée, la manifestation a rassemblé entre 800.000 personnes selon "
        "la police et 1,9 million selon la CGT."
    )
    found = sources(analyze(text))
    assert found[0][0].endswith("entre 800.000 personnes") and "police" in found[0][1]
    assert found[1][0] == "1,9 million" and "CGT" in found[1][1]


def test_regression_abbreviation_in_parentheses_closes_a_final_source(analyze):
    text = (
        "Cinq correspondants n'ont pas pu renouveler leur carte de presse, selon le Syndicat "
        "national des journalistes (SNJ)."
    )
    found = sources(analyze(text))
    assert [c for c, _ in found] == [
        "Cinq correspondants n'ont pas pu renouveler leur carte de presse"
    ]


def test_regression_adverb_before_selon_is_not_the_content(analyze):
    found = sources(analyze("Ainsi, selon l'économiste, la croissance ralentira dès l'été."))
    assert [c for c, _ in found] == ["la croissance ralentira dès l'été"]


def test_regression_alors_que_before_selon_is_not_the_content(analyze):
    text = (
        "Les syndicats ont réclamé une revalorisation, alors que selon des simulations, un "
        "professeur perdrait 300 euros par mois."
    )
    quotes = analyze(text)
    assert [c for c, _ in sources(quotes)] == ["un professeur perdrait 300 euros par mois"]
    said = [q for q in quotes if q.type == "indirect"]
    assert [q.content for q in said] == ["une revalorisation"]


def test_regression_pour_after_a_short_introduction(analyze):
    text = "Néanmoins, pour le député Jean Dupuis, il faut viser plus large."
    assert [c for c, _ in sources(analyze(text))] == ["il faut viser plus large"]


def test_selon_mid_sentence_after_a_clause_attributes_the_clause_before(analyze):
    found = sources(analyze("Trois soldats ont été tués, selon l'armée, dans l'attaque du camp."))
    assert [c for c, _ in found] == ["Trois soldats ont été tués"]


def test_aux_yeux_de_opening_and_closing(analyze):
    assert [c for c, _ in sources(analyze("Aux yeux du ministre, la réforme est urgente."))] == [
        "la réforme est urgente"
    ]
    assert [c for c, _ in sources(analyze("La réforme est urgente aux yeux du ministre."))] == [
        "La réforme est urgente"
    ]


def test_regression_pour_qui_after_a_comma_is_the_view_of_the_antecedent(analyze):
    text = (
        "Interrogé sur les propos de l'épidémiologiste Jean Martin, pour qui le gouvernement "
        "va devoir « prendre des décisions difficiles », M. Macron a estimé que le conseil "
        "était dans son rôle."
    )
    found = sources(analyze(text))
    assert [c for c, _ in found] == [
        "le gouvernement va devoir « prendre des décisions difficiles »"
    ]


def test_pour_a_group_that_speaks_but_not_a_country(analyze):
    text = "Pour les syndicats, cette réforme est une provocation."
    assert [c for c, _ in sources(analyze(text))] == ["cette réforme est une provocation"]
    assert sources(analyze("Pour la France, c'est une victoire importante.")) == []


def test_regression_capitalised_name_tagged_as_a_verb_stays_in_the_source(analyze):
    text = "Le scrutin s'est déroulé sans incident, selon l'agence russe Ria Novosti."
    assert [c for c, _ in sources(analyze(text))] == ["Le scrutin s'est déroulé sans incident"]


def test_relayed_quote_is_two_quotes_the_medium_and_the_speaker(analyze):
    text = (
        "« Il n'y aura pas de référendum le même jour », a dit Richard Ferrand, selon des "
        "propos rapportés par la radio."
    )
    quotes = analyze(text)
    direct = [q for q in quotes if q.type == "direct"]
    assert [q.content for q in direct] == ["Il n'y aura pas de référendum le même jour"]
    assert direct[0].via is not None
    assert [c for c, _ in sources(quotes)] == [
        "« Il n'y aura pas de référendum le même jour », a dit Richard Ferrand"
    ]


def test_quote_before_a_source_that_is_no_medium_is_not_relayed(analyze):
    text = "Le ministre a affirmé que la réforme serait votée, selon un communiqué."
    quotes = analyze(text)
    assert [q.type for q in quotes] == ["indirect"]


def test_relayed_indirect_quote_before_an_inverted_medium(analyze):
    text = (
        "Le président de l'Assemblée, Richard Ferrand, a assuré en privé qu'il n'y aurait pas "
        "de référendum le 26 mai, rapporte la radio RTL."
    )
    quotes = analyze(text)
    assert sorted(q.content for q in quotes) == [
        "Le président de l'Assemblée, Richard Ferrand, a assuré en privé qu'il n'y aurait pas "
        "de référendum le 26 mai",
        "il n'y aurait pas de référendum le 26 mai",
    ]


def test_regression_adverbs_without_comma_before_selon_are_not_the_content(analyze):
    for text in (
        "Toujours selon le ministère, plus de 300 policiers ont été mobilisés.",
        "Par ailleurs selon la préfecture, trois personnes ont été interpellées.",
    ):
        found = sources(analyze(text))
        assert len(found) == 1
        assert found[0][0].startswith(("plus de 300", "trois personnes")), found


def test_regression_selon_between_commas_before_a_complement_vouches_for_the_rest(analyze):
    quotes = analyze("Le bilan s'élève, selon lui, à 12 morts et une centaine de blessés.")
    assert [c for c, _ in sources(quotes)] == ["à 12 morts et une centaine de blessés"]


def test_regression_selon_between_commas_after_a_preposition_vouches_for_the_rest(analyze):
    quotes = analyze(
        "Ces violences ont fait suite à l'agression d'un adolescent par, selon eux, "
        "des habitants des Grésilles."
    )
    assert [c for c, _ in sources(quotes)] == ["des habitants des Grésilles"]


def test_regression_selon_between_commas_before_an_infinitive_complement(analyze):
    quotes = analyze(
        "La candidature du ministre aurait l'avantage, selon ses supporters, "
        "d'avoir une image de gauche."
    )
    assert sources(quotes) == [("d'avoir une image de gauche", "ses supporters")]


def test_selon_between_commas_before_a_new_clause_keeps_what_follows(analyze):
    quotes = analyze("Au cours de cette opération, selon le préfet, 42 bâtiments ont été visités.")
    assert [c for c, _ in sources(quotes)] == ["42 bâtiments ont été visités"]


def test_regression_source_between_commas_before_a_place_adjunct_keeps_the_clause(analyze):
    quotes = analyze("Le convoi a été attaqué, de source militaire, à la sortie de la ville.")
    assert [c for c, _ in sources(quotes)] == ["Le convoi a été attaqué"]
