# ruff: noqa: E501  (sentence tables read better unwrapped)
"""Generate tests/data/pii_corpus.jsonl (labelled personal-data corpus).

Reproducible: fixed random seed. Run from the repository root:

    .venv/bin/python tests/data/pii_make_corpus.py

Texts are built from templates + fillers; gold spans are recorded while the
text is assembled, so offsets are exact. The name/street fillers below are a
separate list from signalen/privacy/data/*.txt: a good share of the surnames
and some first names are deliberately NOT in the detector's lists, so they
must be found through context (titles, a preceding first name, particles).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from stdnum import iban as _iban
from stdnum.be import bis as _bis
from stdnum.be import nn as _nn

SEED = 20240611
OUT = Path(__file__).with_name("pii_corpus.jsonl")
N_LONG_CLEAN = 300
N_LONG_PII = 160

# ---------------------------------------------------------------- fillers --
FIRST = [
    "Fatima",
    "Mohamed",
    "Yasmine",
    "Ilias",
    "Aicha",
    "Youssef",
    "Hanne",
    "Jens",
    "Sofie",
    "Kevin",
    "Ayse",
    "Mehmet",
    "Elif",
    "Murat",
    "Agnieszka",
    "Piotr",
    "Katarzyna",
    "Georgi",
    "Desislava",
    "Ionut",
    "Florentina",
    "Marek",
    "Zuzana",
    "Ladislav",
    "Dezider",
    "Ruzena",
    "Gejza",
    "Erika",
    "Jozef",
    "Mbuyi",
    "Merveille",
    "Dieudonne",
    "Patience",
    "Grace-Divine",
    "Ahmad",
    "Zarghona",
    "Mirwais",
    "Shabnam",
    "Rahmatullah",
    "Ghulam",
    "Bashar",
    "Rasha",
    "Aya",
    "Yamen",
    "Tesfaye",
    "Semhar",
    "Yonas",
    "Luwam",
    "Abrehet",
    "Nigisti",
    "Kidist",
    "Amanuel",
    "Senait",
    "Ward",
    "Jolien",
    "Brecht",
    "Nathalie",
    "Marleen",
    "Dirk",
    "Luc",
    "Annemie",
    "Rudy",
    "Gert",
    "Sevda",
    "Hatice",
    "Cem",
    "Leyla",
    "Noureddine",
    "Souad",
    "Karima",
    "Latifa",
    "Bilal",
    "Hamza",
    "Soukaina",
    "Ikram",
    "Zineb",
    "Khadija",
    "Nermin",
    "Zouhaira",
    "Florin",
    "Valentina",
    "Nadezhda",
    "Cristiana",
    "Tsehaye",
    "Fikre",
    "Habtom",
    "Kibrom",
    "Mustafa",
    "Yusuf",
    "Zeynep",
    "Ibrahim",
    "Oksana",
    "Bohdan",
    "Iryna",
    "Jonas",
    "Lotte",
    "Femke",
    "Gilles",
    "Stijn",
    "Veerle",
    "Godelieve",
    "Achiel",
    "Marcel",
    "Omer",
    "Amina",
    "Nour",
    "Hiba",
    "Salma",
    "Ayoub",
    "Adil",
    "Reda",
]


def _surnames() -> list[str]:
    raw = """De Smet|Peeters|Janssens|Vandenberghe|Van Damme|De Clercq|Verhaeghe|
    Claeys|El Amrani|Benali|Yilmaz|Kaya|Demir|Öztürk|Nowak|Kowalska|Ivanova|Petrov|
    Popescu|Lăcătuș|Horváth|Mbuyi|Kabongo|Ahmadi|Haidari|Al-Khatib|Darwish|Tesfay|
    Ghebremedhin|El Idrissi|Ait Ouali|Ben Salah|Van den Bossche|Vande Velde|D'Hondt|
    Van Speybroeck|De Ruyck|Verdegem|Vanhaverbeke|Lahbib|Ouahabi|Taouil|Boukhrissi|
    Kahramanoglu|Dzhambazova|Gheorghiță|Wisniewska|Sarközi|Ferkova|Mavinga|
    Lumbala|Nsengiyumva|Sultani|Rezai|Haddadin|Sabbagh|Weldemichael|Habteab|Gebru|
    Goemaere|Vanhoecke|De Vuyst|Rysman|Moerman|Sinnaeve|Van de Casteele|Debusschere|
    Ollevier|De Wulf|Van Gansbeke|Ameye|Bekaert|Temmerman|Lingier|Verhasselt|
    Vanderheyden|Aouragh|Azzaoui|Achahbar|Bouzambou|Gündoğdu|Karakurt|Çiftçi|
    Sheikhmous|Alhamwi|Bakhtiari|Nazari|Zazai|Tekeste|Mehari|Yemane"""
    return [s.strip() for s in raw.split("|") if s.strip()]


SURNAMES = _surnames()

STREETS = """Sleepstraat|Dampoortstraat|Brugse Heirweg|Frans Van Ryhovelaan|
Kortrijksesteenweg|Rabotstraat|Bevrijdingslaan|Wondelgemstraat|Tolhuislaan|
Sint-Salvatorstraat|Antwerpsesteenweg|Ledebergplein|Hundelgemsesteenweg|
Brusselsesteenweg|Meulestedekaai|Groendreef|Begijnhofdries|Doornzelestraat|
Jozef Guislainstraat|Rooigemlaan|Phoenixstraat|Koning Albertlaan|
Sint-Pietersnieuwstraat|Overpoortstraat|Watersportlaan|Jan Delvinlaan|
Wolterslaan|Steenakker|Kasteellaan|Oude Houtlei|Bloemekensstraat|
Drongensesteenweg|Gebroeders De Smetstraat|Sint-Bernadettestraat|Vlaamse Kaai|
Dendermondsesteenweg|Ottergemsesteenweg|Heiveldstraat|Francisco Ferrerlaan|
Nieuwevaart|Palinghuizen|Elyzeese Velden|Gasmeterlaan|Muidepoort|Dok-Noord""".replace(
    "\n", ""
).split("|")
# streets used without house numbers (traps)
STREET_TRAPS = [s for s in STREETS if s not in ("Nieuwevaart", "Palinghuizen")]

ORGS = """CAW|OCMW|SAAMO|De Lijn|Fluvius|AZ Jan Palfijn|PC Dr. Guislain|UZ Gent|
Huis van het Kind|De Zuidpoort|Kras|Sivi|Vlaamse Maatschappij voor Sociaal Wonen|
Wonen Gent|ThuispuntGent|Samenlevingsopbouw|Straathoekwerk|Jong vzw|
Victoria Deluxe|VDAB|RVA|de mutualiteit|CM|Unia|Kind en Gezin|Eandis|Farys|
het Sociaal Huis|WoninGent|de Voedselbank|het JAC|het CLB|het digipunt|
de Huurdersbond|het wijkgezondheidscentrum|Vluchtelingenwerk|Fedasil|
het Vredegerecht|de sociale dienst|IN-Gent|Atlas|het SVK""".replace("\n", "").split("|")
WIJKEN = """Rabot-Blaisantvest|Brugse Poort-Rooigem|Sluizeken-Tolhuis-Ham|Dampoort|
Sint-Amandsberg|Ledeberg|Nieuw Gent-UZ|Muide-Meulestede-Afrikalaan|
Watersportbaan-Ekkergem|Wondelgem|Gentbrugge|Oostakker|Mariakerke|Drongen|
Zwijnaarde|Sint-Denijs-Westrem|Oud Gentbrugge|Moscou-Vogelhoek|Stationsbuurt-Noord|
Stationsbuurt-Zuid|Binnenstad|Elisabethbegijnhof-Papegaai|Macharius-Heirnis|
Bloemekenswijk|Kanaaldorpen en -zone|Afsnee|de Brugse Poort|het Rabot|Nieuw Gent|
de Muide|Ledeberg""".replace("\n", "").split("|")
PERSONS = """een moeder|de cliënt|mijn collega|een mevrouw uit de wijk|een meneer|
een alleenstaande papa|de bewoners|een jonge vrouw|een oudere man|de buurvrouw|
een gezin met 4 kinderen|een student|een nieuwkomer|de huisarts|een vrijwilliger|
een mama|twee broers|een koppel|een dame van rond de 60|de jongeren""".replace(
    "\n", ""
).split("|")
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]  # noqa: E501


def _r(rng: random.Random, seq):
    return rng.choice(seq)


# ---------------------------------------------------------------- numbers --
def gen_nn(rng: random.Random, bis: bool = False) -> str:
    while True:
        year = rng.randint(1940, 2022)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        seq = rng.randint(1, 997)
        mm = month + (rng.choice((20, 40)) if bis else 0)
        base = f"{year % 100:02d}{mm:02d}{day:02d}{seq:03d}"
        num = int(("2" + base) if year >= 2000 else base)
        check = 97 - num % 97
        cand = f"{base}{check:02d}"
        mod = _bis if bis else _nn
        if mod.is_valid(cand):
            return cand


def fmt_nn(rng: random.Random, d: str) -> str:
    form = rng.randint(0, 4)
    if form == 0:
        return f"{d[:2]}.{d[2:4]}.{d[4:6]}-{d[6:9]}.{d[9:]}"
    if form == 1:
        return f"{d[:6]} {d[6:9]} {d[9:]}"
    if form == 2:
        return d
    if form == 3:
        return f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:9]} {d[9:]}"
    return f"{d[:2]}{d[2:4]}{d[4:6]}-{d[6:9]}-{d[9:]}"


def gen_iban(rng: random.Random) -> str:
    while True:
        cc = rng.choice(["BE"] * 6 + ["NL", "FR", "DE", "LU"])
        if cc == "BE":
            first = f"{rng.randint(0, 9999999999):010d}"
            chk = int(first) % 97 or 97
            bban = f"{first}{chk:02d}"
        elif cc == "NL":
            bban = (
                rng.choice(["INGB", "ABNA", "RABO"])
                + f"{rng.randint(0, 10**10 - 1):010d}"
            )
        elif cc == "DE":
            bban = f"{rng.randint(0, 10**18 - 1):018d}"
        elif cc == "LU":
            bban = f"{rng.randint(0, 999):03d}" + f"{rng.randint(0, 10**13 - 1):013d}"
        else:
            bban = f"{rng.randint(0, 10**23 - 1):023d}"
        check = _iban.calc_check_digits(cc + "00" + bban)
        num = cc + check + bban
        if _iban.is_valid(num):
            break
    if rng.random() < 0.6:
        return " ".join(num[i : i + 4] for i in range(0, len(num), 4))
    return num


def gen_phone(rng: random.Random) -> str:
    z = rng.randint
    forms = [
        lambda: f"09 {z(200, 399)} {z(10, 99)} {z(10, 99)}",
        lambda: f"09/{z(200, 399)}.{z(10, 99)}.{z(10, 99)}",
        lambda: f"04{z(60, 99)} {z(10, 99)} {z(10, 99)} {z(10, 99)}",
        lambda: f"04{z(60, 99)}/{z(10, 99)}.{z(10, 99)}.{z(10, 99)}",
        lambda: f"04{z(60, 99)}-{z(100000, 999999)}",
        lambda: f"04{z(60, 99)}{z(100000, 999999)}",
        lambda: f"+32 4{z(60, 99)} {z(10, 99)} {z(10, 99)} {z(10, 99)}",
        lambda: f"+32 (0)9 {z(200, 399)} {z(10, 99)} {z(10, 99)}",
        lambda: f"0032 9 {z(200, 399)} {z(10, 99)} {z(10, 99)}",
        lambda: f"+324{z(60, 99)}{z(100000, 999999)}",
        lambda: f"+31 6 {z(10000000, 99999999)}",
        lambda: f"+48 {z(500, 899)} {z(100, 999)} {z(100, 999)}",
        lambda: f"+359 88 {z(100, 999)} {z(1000, 9999)}",
        lambda: f"+40 7{z(10, 99)} {z(100, 999)} {z(100, 999)}",
        lambda: f"0{z(50, 59)} {z(10, 99)} {z(10, 99)} {z(10, 99)}",
        lambda: f"02/{z(200, 999)} {z(10, 99)} {z(10, 99)}",
    ]
    return rng.choice(forms)()


def _ascii(s: str) -> str:
    import unicodedata

    norm = unicodedata.normalize("NFKD", s.lower().replace("ı", "i").replace("ł", "l"))
    return re.sub(r"[^a-z]", "", norm)


def gen_email(rng: random.Random, first: str, last: str) -> str:
    dom = rng.choice(
        [
            "gmail.com",
            "hotmail.com",
            "telenet.be",
            "skynet.be",
            "outlook.be",
            "stad.gent",
            "ocmw.gent",
            "yahoo.fr",
            "live.be",
            "caw.be",
            "proximus.be",
            "mail.brussels",
            "vlaanderen.be",
            "wonen.vlaanderen",
        ]
    )
    f, la = _ascii(first), _ascii(last)
    user = rng.choice(
        [
            f"{f}.{la}",
            f"{f[0]}.{la}",
            f"{f}{rng.randint(1, 99)}",
            f"{la}_{f}",
            f"{f}-{la}",
        ]
    )
    return f"{user}@{dom}"


def gen_plate(rng: random.Random) -> str:
    L = "ABCDEFGHJKLMNPRSTVWXYZ"
    letters = "".join(rng.choice(L) for _ in range(3))
    d = f"{rng.randint(0, 999):03d}"
    n = rng.randint(1, 2)
    return rng.choice(
        [
            f"{n}-{letters}-{d}",
            f"{n}{letters}{d}",
            f"{letters}-{d}",
            f"{n}-{letters.lower()}-{d}",
        ]
    )


def gen_date(rng: random.Random) -> str:
    y = rng.randint(1940, 2020)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return rng.choice(
        [
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{d:02d}-{m:02d}-{y}",
            f"{d:02d}.{m:02d}.{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d} {MONTHS[m - 1]} {y}",
            f"{d:02d}/{m:02d}/{y % 100:02d}",
        ]
    )


def gen_file(rng: random.Random) -> tuple[str, str]:
    """(context word(s), number)."""
    z = rng.randint
    return rng.choice(
        [
            ("dossiernummer ", f"{z(2015, 2024)}/{z(100, 9999)}"),
            ("dossiernr. ", f"{z(10000, 999999)}"),
            ("klantnr. ", f"{z(100000, 999999)}"),
            ("klantnummer: ", f"{z(1000000, 9999999)}"),
            ("dossier ", f"{z(10000, 99999)}"),
            ("ref. ", f"OCMW-{z(2019, 2024)}-{z(1000, 99999)}"),
            ("cliëntnummer ", f"{z(10000, 999999)}"),
            ("kenmerk ", f"{z(2020, 2024)}/{z(1000, 99999)}"),
            ("ons dossier nr ", f"{z(1000, 99999)}"),
            (
                "pv-nummer ",
                f"GE.{z(10, 99)}.L{z(1, 9)}.{z(100000, 999999)}/{z(2019, 2024)}",
            ),
            ("het nummer ", f"{z(100000000, 999999999)}"),
        ]
    )


def gen_street(rng: random.Random, lower: bool = False) -> str:
    s = rng.choice(STREETS)
    n = str(rng.randint(1, 350)) + rng.choice(["", "", "", "", "b", "A"])
    form = rng.randint(0, 7)
    if form == 0:
        out = f"{s} {n} bus {rng.randint(1, 40)}"
    elif form == 1:
        out = f"{s} {n}, 90{rng.choice(['00', '30', '40', '50'])} Gent"
    elif form == 2:
        out = f"{s} nr {n}"
    elif form == 3:
        out = f"{s} {n}/{rng.randint(1, 12)}"
    else:
        out = f"{s} {n}"
    return out.lower() if lower else out


def gen_name(rng: random.Random) -> tuple[str, str, str]:
    """(prefix-literal, name, kind)"""
    f = rng.choice(FIRST)
    s = rng.choice(SURNAMES)
    k = rng.randint(0, 13)
    if k == 0:
        return ("mevrouw ", s, "t")
    if k == 1:
        return ("meneer ", s, "t")
    if k == 2:
        return ("dhr. ", s, "t")
    if k == 3:
        return ("mevr. ", f"{f} {s}", "t")
    if k == 4:
        return ("", f"{f} {s}", "fs")
    if k == 5:
        return ("", f.lower(), "lf")
    if k == 6:
        return ("mama van ", f, "kin")
    if k == 7:
        return ("", f"{f[0]}. {s}", "init")
    if k == 8:
        return ("de heer ", f"{f} {s}", "t")
    if k == 9:
        return ("", f, "f")
    if k == 10:
        return ("schepen ", s, "t")
    if k == 11:
        return ("Mvr ", s, "t")
    if k == 12:
        return ("zoon van ", f"{f} {s}", "kin")
    return ("", f"{f} {s}".lower(), "lfs")


# ------------------------------------------------------------------ traps --
def trap(rng: random.Random) -> str:
    z = rng.randint
    opts = [
        lambda: f"€ {z(1, 2)}.{z(100, 999)},{z(10, 99)}",
        lambda: f"{z(50, 950)} euro",
        lambda: f"€{z(20, 400)}",
        lambda: f"op {z(1, 28)} {_r(rng, MONTHS)} {z(2022, 2025)}",
        lambda: f"sinds {z(1, 28)}/{z(1, 12)}",
        lambda: f"tegen {z(1, 28)}/{z(1, 12):02d}/{z(2023, 2025)}",
        lambda: f"van {z(8, 10)}u tot {z(11, 13)}u",
        lambda: f"{z(8, 10)}u-{z(11, 13)}u",
        lambda: f"om {z(8, 17):02d}:{_r(rng, ['00', '15', '30', '45'])}",
        lambda: f"lijn {z(1, 78)}",
        lambda: f"bus {z(3, 78)}",
        lambda: f"tram {_r(rng, ['1', '2', '4'])}",
        lambda: f"{z(5, 90)}%",
        lambda: f"{z(18, 85)} jaar",
        lambda: f"{z(16, 25)}-jarigen",
        lambda: f"een {z(10, 40)}-tal gezinnen",
        lambda: f"art. {z(1, 80)}",
        lambda: f"90{_r(rng, ['00', '30', '32', '40', '50'])} Gent",
        lambda: f"in {z(2015, 2024)}",
        lambda: f"{z(2, 300)} bewoners",
    ]
    return rng.choice(opts)()


CLEAN_TEMPLATES = [
    "{P} uit {W} kan haar huur niet meer betalen, ze krijgt {T} leefloon. doorverwezen naar {O}.",  # noqa: E501
    "Veel gezinnen in {W} hebben schimmel in de woning. {O} is op de hoogte sinds {T}.",
    "In de {S} staan al {T} woningen leeg. Bewoners klagen bij {O}.",
    "{O} sluit {T}, de wachtlijst voor een afspraak loopt op. {P} moest 3x terugkomen.",
    "Het digipunt in {W} is enkel open {T}. Mensen zonder laptop kunnen hun aanvraag niet indienen.",  # noqa: E501
    "{P} vertelt dat {O} de energiefactuur van {T} niet wil spreiden.",
    "bus naar {O} rijdt niet meer langs de {S}, {P} moet nu {T} stappen. lijn 3 is overvol.",  # noqa: E501
    "Elke week komen {T} naar de soepbar in {W}. Roos en Hoop zijn de namen van de nieuwe lokalen.",  # noqa: E501
    "Lieve collega's, {O} meldt dat {T} van de aanvragen geweigerd worden.",
    "{P} spreekt enkel Frans en Arabisch, bij {O} is geen tolk. Afspraak {T}.",
    "Toon aan {O} dat {T} van de gezinnen in {W} onder de armoedegrens leeft.",
    "Mevrouw komt elke maandag naar het buurtcentrum in {W}. Ze wacht al {T} op een sociale woning via {O}.",  # noqa: E501
    "In {W} wonen veel mensen van {T} zonder netwerk. {O} en {O2} proberen samen te werken.",  # noqa: E501
    "jongeren ({T}) hangen rond aan het station, {O} doet straathoekwerk in de {S}.",
    "de huur steeg met {T} in de {S}. {P} vraagt of {O} kan bemiddelen.",
    "Op {T} ging de Stad in gesprek met {O} over de wachtlijsten. Geen oplossing.",
    "schepen van Welzijn bezocht {W} {T}. {P} kreeg geen antwoord op vragen over {O}.",
    "Wil {O} de kosten ({T}) terugbetalen? {P} heeft de factuur al 2x doorgestuurd.",
    "Mark(t) in {W}: {T} kramen minder. {O} helpt met voedselpakketten.",
    "Berg van schulden bij {P} na ziekenhuisopname in {O}, factuur {T}.",
    "Zon-op-dak project van {O} in {W} ging niet door. {T} inschrijvingen.",
    "{P} heeft een doktersattest maar {O} aanvaardt dat niet. Moest {T} betalen.",
    "Mevrouw uit {W} werd doorverwezen van {O} naar {O2} en terug. {T} zonder hulp.",
    "de verwarming in de blokken van {O} aan de {S} valt uit sinds {T}.",
    "Zoals besproken op het overleg {T}: {O} neemt contact op met {O2}.",
    "{P} moet {T} betalen voor een attest bij {O}. onbetaalbaar.",
    "Veel vragen over het groeipakket in {W}, wachttijd bij {O} is {T}.",
    "Na de renovatie in de {S} moeten {T} verhuizen. {O} heeft geen plaats.",
    "een vrouw van 34 jaar uit {W} slaapt in haar auto. {O} heeft geen plaats {T}.",
    "Fietsen gestolen aan het buurthuis in de {S}, {T}. {O} verwittigd.",
    "Juni is een moeilijke maand: {O} is dicht {T} en {P} heeft geen eten.",
    "Kinderen uit {W} kunnen niet mee op schoolreis ({T}). {O} zoekt een fonds.",
]

PII_TEMPLATES = [
    "{N} kwam langs ivm huurachterstal van {T}. woont {A}.",
    "{N} (°{BD}) vraagt hulp bij {O}, tel {PH}.",
    "Gesprek met {N}: schuld bij {O}, rekeningnr {IB}.",
    "rijksregisternr {NN} van {N} werd doorgegeven aan {O}, dat mag niet.",
    "Mail van {N} ({EM}) over de wachtlijst bij {O}.",
    "{N} woont in {W}, {A}. Auto met nummerplaat {PL} werd getakeld.",
    "{N} belde op {PH} want {O} antwoordt niet. {FN}.",
    "{N} heeft geen verblijfskaart meer, BIS-nummer {BIS}. Doorverwezen naar {O}.",
    "geboren op {BD}, {N} heeft recht op verhoogde tegemoetkoming maar {O} weigert.",
    "{N} en {N2} wonen samen in de {A}, huur {T}.",
    "contact: {EM} / {PH}",
    "{N} vraagt terugbetaling op {IB} via {O}.",
    "Adres cliënt: {A}. {FN}. Wacht al {T}.",
    "{N} (geb. {BD}) kreeg een boete, nummerplaat {PL}.",
    "{N} zei dat {O} haar dossier kwijt is. {FN}",
    "Ik sprak met {N} in {W}. Ze is bang om te klagen bij {O}.",
    "{N}, rijksregisternummer {NN}, woont {A}",
    "Melding door {N}: {O} schrapt uitkering na {T}. Contact via {EM}.",
    "{N} heeft een afspraak {T} bij {O}, zijn gsm: {PH}.",
    "Dochter van {N} gaat niet meer naar school. Tel. {PH}.",
    "Gezin woont {A}, {N} geeft toestemming. IBAN {IB}.",
    "{N} kon niet inloggen met itsme, nummer {NN} werd geweigerd.",
]


# --------------------------------------------------- long, realistic texts --
# Sentences in the style of real signals (300-800 characters once combined):
# ordinary Dutch full of words that are also names somewhere (armen, mazen,
# hoop, wil, kader, adem, roos, berg, toon, elke, lieve, frans), titles used
# as common nouns ("een mevrouw uit de wijk", "meneer vertelt"), capitalised
# sentence starts, wards, streets without number, organisations, months,
# Sint-..., amounts, hours, ages and lines. None holds personal data.
REAL_SENTENCES = [
    "Werkende armen vallen buiten beeld, ook al krijgen ze hun rekeningen niet rond.",
    "Mensen die deeltijds werken verdienen net te veel voor een leefloon en vallen tussen de mazen van het net.",
    "Er is weinig hoop dat de wachtlijst voor een sociale woning binnenkort korter wordt.",
    "Hoop doet leven, maar de gezinnen die wij begeleiden zien geen uitweg meer.",
    "Een mevrouw uit de wijk vertelde dat ze al {T} wacht op een antwoord van {O}.",
    "Meneer vertelt dat hij sinds {M} geen verwarming meer heeft.",
    "Mevrouw komt elke week naar de permanentie in {W} omdat ze haar post niet begrijpt.",
    "Die meneer belde opnieuw: de brief van {O} was enkel in het Nederlands.",
    "Ze wil wel werken, maar vindt geen kinderopvang voor haar jongste.",
    "Wil de stad echt dat mensen zonder smartphone hun afspraak online maken?",
    "De wil is er, maar de drempel bij {O} blijft te hoog.",
    "In het kader van het armoedeplan werd beloofd dat {O} langer open zou blijven.",
    "Na drie trappen is ze buiten adem; de lift in de toren staat al {T} stil.",
    "Door de schimmel krijgen de kinderen het moeilijk met hun adem en hoesten ze 's nachts.",
    "Elke maand komt er een berg papierwerk bij, en niemand legt uit wat er moet gebeuren.",
    "Een hoop mensen weten niet dat ze recht hebben op een sociaal tarief.",
    "De toon van de brieven van {O} is dreigend en maakt mensen bang.",
    "Toon aan dat je werk zoekt, zegt {O}, maar zonder computer lukt dat niet.",
    "Lieve collega's, wie heeft nog plaats in de taalles op dinsdag?",
    "Ze spreekt enkel Frans en Arabisch, en bij {O} is er geen tolk.",
    "Bij het onthaal in {W} staan rozen en bloemen, maar de wachtzaal is te klein.",
    "Roos en Hoop zijn de namen van de twee nieuwe lokalen in het buurthuis.",
    "Sinds {M} is het digipunt in {W} enkel nog open op afspraak.",
    "In {M} en {M2} kwamen er telkens meer mensen naar de soepbar.",
    "Op Sinterklaas kregen de kinderen van de school een pakje van {O}.",
    "De Sint-Jacobskerk en het Sint-Pietersplein zijn geen plekken waar jongeren welkom zijn.",
    "Het Sint-Pietersstation ligt te ver voor mensen uit {W} zonder abonnement.",
    "In de {S} staan al maanden woningen leeg terwijl gezinnen op straat slapen.",
    "Aan de {S} is de stoep zo kapot dat rolstoelgebruikers niet door kunnen.",
    "Bewoners van {W} klagen over sluikstort en zwerfvuil achter de blokken.",
    "Jongeren uit {W} worden meermaals per week gecontroleerd en voelen zich niet welkom.",
    "{O} heeft de openingsuren verminderd, waardoor {P} nu {T} moet wachten.",
    "{P} vertelt dat de factuur van {O} plots verdubbelde.",
    "Veel gezinnen in {W} hebben een budgetmeter en zitten in de winter in de kou.",
    "De huur steeg met {T}, terwijl de woning vochtig is en de ramen niet sluiten.",
    "Alleenstaande moeders die in de schoonmaak werken, vinden geen opvang 's avonds.",
    "Oudere bewoners van de torens komen amper buiten sinds de buurtzaal dicht is.",
    "Kleine verenigingen vinden geen betaalbare zaal om te vergaderen.",
    "Scholen vragen ouders om documenten af te drukken, maar in de wijk is er geen printer.",
    "Wie geen e-mailadres heeft, kan geen afbetalingsplan vragen bij {O}.",
    "De nachtopvang zit elke avond vol; {T} mensen moesten buiten slapen.",
    "Nieuwkomers begrijpen de brieven van {O} niet en betalen daardoor te laat.",
    "Bij intakegesprekken vertaalt vaak een kind voor de ouders, wat niet kan.",
    "Een jonge vrouw van {AGE} jaar slaapt in haar auto omdat ze nergens terecht kan.",
    "Een vader met drie kinderen kreeg een uithuiszetting omdat hij {T} achterstal had.",
    "De buurvrouw helpt, maar zij is zelf ziek en kan het niet meer aan.",
    "Mama's uit {W} vragen een speelplek waar hun kinderen veilig kunnen spelen.",
    "Het Huis van het Kind en {O} werken samen, maar de wachttijd blijft {T}.",
    "Na de renovatie moesten {T} gezinnen verhuizen en niemand weet waar ze terechtkunnen.",
    "Volgens {O} is {T} van de aanvragen in {W} onvolledig ingediend.",
    "Er is nood aan een vast aanspreekpunt, want mensen worden van loket naar loket gestuurd.",
    "Tijdens de ramadan is de voedselbedeling op een ander uur, dat werd niet gecommuniceerd.",
    "De Lijn schrapte lijn {L} in het weekend, waardoor bewoners geïsoleerd raken.",
    "Sinds de sluiting van het digipunt kan niemand nog zijn energiecontract aanpassen.",
    "Mensen met een laag inkomen betalen meer dan de helft van hun inkomen aan huur.",
    "De wachtlijst bij {O} telt intussen {T} namen.",
    "Een koppel met een baby woont in een studio van 25 m² en betaalt {T}.",
    "Sommige huisbazen weigeren huurders met een OCMW-waarborg.",
    "Toen de ketel stuk ging, duurde het {T} voor de verhuurder iets deed.",
    "Tussen {H} en {H2} is het loket dicht, net wanneer werkende mensen kunnen komen.",
    "De medewerkers van {O} doen hun best, maar ze zijn met te weinig.",
    "Gezinnen met een migratieachtergrond voelen zich niet gehoord door de school.",
    "Kleuters uit kwetsbare gezinnen komen weinig naar school en raken uit beeld.",
    "In {W} is er geen bankautomaat meer, wat vooral ouderen treft.",
    "Op de markt van zondag kopen veel mensen uit {W} hun groenten omdat het goedkoper is.",
    "Mark en Berg zijn geen namen maar merken van huishoudtoestellen die vaak kapot gaan.",
    "Een alleenstaande papa kan niet mee op oudercontact omdat hij tot {H} werkt.",
    "Deze mevrouw heeft al {T} geen contact meer met haar familie.",
    "Een meneer uit de buurt helpt elke week in de tuin van het buurthuis.",
    "Bij {O} moet je eerst online een nummer trekken, ook als je aan de balie staat.",
    "De sociale kruidenier in {W} verhuist, en de ontmoetingsfunctie dreigt te verdwijnen.",
    "Vrouwen zonder wettig verblijf die geweld meemaken, kunnen nergens terecht.",
    "Er zijn te weinig begeleide woonvormen voor 18- tot 25-jarigen.",
    "De energiefactuur van {M} was {T}, veel meer dan het voorschot.",
    "Armen en rijken leven in {W} naast elkaar, maar ontmoeten elkaar nooit.",
    "Elke dag zien we mensen die uit schaamte geen hulp durven te vragen.",
    "Frans spreken helpt niet bij {O}: alles moet in het Nederlands.",
    "Lieve woorden lossen het probleem niet op: er moeten meer sociale woningen komen.",
    "Zoals besproken op het overleg van {M}: {O} neemt contact op met {O2}.",
    "Het gaat om mensen van {AGE} tot {AGE2} jaar, vaak met psychische problemen.",
    "In de winter zitten de mensen in de bib omdat het daar warm is.",
    "Het Rode Kruis en Samusocial delen 's avonds soep uit aan het station.",
    "Jongeren van het OKAN vinden na hun 18de geen stageplaats.",
    "Dienst Wonen stuurde een brief over de conformiteit, maar die is onleesbaar.",
    "Bij de Kringwinkel en de Voedselbank is de vraag in {M} sterk gestegen.",
    "Via itsme inloggen lukt niet voor wie geen Belgische identiteitskaart heeft.",
    "De premie van de Vlaamse overheid wordt pas na {T} uitbetaald.",
    "Kinderen van {AGE} jaar zorgen voor hun jongere broers en zussen als de ouders werken.",
    "De huisarts in {W} neemt geen nieuwe patiënten meer aan.",
    "Op de bus naar het UZ Gent is er geen plaats voor rolstoelen.",
    # more traps, written before the detector was tuned on them
    "Gisteren kwam er een vrouw langs met haar drie kinderen, ze had al twee dagen niet gegeten.",  # noqa: E501
    "Dokter zegt dat ze rust nodig heeft, maar ze moet blijven werken om de huur te betalen.",  # noqa: E501
    "Meneer de schepen beloofde op de wijkvergadering dat er iets zou veranderen.",
    "Mevrouw de burgemeester bezocht de Brugse Poort en sprak met de bewoners.",
    "Oma zorgt voor de kleinkinderen omdat mama 's nachts in de schoonmaak werkt.",
    "Papa is ziek en kan niet meer gaan werken; het gezin leeft van een uitkering.",
    "Met Pasen en Pinksteren is het loket dicht, en dan staan mensen voor een gesloten deur.",  # noqa: E501
    "Hij spreekt Dari en Pashto, zijn vrouw enkel Farsi, en er is geen tolk.",
    "Ze komt uit Eritrea en spreekt Tigrinya; haar kinderen zitten in de OKAN-klas.",
    "Roma-gezinnen uit Slowakije en Bulgaren in de Dampoort vinden moeilijk een woning.",  # noqa: E501
    "Syriërs, Afghanen en Eritreeërs wachten maanden op een afspraak bij de Dienst Vreemdelingenzaken.",  # noqa: E501
    "Bij de Colruyt en de Aldi kopen mensen de goedkoopste producten, maar ook dat wordt te duur.",  # noqa: E501
    "Met de UiTPAS kunnen gezinnen goedkoper naar de Gentse Feesten en het zwembad.",
    "Sinds de Gentse Winterfeesten is het in de Vrijdagmarkt niet meer veilig 's avonds.",  # noqa: E501
    "De juf van het kind zegt dat hij vaak zonder boterhammen naar school komt.",
    "De familie woont al jaren in België maar heeft nog steeds geen verblijfsvergunning.",  # noqa: E501
    "Familie en vrienden kunnen niet meer helpen, iedereen heeft het zelf moeilijk.",
    "Onze stagiair merkte dat veel mensen hun MyMinfin niet kunnen openen.",
    "Jan en alleman krijgt een brief van de belastingen, maar niemand begrijpt hem.",
    "Groot probleem is dat de wachtlijsten bij het CAW elke maand langer worden.",
    "Lange wachtlijsten, hoge huurprijzen en slechte woningen: dat is de realiteit in Ledeberg.",  # noqa: E501
    "Jong en oud komen naar het buurtrestaurant in de Bloemekenswijk.",
    "Meer info over het sociaal tarief is enkel online te vinden.",
    "Wit brood en melk zijn bij de voedselbedeling altijd het eerst op.",
    "Bij WhatsApp en Facebook komen veel valse berichten over premies.",
    "De imam van de moskee in de Wondelgemstraat vraagt hulp voor daklozen.",
    "De pastoor van de Sint-Antoniuskerk opent de kerk in de winter voor daklozen.",
    "Op het Sint-Baafsplein slapen 's nachts mensen onder de luifel.",
    "Aan de Sint-Lievenspoort en de Heuvelpoort is geen openbaar toilet.",
    "In Sint-Kruis-Winkel en Desteldonk rijdt de bus maar één keer per uur.",
    "De Floraliën en het Lichtfestival trekken bezoekers, maar de buurtbewoners hebben er last van.",  # noqa: E501
    "Ze werkt bij Deliveroo en Uber Eats, zonder contract en zonder verzekering.",
    "Een vader uit Moscou vertelde dat zijn zoon al weken niet naar school gaat.",
    "Mevrouw vertelt dat haar dochter gepest wordt op school.",
    "Meneer wacht al drie jaar op een sociale woning bij WoninGent.",
    "Die mevrouw uit Rabot durft niet meer alleen buiten.",
    "Een meneer van 80 jaar kan zijn facturen niet meer online betalen.",
    "Zijn broer en zus wonen in Antwerpen en kunnen niet helpen.",
    "Haar ex betaalt geen alimentatie en de Dienst voor Alimentatievorderingen is traag.",  # noqa: E501
    "De huisbaas van de Muide-Meulestede weigert de verwarming te herstellen.",
    "Bij het Vredegerecht kregen ze een uithuiszetting tegen eind december.",
    "Ze wil terug naar school, maar de CVO-cursus kost te veel.",
    "Sommige mensen wonen met tien in een huis van twee slaapkamers.",
    "Kerstmis is een moeilijke periode voor wie alleen is.",
    "Tijdens het Suikerfeest en het Offerfeest is de voedselbank dicht.",
    "De vzw Jong organiseert huiswerkbegeleiding in het Rabot en in Nieuw Gent.",
    "Mensen met een beperking raken niet in de tram op de Korenmarkt.",
    "De Korenmarkt, de Graslei en de Kouter zijn voor toeristen, niet voor ons.",
    "Veel Gentenaars met een laag inkomen weten niet dat ze recht hebben op een sociaal tarief.",  # noqa: E501
    "Nederlanders en Belgen betalen hetzelfde, maar Bulgaren krijgen geen contract.",
    "Zonder Belgisch rijbewijs vind je geen werk in de haven.",
    "Alleen de Stad kan hier iets aan doen, want het OCMW zegt dat het niet bevoegd is.",  # noqa: E501
    "De kinderen spelen op de parking omdat het speelplein aan de Tolhuislaan dicht is.",  # noqa: E501
    "Bewoners van de Watersportbaan klagen over kakkerlakken in de torens.",
    "Bij de Kringwinkel Ateljee kan je goedkope meubels kopen, maar niet leveren.",
    "Juni en juli zijn de maanden waarin de meeste huurcontracten aflopen.",
    "Mei was een drukke maand in het buurthuis.",
    "Maandag is de dag waarop de meeste mensen komen.",
    "Het Huis van de Gentenaar stuurt mensen door naar het Sociaal Huis.",
    "Winteropvang Gent gaat pas open in december, te laat voor wie nu buiten slaapt.",
    "Straathoekwerkers zien steeds meer jongeren die crack gebruiken aan het Zuid.",
    "Het Zuid en het Woodrow Wilsonplein zijn plekken waar veel mensen rondhangen.",
    "De Krook is warm en gratis, daarom zitten er veel daklozen.",
    "Samen met Samenlevingsopbouw organiseerden we een infoavond over energie.",
    "Het project Zorgzame Buurten loopt af en de buurtwerker verdwijnt.",
    "In de Rabotwijk zijn er drie bakkers en geen enkele apotheek.",
    "Een groep mama's uit de Brugse Poort wil een babbelgroep starten.",
    "Hoe kan iemand zonder e-mailadres een afspraak maken bij het Vlaams Woningfonds?",  # noqa: E501
    "Volgens de VDAB is er werk genoeg, maar niet voor wie geen Nederlands spreekt.",
    "Schulden bij Fluvius, Farys en Proximus stapelen zich op.",
    "De schoonmoeder woont in en zorgt voor de baby.",
    "Nonkel en tante vangen de kinderen op tijdens de vakantie.",
    "Een alleenstaande moeder met een tweeling slaapt in een opvangcentrum.",
    "Kinderen van de lagere school eten 's middags geen warme maaltijd.",
    "De bus van lijn 3 naar Mariakerke is altijd te laat.",
    "Bij Delhaize en Lidl gooien ze eten weg terwijl gezinnen honger hebben.",
    "Zeeman en Action zijn de enige winkels waar ouders nog kleren kunnen kopen.",
    "Het Emmaüshuis en Poverello geven warme maaltijden, maar de rij wordt langer.",
    "Mensen uit Oekraïne krijgen sneller opvang dan mensen uit Afghanistan, dat voelt oneerlijk.",  # noqa: E501
    "Volgens Kind en Gezin is er in Gentbrugge een tekort van 40 plaatsen.",
    "Op de Oude Beestenmarkt en het Baudelopark slapen jongeren in tentjes.",
    "De Sint-Amandsbergse buurtwinkel sloot, nu moeten ouderen naar de Colruyt in Oostakker.",  # noqa: E501
    "Marokkaanse en Turkse vrouwen van de naaiklas vragen een eigen lokaal.",
    "Sinds de brand in de flat aan de Rooigemlaan zijn twaalf gezinnen dakloos.",
    "Wie bij Solidaris of de CM aangesloten is, krijgt een ander antwoord over de terugbetaling.",  # noqa: E501
    "Ramadan valt dit jaar in maart, dan is het buurtrestaurant 's avonds drukker.",
    "De opvang in het Rijsenbergpark en het Citadelpark wordt door de politie ontruimd.",  # noqa: E501
    "Bij de Huurdersbond staan mensen om half negen al aan te schuiven.",
    "Ouders van leerlingen in het Atheneum in Ledeberg krijgen facturen die ze niet kunnen betalen.",  # noqa: E501
    "Vrijwilligers van de Vincentiusvereniging brengen voedselpakketten rond.",
    "Onze collega's van Samenlevingsopbouw zien hetzelfde in Nieuw Gent.",
    "De huisbaas, een notaris uit Sint-Martens-Latem, reageert niet op brieven.",
    "Een Roemeense familie leeft met zes in een garage.",
    "Een Poolse bouwvakker werd niet betaald en kan zijn huur niet meer betalen.",
    "De Bulgaarse gemeenschap in de Brugse Poort vraagt een vaste tolk.",
    "Senioren van het dienstencentrum Ten Hove vinden de bus te duur.",
    "Met de Gentse Cultuurcheque en de UiTPAS raken gezinnen nog niet in de Opera.",
    "Vrouwen uit Somalië en Eritrea kennen de weg naar het Vrouwenhuis niet.",
    "Zonder Itsme en zonder Doccle ontvang je geen facturen meer.",
    "De wachttijd bij het CGG Eclips is twaalf maanden.",
    "Ook De Sleep en het Wijkgezondheidscentrum Rabot nemen geen patiënten meer aan.",
    "Het JAC ziet jongeren van 16 die van huis weggelopen zijn.",
    "Op Sint-Pietersaalst en in de Heirnis zijn er geen publieke toiletten.",
    "Fiets, bus of tram: voor mensen met een handicap is niets toegankelijk.",
    "Zij is mama van drie kinderen en werkt halftijds in een rusthuis.",
    "Hij is papa van een baby van zes maanden en slaapt in de nachtopvang.",
    "De mama van een leerling vertelde dat ze geen geld heeft voor de schoolreis.",
    "Een zoon van een bewoner zit in de gevangenis en het gezin schaamt zich.",
    "Broer en zus slapen samen in een bed van 90 cm.",
]


def _long_text(
    b: Builder, rng: random.Random, lower: bool, min_len: int, max_len: int
) -> None:
    """Add realistic sentences to b until the text has min_len characters."""
    while b.pos < min_len:
        sent = rng.choice(REAL_SENTENCES)
        piece, _ = render(rng, sent, lower)
        if b.pos and b.pos + 1 + len(piece) > max_len:
            break
        b.add((" " if b.pos else "") + piece)


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[dict] = []
        self.pos = 0

    def add(self, s: str, typ: str | None = None) -> None:
        if typ:
            self.spans.append(
                {"start": self.pos, "end": self.pos + len(s), "type": typ}
            )
        self.parts.append(s)
        self.pos += len(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(rng: random.Random, template: str, lower: bool) -> tuple[str, list[dict]]:
    b = Builder()
    pieces = re.split(r"(\{[A-Z0-9]+\})", template)
    name_cache: dict[str, tuple[str, str]] = {}
    for piece in pieces:
        if not piece:
            continue
        if not (piece.startswith("{") and piece.endswith("}")):
            b.add(piece.lower() if lower else piece)
            continue
        key = piece[1:-1]
        if key in ("N", "N2"):
            pre, name, _kind = gen_name(rng)
            b.add(pre.lower() if lower else pre)
            b.add(name.lower() if lower else name, "NAME")
            name_cache[key] = (name.split()[0], name.split()[-1])
        elif key == "A":
            b.add(gen_street(rng, lower=lower or rng.random() < 0.1), "ADDRESS")
        elif key == "BD":
            b.add(gen_date(rng), "BIRTHDATE")
        elif key == "PH":
            b.add(gen_phone(rng), "PHONE")
        elif key == "IB":
            b.add(gen_iban(rng), "IBAN")
        elif key == "NN":
            b.add(fmt_nn(rng, gen_nn(rng)), "NATIONAL_ID")
        elif key == "BIS":
            b.add(fmt_nn(rng, gen_nn(rng, bis=True)), "NATIONAL_ID")
        elif key == "EM":
            f, la = name_cache.get("N", (rng.choice(FIRST), rng.choice(SURNAMES)))
            b.add(gen_email(rng, f, la), "EMAIL")
        elif key == "PL":
            b.add(gen_plate(rng), "PLATE")
        elif key == "FN":
            ctx, num = gen_file(rng)
            b.add(ctx)
            b.add(num, "FILE_NUMBER")
        elif key in ("O", "O2"):
            o = rng.choice(ORGS)
            b.add(o.lower() if lower and rng.random() < 0.5 else o)
        elif key == "W":
            b.add(rng.choice(WIJKEN))
        elif key == "S":
            s = rng.choice(STREET_TRAPS)
            b.add(s.lower() if lower else s)
        elif key == "P":
            b.add(rng.choice(PERSONS))
        elif key == "T":
            b.add(trap(rng))
        elif key in ("M", "M2"):
            b.add(rng.choice(MONTHS))
        elif key == "L":
            b.add(str(rng.randint(1, 78)))
        elif key in ("H", "H2"):
            b.add(f"{rng.randint(8, 18)}u" + rng.choice(["", "30"]))
        elif key in ("AGE", "AGE2"):
            b.add(str(rng.randint(16, 85)))
        else:  # pragma: no cover
            raise KeyError(key)
    text = b.text
    if text and not lower and rng.random() < 0.15:
        # fast typing: no capital at the start of the note
        text = text[0].lower() + text[1:]
    return text, b.spans


LONG_PII_TEMPLATES = PII_TEMPLATES + [
    "Ik sprak vandaag met {N} over de huurachterstal bij {O}.",
    "{N} kwam naar de permanentie; ze woont {A} en heeft geen verwarming.",
    "Volgens {N} weigert {O} de premie omdat een attest ontbreekt.",
    "De dochter van {N} staat al {T} op de wachtlijst bij {O}.",
    "{N} vertelt dat ze haar werk verloor. Bereikbaar op {PH}.",
    "{N} en {N2} vragen of {O} hun dossier kan opvolgen. {FN}.",
    "Via {EM} liet {N} weten dat de afspraak bij {O} niet doorging.",
]


def add_rendered(b: Builder, text: str, spans: list[dict], sep: str = " ") -> None:
    if b.pos:
        b.add(sep)
    for sp in spans:
        b.spans.append(
            {"start": sp["start"] + b.pos, "end": sp["end"] + b.pos, "type": sp["type"]}
        )
    b.parts.append(text)
    b.pos += len(text)


def long_row(rng: random.Random, with_pii: bool) -> tuple[str, list[dict]]:
    """A 300-800 character signal: realistic sentences, optionally with one or
    two sentences holding personal data somewhere in the middle."""
    lower = rng.random() < 0.1
    b = Builder()
    _long_text(b, rng, lower, rng.randint(0, 350), 800)
    if with_pii:
        for _ in range(rng.choice((1, 1, 2))):
            text, spans = render(rng, rng.choice(LONG_PII_TEMPLATES), lower)
            add_rendered(b, text, spans)
    _long_text(b, rng, lower, rng.randint(300, 700), 800)
    return b.text, b.spans


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    n_clean, n_pii = 200, 240
    for i in range(n_pii):
        tpl = PII_TEMPLATES[i % len(PII_TEMPLATES)]
        if rng.random() < 0.3:
            tpl = rng.choice(CLEAN_TEMPLATES) + " " + tpl
        lower = rng.random() < 0.12
        text, spans = render(rng, tpl, lower)
        rows.append({"id": f"pii-{i:04d}", "text": text, "spans": spans})
    for i in range(n_clean):
        tpl = CLEAN_TEMPLATES[i % len(CLEAN_TEMPLATES)]
        if rng.random() < 0.3:
            tpl = tpl + " " + rng.choice(CLEAN_TEMPLATES)
        lower = rng.random() < 0.15
        text, spans = render(rng, tpl, lower)
        assert not spans
        rows.append({"id": f"clean-{i:04d}", "text": text, "spans": []})
    # long realistic signals (300-800 characters)
    for i in range(N_LONG_CLEAN):
        text, spans = long_row(rng, with_pii=False)
        assert not spans
        rows.append({"id": f"long-clean-{i:04d}", "text": text, "spans": []})
    for i in range(N_LONG_PII):
        text, spans = long_row(rng, with_pii=True)
        rows.append({"id": f"long-pii-{i:04d}", "text": text, "spans": spans})
    rng.shuffle(rows)
    for r in rows:
        for s in r["spans"]:
            assert (
                r["text"][s["start"] : s["end"]].strip()
                == r["text"][s["start"] : s["end"]]
            )
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} texts to {OUT}")


if __name__ == "__main__":
    main()
