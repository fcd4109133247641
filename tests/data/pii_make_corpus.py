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
        else:  # pragma: no cover
            raise KeyError(key)
    text = b.text
    if text and not lower and rng.random() < 0.15:
        # fast typing: no capital at the start of the note
        text = text[0].lower() + text[1:]
    return text, b.spans


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
