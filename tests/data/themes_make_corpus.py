# ruff: noqa: E501  (phrase tables read better unwrapped)
"""Generate tests/data/themes_corpus.jsonl: labelled Dutch signal texts per theme.

Run from the repo root: .venv/bin/python tests/data/themes_make_corpus.py
Texts are built from per-theme phrases mixed with generic sentences that occur
in every theme, so a classifier has to pick up the telling words.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PER_THEME = 60
OUT = Path(__file__).with_name("themes_corpus.jsonl")

PHRASES: dict[str, list[str]] = {
    "wonen": [
        "gezinnen vinden geen betaalbare huurwoning",
        "de wachtlijst voor een sociale woning is jaren lang",
        "huurprijzen stijgen sneller dan het inkomen",
        "verhuurders weigeren mensen met een leefloon",
        "de huurwaarborg is niet op te brengen",
        "kamers worden verhuurd tegen woekerprijzen",
        "de huurpremie komt veel te laat",
    ],
    "woonkwaliteit": [
        "de woning zit vol vocht en schimmel",
        "de verhuurder voert geen renovatie uit",
        "er is geen conformiteitsattest voor de woning",
        "de verwarming valt steeds uit",
        "ramen sluiten niet en de isolatie ontbreekt",
        "kinderen worden ziek door de slechte woning",
        "het dak lekt al maanden",
    ],
    "dakloosheid": [
        "de nachtopvang zit elke avond vol",
        "mensen slapen op straat in de winter",
        "er is te weinig woonbegeleiding na de opvang",
        "jongeren belanden dakloos na de jeugdhulp",
        "de winteropvang sluit te vroeg",
        "thuislozen vinden geen postadres",
    ],
    "energie": [
        "de energiefactuur is onbetaalbaar geworden",
        "een budgetmeter wordt geplaatst zonder uitleg",
        "gezinnen zitten in de kou omdat gas duur is",
        "de waterfactuur stapelt zich op",
        "afsluiting van elektriciteit dreigt",
        "het sociaal tarief voor energie is onbekend",
    ],
    "werk": [
        "langdurig werkzoekenden vinden geen job",
        "de vdab begeleiding sluit niet aan",
        "er zijn te weinig plaatsen in de sociale economie",
        "sollicitaties lopen vast op taal",
        "activering voelt als controle",
        "werkervaringsplaatsen zijn schaars",
    ],
    "arbeidsvoorwaarden": [
        "onderaannemers betalen te lage lonen",
        "interimcontracten volgen elkaar op",
        "schoonmakers bij uitbesteding hebben slechte arbeidsvoorwaarden",
        "werknemers van onderaannemers kennen hun rechten niet",
        "de arbeidsvoorwaarden bij de uitbesteding worden niet gecontroleerd",
    ],
    "inkomen": [
        "het leefloon volstaat niet om rond te komen",
        "schulden lopen op door incassokosten",
        "gezinnen wachten op een voedselpakket",
        "de sociale kruidenier heeft te weinig aanbod",
        "budgetbeheer duurt jaren",
        "aanvullende financiële hulp verschilt per maatschappelijk werker",
    ],
    "gezondheid": [
        "mensen stellen een bezoek aan de huisarts uit",
        "de tandarts is onbetaalbaar",
        "medicatie wordt niet gekocht wegens geldgebrek",
        "de ziekteverzekering is niet in orde",
        "de wachttijd in het ziekenhuis is lang",
        "er zijn te weinig huisartsen die nieuwe patiënten aanvaarden",
    ],
    "mentaal_welzijn": [
        "de wachtlijst voor een psycholoog is maanden lang",
        "jongeren met angst en depressie vinden geen hulp",
        "psychische crisis wordt niet opgevangen",
        "de geestelijke gezondheidszorg is moeilijk bereikbaar",
        "mentale problemen blijven verborgen door schaamte",
    ],
    "drugs": [
        "drugsgebruik in het park neemt toe",
        "er is te weinig aanbod voor verslaving",
        "spuiten liggen rond op het speelplein",
        "schadebeperking voor gebruikers ontbreekt",
        "wachtlijsten voor verslavingszorg zijn lang",
    ],
    "onderwijs": [
        "schoolkosten zijn te hoog voor gezinnen",
        "leerlingen worden verkeerd georiënteerd",
        "de inschrijving in een school verloopt digitaal en moeilijk",
        "volwassenenonderwijs heeft lange wachtlijsten",
        "leerkrachten merken honger in de klas",
        "schoolreizen worden niet betaald",
    ],
    "gezin_kind": [
        "er zijn te weinig plaatsen in de kinderopvang",
        "de crèche is te duur voor alleenstaande ouders",
        "kinderen groeien op in armoede",
        "ouders vinden geen steun bij de opvoeding",
        "de baby heeft geen luiers of melk",
        "opvang voor kinderen van werkzoekende ouders ontbreekt",
    ],
    "vrije_tijd": [
        "kinderen kunnen niet sporten door de kosten",
        "de uitpas is onbekend bij gezinnen",
        "jeugdwerk is niet bereikbaar in de wijk",
        "cultuur blijft te duur",
        "vakantie is voor veel gezinnen onmogelijk",
        "sportclubs vragen hoge lidgelden",
    ],
    "eenzaamheid_ontmoeting": [
        "ouderen zitten eenzaam thuis",
        "er is geen ontmoetingsplek in de buurt",
        "buren kennen elkaar niet meer",
        "sociaal isolement neemt toe na de verhuis",
        "mensen hebben niemand om mee te praten",
    ],
    "participatie": [
        "bewoners worden niet betrokken bij plannen",
        "inspraakmomenten zijn niet toegankelijk",
        "de bewonersvergadering bereikt enkel dezelfde mensen",
        "participatie gebeurt te laat in het proces",
        "mensen in armoede worden niet gehoord",
    ],
    "middenveld": [
        "verenigingen vinden geen lokaal",
        "subsidies voor kleine vzw's worden geschrapt",
        "de ruimte voor zelforganisaties verdwijnt",
        "het middenveld krijgt te weinig ondersteuning",
        "verenigingen verdrinken in administratie",
    ],
    "vrijwilligers": [
        "er zijn te weinig vrijwilligers voor de werking",
        "vrijwilligerswerk wordt gecontroleerd door de rva",
        "vrijwilligers raken overbelast",
        "de vrijwilligersvergoeding is te laag",
        "nieuwe vrijwilligers haken snel af",
    ],
    "mobiliteit": [
        "de bus rijdt niet meer naar de wijk",
        "tramtickets zijn te duur",
        "mensen missen afspraken door slecht openbaar vervoer",
        "fietsen is onveilig op de steenweg",
        "vervoersarmoede sluit mensen uit",
        "parkeren bij het ziekenhuis is onbetaalbaar",
    ],
    "afval_netheid": [
        "sluikstort ligt overal in de straat",
        "vuilniszakken zijn te duur",
        "het containerpark is niet bereikbaar zonder auto",
        "afval wordt niet opgehaald",
        "de netheid van de buurt gaat achteruit",
    ],
    "publieke_ruimte": [
        "het plein is slecht verlicht",
        "er is overlast van lawaai 's nachts",
        "het speelplein is kapot",
        "er zijn te weinig zitbanken in het park",
        "de publieke ruimte voelt onveilig",
    ],
    "politie": [
        "de politie komt niet bij meldingen",
        "jongeren voelen zich geviseerd door agenten",
        "geweld in de straat wordt niet aangepakt",
        "diefstallen worden niet opgevolgd",
        "het vertrouwen in de politie is laag",
    ],
    "discriminatie": [
        "huurders worden gediscrimineerd om hun naam",
        "racisme op de werkvloer wordt niet gemeld",
        "vooroordelen sluiten mensen uit bij sollicitaties",
        "discriminatie op de woningmarkt blijft bestaan",
        "meldingen van racisme worden niet opgevolgd",
    ],
    "gender_lgbtqia": [
        "transgender jongeren worden gepest",
        "seksuele intimidatie op straat neemt toe",
        "holebi's vinden geen veilige plek",
        "vrouwen voelen zich onveilig 's avonds",
        "genderidentiteit wordt niet gerespecteerd bij diensten",
    ],
    "toegankelijkheid": [
        "het loket is niet toegankelijk met een rolstoel",
        "er is geen lift in het gebouw",
        "drempels maken de dienst onbereikbaar",
        "mensen met een beperking kunnen de bus niet nemen",
        "websites zijn niet toegankelijk voor blinden",
    ],
    "migratie_verblijf": [
        "mensen zonder papieren vinden geen hulp",
        "de verblijfsvergunning wordt niet verlengd",
        "asielzoekers wachten lang op opvang",
        "het inburgeringstraject heeft wachtlijsten",
        "nieuwkomers verliezen hun verblijfsrecht",
    ],
    "dienstverlening_rechten": [
        "mensen kennen hun rechten niet",
        "toeslagen worden niet automatisch toegekend",
        "het ocmw loket werkt enkel op afspraak",
        "formulieren zijn te ingewikkeld",
        "onderbescherming blijft groot",
        "papierwerk schrikt mensen af",
    ],
    "regie_samenwerking": [
        "hulpverleners werken langs elkaar heen",
        "doorverwijzing tussen diensten loopt mis",
        "er is geen overleg tussen de partners",
        "de sociale regie in de wijk ontbreekt",
        "cliënten moeten hun verhaal steeds opnieuw vertellen",
    ],
    "taal_communicatie": [
        "brieven van de stad zijn onbegrijpelijk",
        "er is geen tolk beschikbaar",
        "anderstaligen begrijpen de uitleg niet",
        "de communicatie is te moeilijk nederlands",
        "sociaal tolken is te duur voor organisaties",
    ],
    "digitaal": [
        "mensen zonder computer kunnen hun facturen niet betalen",
        "afspraken kunnen enkel online",
        "het digipunt is gesloten",
        "printen van documenten kost te veel",
        "ouderen raken niet weg met de app",
        "internet is te duur voor gezinnen",
    ],
    "justitie": [
        "ex-gedetineerden vinden geen woning na de gevangenis",
        "de advocaat pro deo is moeilijk bereikbaar",
        "re-integratie na detentie loopt mis",
        "rechtbankkosten zijn te hoog",
        "gevangenen verliezen hun uitkering",
    ],
    "armoede_algemeen": [
        "armoede wordt nog altijd gestigmatiseerd",
        "sensibilisering over armoede ontbreekt",
        "mensen schamen zich voor hun armoede",
        "het armoedebeleid bereikt de doelgroep niet",
        "armoede wordt doorgegeven van generatie op generatie",
    ],
}

OPENERS = [
    "We stellen vast dat",
    "Steeds vaker merken we dat",
    "In onze werking zien we dat",
    "Meerdere bezoekers vertellen dat",
    "Sinds enkele maanden blijkt dat",
    "Onze medewerkers zien dat",
]
GENERIC = [
    "Dit treft vooral kwetsbare gezinnen.",
    "Het probleem speelt in verschillende wijken.",
    "De situatie verslechtert sinds vorig jaar.",
    "Mensen weten niet waar ze terecht kunnen.",
    "We zien dit bij jong en oud.",
    "Hulpverleners staan machteloos.",
    "Het gaat om tientallen mensen per maand.",
    "Er is nood aan een structurele oplossing.",
]
SOLUTIONS = [
    "Een duidelijke aanpak door de stad.",
    "Meer middelen en personeel.",
    "Een vast aanspreekpunt in de wijk.",
    "Betere informatie voor de doelgroep.",
]


def generate(per_theme: int = PER_THEME, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    codes = list(PHRASES)
    for code in codes:
        for _ in range(per_theme):
            first, second = rng.sample(PHRASES[code], 2)
            themes = [code]
            extra = ""
            if rng.random() < 0.15:  # some signals touch two themes
                other = rng.choice([c for c in codes if c != code])
                themes.append(other)
                extra = " Daarnaast " + rng.choice(PHRASES[other]) + "."
            title = first[0].upper() + first[1:]
            description = (
                f"{rng.choice(OPENERS)} {first}. {rng.choice(GENERIC)} "
                f"Ook {second}. {rng.choice(GENERIC)}{extra}"
            )
            rows.append(
                {
                    "title": title,
                    "description": description,
                    "proposed_solution": rng.choice(SOLUTIONS),
                    "themes": themes,
                }
            )
    rng.shuffle(rows)
    return rows


if __name__ == "__main__":
    with OUT.open("w", encoding="utf-8") as fh:
        for row in generate():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")
