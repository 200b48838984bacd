"""veille.demonyms: nationality adjectives and compounds → ISO2, with offsets."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from babel import Locale

from veille import demonyms
from veille.demonyms import (
    country_of,
    entries,
    feminine_of,
    find_country_refs,
    plural_of,
    split_compound,
)
from veille.lexicon import LexiconError, read_table

# The 193 member states of the United Nations.
_UN_MEMBERS = (
    "AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD "
    "CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA "
    "GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI "
    "KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU "
    "MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA "
    "SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA "
    "UG US UY UZ VC VE VN VU WS YE ZA ZM ZW"
)
UN_MEMBERS = _UN_MEMBERS.split()


def refs(text: str) -> list[tuple[str, str]]:
    """find_country_refs as (surface, ISO2), after checking the offsets give the surface."""
    out = []
    for start, end, country in find_country_refs(text):
        surface = text[start:end]
        assert surface.strip() == surface and surface, (start, end)
        out.append((surface, country))
    return out


# ---------------------------------------------------------------------------------------------
# The table


def test_every_row_loads_and_validates():
    rows = entries()
    assert len(rows) == len(read_table("demonyms.tsv"))
    countries = [d.country for d in rows]
    assert len(set(countries)) == len(countries)
    assert len(UN_MEMBERS) == 193
    assert set(UN_MEMBERS) <= set(countries)
    assert set(countries) - set(UN_MEMBERS) == {"PS", "VA", "XK", "TW"}
    territories = Locale("fr").territories
    for d in rows:
        assert d.country in territories
        # every row is reachable: one of its adjectives, in every inflection, names the country
        assert any(country_of(a) == d.country for a in d.adjectives), d
        assert all(country_of(f) == d.country for f in d.forms - d.shared), d
        for p in d.prefixes:
            word = f"{p}-russe"
            assert split_compound(word) == [(0, len(p), d.country), (len(p) + 1, len(word), "RU")]


def test_table_header_names_sources_and_licence():
    from importlib import resources

    text = resources.files("veille.lexicon").joinpath("demonyms.tsv").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for needed in ("CLDR", "Babel", "Liste de gentilés", "CC BY-SA", "Licence"):
        assert needed in header


def test_load_is_cached():
    assert entries() is entries()


# ---------------------------------------------------------------------------------------------
# Inflection rules


@pytest.mark.parametrize(
    "masculine, feminine",
    [
        ("russe", "russe"),
        ("syrien", "syrienne"),
        ("coréen", "coréenne"),
        ("français", "française"),
        ("chinois", "chinoise"),
        ("américain", "américaine"),
        ("afghan", "afghane"),
        ("émirati", "émiratie"),
        ("espagnol", "espagnole"),
        ("allemand", "allemande"),
        ("kosovar", "kosovare"),
    ],
)
def test_feminine_by_rule(masculine, feminine):
    assert feminine_of(masculine) == feminine


@pytest.mark.parametrize("masculine", ["turc", "grec", "letton", "hébreu", "lao", "burkinabè"])
def test_feminine_rule_refuses_irregular_endings(masculine):
    with pytest.raises(ValueError, match="feminine"):
        feminine_of(masculine)


@pytest.mark.parametrize(
    "singular, plural",
    [
        ("russe", "russes"),
        ("syrienne", "syriennes"),
        ("français", "français"),
        ("kirghiz", "kirghiz"),
        ("boréal", "boréaux"),
        ("hébreu", "hébreux"),
        ("turc", "turcs"),
    ],
)
def test_plural_by_rule(singular, plural):
    assert plural_of(singular) == plural


# ---------------------------------------------------------------------------------------------
# country_of


@pytest.mark.parametrize(
    "word, country",
    [
        # -e: same in both genders
        ("russe", "RU"),
        ("russes", "RU"),
        ("belges", "BE"),
        ("britannique", "GB"),
        # -ien / -éen → -ienne / -éenne
        ("syrien", "SY"),
        ("syrienne", "SY"),
        ("syriens", "SY"),
        ("syriennes", "SY"),
        ("nord-coréen", "KP"),
        ("nord-coréennes", "KP"),
        ("sud-coréens", "KR"),
        ("érythréenne", "ER"),
        # -ais / -ois: masculine plural unchanged
        ("français", "FR"),
        ("française", "FR"),
        ("françaises", "FR"),
        ("libanaises", "LB"),
        ("chinoises", "CN"),
        # -ain, -an, -in, -ol, -and, -i: + e
        ("américains", "US"),
        ("américaine", "US"),
        ("afghanes", "AF"),
        ("kényanes", "KE"),
        ("argentine", "AR"),
        ("philippins", "PH"),
        ("espagnoles", "ES"),
        ("mongole", "MN"),
        ("allemandes", "DE"),
        ("émiratis", "AE"),
        ("émiraties", "AE"),
        # irregular forms spelled out in the table
        ("turc", "TR"),
        ("turque", "TR"),
        ("turques", "TR"),
        ("grecque", "GR"),
        ("grecs", "GR"),
        ("lettone", "LV"),
        ("lettonnes", "LV"),
        ("nipponne", "JP"),
        ("hébraïque", "IL"),
        ("hébreux", "IL"),
        ("ouzbèke", "UZ"),
        ("burkinabè", "BF"),
        ("burkinabés", "BF"),
        ("lao", "LA"),
        ("kirghiz", "KG"),
        ("suissesse", "CH"),
        ("saoudite", "SA"),
        ("chypriote-turque", "CY"),
        ("papouane-néo-guinéenne", "PG"),
        # the noun of inhabitants is the capitalised adjective; case does not matter
        ("Russes", "RU"),
        ("Nord-Coréens", "KP"),
        ("Américain", "US"),
        ("NORD-CORÉEN", "KP"),
        ("TURQUE", "TR"),
        # accentless press spellings
        ("israelien", "IL"),
        ("egyptien", "EG"),
        ("Egyptiens", "EG"),
        ("nord-coreen", "KP"),
        ("emiratis", "AE"),
        # non-breaking hyphen
        ("nord\u2011coréen", "KP"),
        # near neighbours
        ("nigérien", "NE"),
        ("nigérienne", "NE"),
        ("nigérian", "NG"),
        ("nigérianes", "NG"),
        ("nigerien", "NE"),
        ("nigerian", "NG"),
        ("malien", "ML"),
        ("malawite", "MW"),
        ("guinéen", "GN"),
        ("équato-guinéen", "GQ"),
        ("bissau-guinéen", "GW"),
        ("soudanais", "SD"),
        ("sud-soudanais", "SS"),
        ("dominicain", "DO"),
        ("dominiquais", "DM"),
        ("indien", "IN"),
        # documented choices
        ("congolais", "CD"),
        ("congolaises", "CD"),
        ("congo-brazzavillois", "CG"),
        ("anglais", "GB"),
        ("palestiniens", "PS"),
        ("kosovars", "XK"),
        ("taïwanais", "TW"),
    ],
)
def test_country_of(word, country):
    assert country_of(word) == country


@pytest.mark.parametrize(
    "word",
    [
        "président",
        "ministre",
        "arabe",
        "kurde",
        "kurdes",
        "européen",
        "européennes",
        "africain",
        "occidental",
        "malin",
        "France",
        "Chine",
        "Turquie",
        "laos",  # lao is invariable: no feminine plural "laos"
        "turce",  # the rule is not applied to irregular rows
        "russo",  # a combining form alone is no demonym
        "russo-turc",  # compounds: split_compound
        "coréen",  # North or South: ambiguous
        "Coréens",
        "israèlien",  # accents, when written, must be right
        "russe,",
        "",
    ],
)
def test_country_of_none(word):
    assert country_of(word) is None


# ---------------------------------------------------------------------------------------------
# split_compound


@pytest.mark.parametrize(
    "word, expected",
    [
        ("russo-irano-turque", [(0, 5, "RU"), (6, 11, "IR"), (12, 18, "TR")]),
        ("franco-allemand", [(0, 6, "FR"), (7, 15, "DE")]),
        ("israélo-palestinien", [(0, 7, "IL"), (8, 19, "PS")]),
        ("-irano-turque", [(1, 6, "IR"), (7, 13, "TR")]),
        ("sino-américaines", [(0, 4, "CN"), (5, 16, "US")]),
        ("Sino-Américains", [(0, 4, "CN"), (5, 15, "US")]),
        ("russe", [(0, 5, "RU")]),
        ("Nord-Coréens", [(0, 12, "KP")]),
        ("américano-nord-coréen", [(0, 9, "US"), (10, 21, "KP")]),
        ("austro-hongrois", [(0, 6, "AT"), (7, 15, "HU")]),
        ("indo-pakistanais", [(0, 4, "IN"), (5, 16, "PK")]),
        ("anglo-américaine", [(0, 5, "GB"), (6, 16, "US")]),
        ("luso-brésilien", [(0, 4, "PT"), (5, 14, "BR")]),
        ("helvéto-italienne", [(0, 7, "CH"), (8, 17, "IT")]),
        ("israelo-palestinien", [(0, 7, "IL"), (8, 19, "PS")]),
        ("russo\u2011ukrainien", [(0, 5, "RU"), (6, 15, "UA")]),
        ("rwando-congolaise", [(0, 6, "RW"), (7, 17, "CD")]),
        ("nigéro-nigérian", [(0, 6, "NE"), (7, 15, "NG")]),
    ],
)
def test_split_compound(word, expected):
    assert split_compound(word) == expected


def test_split_compound_offsets_give_the_elements():
    word = "-russo-irano-turques"
    assert [(word[s:e], c) for s, e, c in split_compound(word)] == [
        ("russo", "RU"),
        ("irano", "IR"),
        ("turques", "TR"),
    ]


@pytest.mark.parametrize(
    "word",
    [
        "président",
        "arabo-musulman",  # partly unknown
        "judéo-chrétien",
        "anglo-saxon",
        "indo-européen",
        "pro-russe",
        "russo-",
        "Franco",  # a combining form alone (and a surname)
        "sino-coréen",  # ambiguous element
        "turque-russe",  # only the last element may be a full adjective
        "-",
        "",
    ],
)
def test_split_compound_rejects(word):
    assert split_compound(word) == []


# ---------------------------------------------------------------------------------------------
# find_country_refs on real sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Poutine a souligné que la coopération tripartite russo-irano-turque a joué un rôle "
            "important dans le règlement de la crise syrienne.",
            [("russo", "RU"), ("irano", "IR"), ("turque", "TR"), ("syrienne", "SY")],
        ),
        (
            "Lors de sa rencontre avec le ministre russe de la Défense, Sergueï Choïgou, Poutine "
            "a dit…",
            [("russe", "RU")],
        ),
        (
            "Il a insisté sur le rôle des deux présidents turc et iranien.",
            [("turc", "TR"), ("iranien", "IR")],
        ),
        ("Les forces syriennes ont repris le contrôle d’Alep.", [("syriennes", "SY")]),
        (
            "Le dirigeant nord-coréen Kim Jong-un a rencontré le président sud-coréen.",
            [("nord-coréen", "KP"), ("sud-coréen", "KR")],
        ),
        (
            "Les autorités sud-africaines ont confirmé l'arrestation.",
            [("sud-africaines", "ZA")],
        ),
        (
            "Une délégation franco-allemande s'est rendue à Kiev lundi.",
            [("franco", "FR"), ("allemande", "DE")],
        ),
        (
            "Les négociations sur l'accord israélo-palestinien sont au point mort.",
            [("israélo", "IL"), ("palestinien", "PS")],
        ),
        (
            "L'Américain a rencontré des milliers d’Iraniens et les Nord-Coréens.",
            [("Américain", "US"), ("Iraniens", "IR"), ("Nord-Coréens", "KP")],
        ),
        (
            "Les Russes et les Syriens ont bombardé la ville, selon des Egyptiens.",
            [("Russes", "RU"), ("Syriens", "SY"), ("Egyptiens", "EG")],
        ),
        (
            "Six Français et un Nigérien travaillant pour l'ONG ont été tués au Niger.",
            [("Français", "FR"), ("Nigérien", "NE")],
        ),
        (
            "Le sommet américano\u2011nord\u2011coréen s'est tenu à Singapour.",
            [("américano", "US"), ("nord\u2011coréen", "KP")],
        ),
        (
            "Les autorités congolaises et rwandaises ont signé un accord à Luanda.",
            [("congolaises", "CD"), ("rwandaises", "RW")],
        ),
        (
            "Le gouvernement philippin a convoqué l'ambassadeur de Chine.",
            [("philippin", "PH")],
        ),
        ("Les Suisses votent dimanche ; la Suisse reste neutre.", [("Suisses", "CH")]),
        (
            "Le Premier ministre indien s'est rendu dans l'océan Indien.",
            [("indien", "IN")],
        ),
        (
            "Le texte, rédigé en russe et en anglais, a été signé par le ministre russe.",
            [("russe", "RU")],
        ),
    ],
)
def test_find_country_refs(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le président a dit que le ministre viendrait.",
        "La France et la Chine ont appelé la Turquie au calme.",
        "Les combattants kurdes et les pays arabes, selon le Conseil européen.",
        "La civilisation arabo-musulmane et les valeurs judéo-chrétiennes.",
        "Les séparatistes pro-russes contrôlent la région.",
        "Le régime coréen ? Les deux Corées ne sont pas nommées ainsi.",
        "L'Argentine, les Philippines, la Suisse et le Vatican ont voté pour.",
        "Une partie de roulette russe, un vrai casse-tête chinois.",
        "Le projet a été renvoyé aux calendes grecques.",
        "Il a servi de tête de Turc à l'opposition.",
        "Dans l'océan Indien, les îles sont menacées.",
        "Le communiqué a été publié en français.",
        "Arabie, Kurdistan, Europe.",
        "",
    ],
)
def test_find_country_refs_negatives(text):
    assert refs(text) == []


def test_offsets_survive_typography():
    text = "«\u00a0Les autorités\u00a0nord\u2011coréennes\u00a0» ont prévenu l’Américain."
    found = find_country_refs(text)
    assert [(text[s:e], c) for s, e, c in found] == [
        ("nord\u2011coréennes", "KP"),
        ("Américain", "US"),
    ]


def test_idiom_does_not_hide_a_later_reference():
    text = "Après cette roulette russe, le ministre russe a démissionné."
    found = find_country_refs(text)
    assert len(found) == 1
    start, end, country = found[0]
    assert (text[start:end], country) == ("russe", "RU")
    assert start == text.index("russe a démissionné")


# ---------------------------------------------------------------------------------------------
# Load-time validation: a bad one-line data change fails loudly


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Swap the table for the given rows (dicts with some of the columns)."""

    def use(*rows: dict[str, str]) -> None:
        columns = ("country", "adjective", "feminine", "plural", "prefix", "idioms")
        full = tuple({c: row.get(c, "") for c in columns} for row in rows)
        monkeypatch.setattr(demonyms, "read_table", lambda name: full)
        demonyms._load.cache_clear()

    yield use
    demonyms._load.cache_clear()


def test_small_table_loads(table):
    table(
        {"country": "RU", "adjective": "russe", "prefix": "russo"},
        {"country": "KP", "adjective": "nord-coréen|?coréen"},
        {"country": "KR", "adjective": "sud-coréen|?coréen"},
        {"country": "TR", "adjective": "turc", "feminine": "turque"},
    )
    assert len(entries()) == 4
    assert country_of("coréennes") is None
    assert country_of("turques") == "TR"
    assert split_compound("russo-turque") == [(0, 5, "RU"), (6, 12, "TR")]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"country": "QQ", "adjective": "quux"}], "not an ISO 3166-1"),
        ([{"country": "EU", "adjective": "européen"}], "not an ISO 3166-1"),
        (
            [{"country": "RU", "adjective": "russe"}, {"country": "RU", "adjective": "moscovite"}],
            "second row",
        ),
        ([{"country": "TR", "adjective": "turc"}], "give the feminine column"),
        ([{"country": "RU", "adjective": "Russe"}], "malformed form"),
        ([{"country": "RU", "adjective": "russe", "prefix": "russ"}], "does not end in -o"),
        ([{"country": "RU", "adjective": "russe", "idioms": "salade niçoise"}], "idiom"),
        (
            [
                {"country": "CD", "adjective": "congolais"},
                {"country": "CG", "adjective": "congolais"},
            ],
            "claimed by CD, CG",
        ),
        ([{"country": "CD", "adjective": "?congolais"}], "marked \\?"),
        ([{"country": "FR", "adjective": ""}], "no adjective"),
    ],
)
def test_bad_rows_fail_at_load(table, rows, message):
    table(*rows)
    with pytest.raises(LexiconError, match=message):
        entries()
