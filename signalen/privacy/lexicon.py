# ruff: noqa: E501, SIM905  (word tables read better unwrapped)
"""Build ``data/dutch_words.txt``: ordinary Dutch words (all inflected forms).

The name detector uses this list to decide that a lower-case word such as
"armen", "mazen", "hoop" or "kader" is a Dutch word and not a first name
(many Dutch words are also first names somewhere in the world).

Sources, both local (nothing is downloaded):

1. the hand-written lemma lists below (everyday and social-work vocabulary),
   expanded with simple Dutch inflection rules (plurals, diminutives, verb
   forms, adjective forms). Over-generation is harmless as long as a
   generated form is not also a name we want to keep finding; those are
   listed in ``KEEP_AS_NAMES`` and removed.
2. optionally, lower-case words that occur in running Dutch text given on
   the command line (e.g. policy documents), a word counted only when it
   occurs at least twice in lower case.

Regenerate from the repository root:

    .venv/bin/python -m signalen.privacy.lexicon [path/to/dutch/texts ...]

Without paths the existing list is kept and only the hand-written words are
(re)added, so regeneration never shrinks the list.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from signalen.text import fold

OUT = Path(__file__).with_name("data") / "dutch_words.txt"

NOUNS = """
aanbod aandacht aangifte aankoop aanpak aanslag aansluiting aanvraag aanwezigheid aard abonnement achterstal
achterstand adem administratie advies afbetaling afdeling afhaling afrekening afspraak afstand afval agenda
akte alarm ambtenaar antwoord apotheek app appartement arbeid arm armoede arts asiel attest auto avond
baan baas baby bad badkamer bak bal balie band bank bankkaart basis bed bedrag begeleider begeleiding
begin begroting behandeling beleid belasting beperking berg bericht beroep bestuur bezoek bibliotheek bijdrage
bijstand blad bloem blok bocht bodem boek boete boodschap boom boot bord bos bouw brand brief bril brood
broer brug budget bureau burger bus buurt buurthuis buurtwerk buurtwerker buurvrouw buurman cafe camera
centrum cheque computer contact contract controle cultuur cursus dag dak dakloosheid deel deken deur dienst
diploma discriminatie doel dokter dorp dossier douche draad drempel druk duur eigenaar energie examen fabriek
factuur familie feest fiets film fonds formulier foto fout gang gas gebouw gebrek geld gemeente gesprek
getuige gevaar geval gevolg gewicht gezin gezondheid glas grens groep grond haar hal hand handtekening
haven hek hoek hof hond hoofd hoop horeca hotel huis huisarts hulp hulpvraag huur huurder idee inkomen
inschrijving instantie jaar jas job jongere jongen kaart kabel kader kamer kans kantoor kapper karton
kast kelder kerk kind kindje kleding kleur klok knop koffie kok kom kop kost kracht krant kring kruidenier
kwestie laptop last leefloon leeftijd leerling leraar les lessen lid lift lijn lijst lokaal loket loon
lucht lunch maaltijd maand maas macht mail man map markt materiaal matras medicatie medicijn meer meisje
melding mens mes middag middel minuut moeder moment mond muur naam nacht nood noodzaak nummer ochtend
oefening olie onderwijs ontmoeting oog oom oorzaak opleiding opvang oproep organisatie ouder overleg
overheid paar pakket papier park partner pas patient pensioen periode persoon plaats plan plank plant
plek plein ploeg poging politie poort post premie prijs printer probleem procedure programma project punt
raad raam rapport recht regel regen regio reis rekening rest richting rij rijbewijs rol roos rug ruimte
rust school schuld schuur signaal situatie slot smartphone sociaal speelplein spel sport stad stap steen
steun stoel straat stroom stuk systeem taak tafel tand tas taal team teken telefoon termijn tijd titel
toekomst toilet tolk toon toren tram trap trein tuin uitkering uitleg uur vader vak verblijf verhaal
verhuis verlof verslag verzekering vis vloer voedsel voet vorm vraag vriend vrouw vuil waarborg wachtlijst
wagen wand water week weg werk werkgever werknemer wet wijk wil winkel woning woord zaak zaal zak zee
ziekenhuis ziekte zoon zorg zus bloemist wees weduwe weduwnaar bende dief daad moord straf cel gevangenis
vluchteling nieuwkomer buitenlander migrant jurist advocaat rechter notaris griffie deurwaarder beslag
schuldeiser incasso herinnering aanmaning verwittiging vonnis uithuiszetting opzeg huurcontract eigendom
kot studio loods container sluikstort zwerfvuil grofvuil afvalzak containerpark stoep fietspad voetpad
zebrapad kruispunt rotonde halte abonnement korting ticket kaartje vervoer chauffeur vervoersmiddel
schoolreis turnzak boekentas schoolfactuur maaltijdcheque voedselpakket soep soepbar restaurant frigo
diepvries fornuis oven wasmachine droogkast verwarming ketel boiler radiator schimmel vocht lek isolatie
renovatie premie lening krediet kredietkaart belkrediet belwaarde infonummer wachttijd wachtrij loketfunctie
onthaal intake doorverwijzing opvolging nazorg dagopvang nachtopvang crisisopvang noodopvang inloopcentrum
inloop spreekuur zitdag permanentie vrijwilliger vrijwilligerswerk stage sollicitatie interimkantoor
werkloosheid werkzoekende ontslag vakbond uitzendkracht
arbeider bediende zelfstandige student scholier kleuter peuter tiener senior bejaarde oudere dame heer
jongvolwassene volwassene alleenstaande koppel tweeling tante nonkel neef nicht oma opa grootouder kleinkind
schoonmoeder stiefvader pleegouder pleegkind voogd mentor buddy peter meter coach consulent assistent
maatschappelijk werker straathoekwerker opbouwwerker wijkregisseur wijkagent schepen burgemeester minister
raadslid partij verkiezing stem gemeenteraad kabinet parlement regering wetgeving decreet reglement
armen mazen lening rente kosten huurprijs huurlast huurwaarborg huurachterstal huurtoelage huursubsidie
energiefactuur waterfactuur budgetmeter meter teller stekker batterij lamp licht donker warmte kou koude
hitte zomer winter lente herfst voorjaar najaar feestdag vakantie weekend zondag maandag
wand muur plafond trapzaal gang lift kelder zolder garage parking tuin terras balkon voordeur achterdeur
sleutel slot bel brievenbus
hart long lever nier been knie hoofdpijn rugpijn buikpijn pijn koorts griep verkoudheid wonde zwangerschap
bevalling geboorte dood overlijden begrafenis rouw verdriet angst stress depressie verslaving drugs
alcohol gokken schaamte schande trots moed kracht vertrouwen wantrouwen respect armoedebeleid welzijn
gelijkheid ongelijkheid uitsluiting inclusie participatie inspraak bevraging enquete bundel signalenbundel
prioriteit thema doelgroep werking partnerorganisatie vereniging vzw stichting netwerk platform
overlegmoment werkgroep stuurgroep kerngroep bijeenkomst vergadering agenda verslag notulen
tolk vertaling vertaler taalbarriere taalcursus inburgering traject oriëntatie attestering erkenning
verblijfsrecht verblijfskaart verblijfsvergunning regularisatie uitwijzing detentie gesloten centrum
adem zucht lach traan glimlach
aster berk els eik linde wilg den spar beuk populier iep esdoorn roos tulp lelie viool madelief
tijger leeuw beer wolf vos haas konijn kat hond paard koe varken schaap geit kip eend duif meeuw
ion atoom emir kalief imam sultan koning prins keizer
hoogbouw laagbouw woontoren woonblok woonwijk
""".split()

VERBS = """
aanbieden aanmelden aanpakken aanpassen aanraden aanspreken aanvaarden aanvragen aanwerven afbetalen
afdrukken afhalen afmaken afnemen afronden afschaffen afsluiten afspreken afwachten afwijzen antwoorden
bedanken bedreigen beginnen begeleiden begrijpen behandelen beheren bekijken belanden beloven bellen
bemiddelen bepalen beschermen beslissen besparen bespreken bestaan betalen betekenen beteren bevestigen
bewaren bewijzen bezoeken bieden blijven boeken branden breken brengen bouwen controleren danken delen
denken dienen doen doorsturen doorverwijzen dragen dreigen drinken drukken duren durven eisen eten
falen functioneren gaan geloven genieten geven groeien haken halen hangen helpen herhalen herinneren
hopen horen huilen huren informeren inschrijven invullen kennen kiezen klagen kloppen koken komen kopen
kosten krijgen kunnen lachen laten leggen lenen leren leven lezen liggen lijden lijken lopen lukken
maken melden menen merken missen moeten mogen nemen noemen ontmoeten ontvangen opbellen opnemen
oplossen opvangen opvolgen opzeggen organiseren overleggen overlijden passen plannen printen proberen
raken regelen reageren rekenen rijden roepen schamen scheiden schrijven schrikken sluiten slapen
spelen spreken staan stappen sterven stoppen storen studeren sturen tekenen tellen terugbetalen
terugkomen tonen trouwen twijfelen uitleggen uitnodigen vallen vangen vechten verbeteren verdienen
verdwijnen vereenzamen vergeten verhogen verhuizen verklaren verkopen verlaten verliezen verminderen
veroorzaken verplaatsen versturen vertalen vertellen vertrekken vertrouwen verwachten verwijzen verzamelen
vinden vluchten voelen volgen voorstellen vragen wachten weigeren wensen werken weten willen winnen
wonen worden zeggen zetten zien zijn zitten zoeken zorgen zwijgen ademen aarzelen
afvallen aangeven meemaken meedoen meegaan tegenkomen rondkomen terechtkomen uitvallen instappen
wegvallen samenvoegen samenwerken inleveren indienen ingaan opgeven opstarten optreden uitgeven
vastlopen vastzitten verwittigen waarschuwen signaleren bundelen prioriteren agenderen opvolgen
snappen vrezen sparen ondertekenen openen onthouden smeken bidden roken stelen liegen bedriegen slaan
schoppen duwen trekken vallen hoesten zweten rillen beven schreeuwen fluisteren zingen dansen fietsen
wandelen kijken luisteren praten babbelen kletsen knikken glimlachen poetsen wassen strijken kuisen
koken zorgen verzorgen opvoeden bezorgen leveren ophalen afgeven binnenkomen buitengaan thuisblijven
solliciteren inloggen downloaden uploaden scannen kopiëren faxen bellen sms'en appen chatten mailen
accepteren benadrukken beseffen beweren opdagen ergeren ervaren gebruiken getuigen kampen keren lijden
ondervinden ontbreken ontkennen overwegen piekeren ruilen slikken steunen strijken sukkelen tobben uiten
vermelden verontschuldigen verschijnen verstaan vloeken worstelen zuchten aankaarten aanhalen benoemen
betreuren bevestigen erkennen opmerken opperen suggereren toelichten vermoeden verwijten wijzen
beschrijven rapporteren aanvullen corrigeren verduidelijken benaderen contacteren aanklagen beklagen
bezwijken breken doorzetten opgeven volhouden herstellen revalideren behandelen opereren verzwijgen
verbergen verstoppen ontsnappen ontvluchten ontkomen overleven overnachten logeren kamperen zwerven
bedelen stelen dealen gebruiken spuiten drinken gokken verslaven afkicken hervallen terugvallen
mishandelen slaan schoppen pesten bedreigen intimideren chanteren uitbuiten misbruiken verkrachten
scheiden trouwen samenwonen verhuizen emigreren immigreren vluchten terugkeren integreren inburgeren
aanvragen indienen invullen ondertekenen opsturen afgeven ophalen opvolgen navragen checken nakijken
controleren herinneren aanmanen betalen afbetalen terugbetalen voorschieten lenen ontlenen schulden
wanhopen vertwijfelen panikeren stressen frustreren ergeren storen irriteren kwetsen beledigen
bedanken waarderen appreciëren verwelkomen ontvangen onthalen begroeten vergezellen begeleiden
""".split()

ADJECTIVES = """
arm rijk boos bang blij moe ziek gezond zwak sterk oud jong nieuw groot klein lang kort hoog laag breed
smal dik dun zwaar licht donker warm koud nat droog vuil schoon proper mooi lelijk lief stout stil luid
snel traag vroeg laat vol leeg open dicht duur goedkoop gratis betaalbaar onbetaalbaar eenzaam alleen
moeilijk makkelijk zeker onzeker duidelijk onduidelijk eerlijk oneerlijk veilig onveilig vochtig koud
kwetsbaar dakloos thuisloos zwanger werkloos werkzoekend alleenstaand afhankelijk zelfstandig digitaal
sociaal structureel dringend nodig nuttig handig vreemd raar gewoon normaal speciaal bijzonder echt
vals juist fout slecht goed beter best erg heel half hele vast los vrij bezet klaar gereed bereid
blind doof stom kreupel wettig onwettig illegaal legaal officieel tijdelijk definitief gesloten
""".split()

# forms that are not produced by the simple rules (and closed-class words)
OTHER = """
ik jij je u hij zij ze wij we jullie hen hun haar hem mij me mijn jouw uw zijn ons onze hare zich
de het een en of maar want dus dan toen als omdat terwijl hoewel zodat tot van voor na naar met zonder
door over onder boven bij aan in op uit om te ter tegen tussen rond sinds vanaf via per zoals volgens
binnen buiten achter naast langs geen niet nooit altijd soms vaak ook nog al wel weer nu hier daar waar
wanneer hoe wat wie welke welk dat dit die deze zo zeer heel erg veel weinig meer minder meest
is was waren ben bent heb hebt heeft had hadden word wordt werd werden kan kun kunt kon konden wil wilt
wou wilde wilden moet moest moesten mag mocht zal zult zullen zou zouden ga gaat ging gingen kom komt
kwam kwamen zie ziet zag zagen zeg zegt zei zeiden doe doet deed deden weet wist blijf blijft bleef
geef geeft gaf gaven neem neemt nam namen vind vindt vond vonden krijg krijgt kreeg kregen
sta staat stond stonden lig ligt lag lagen ziet zien eet at aten drink drinkt dronk loopt liep liepen
rijdt reed reden schrijft schreef verliest verloor verloren vertrok vertrokken ontving overleed stierf
sliep begon begonnen begrepen hielp hielpen koos kozen kocht verkocht bracht dacht dachten vroeg vroegen
gekregen gedaan gezegd gezien gekomen gegaan geweest gehad gebeld gevraagd gezocht gevonden betaald
ontvangen aangevraagd afgesloten opgestart opgevolgd doorverwezen verwezen aangemeld ingeschreven
geschrapt ontslagen opgenomen gebleven gegeven genomen gelegen gestaan gelopen gereden geschreven
begonnen gestorven verdwenen vergeten verhuisd gestuurd gebracht gedacht gekocht gekozen geholpen
mevrouw meneer mijnheer mevr dhr
sloot sloten vergat vergaten onthield sloeg sloegen trok trokken viel vielen brak braken riep riepen
zong keek keken loog stal sprak spraken las lazen schreef dreef bleek bleken sneed droeg droegen vloog
won wonnen dronk zwom hing ving vingen liet lieten hield hielden zweeg zweeg wees wezen verdween
begreep begrepen ervoer ervoeren leed leden leek leken ondervond ondervonden ontbrak ontbraken streek
verscheen verschenen verstond verstonden daarentegen nogmaals overwoog overwogen wierp wierpen
bezweek bezweken hervielen herviel ontsnapte ontvluchtte schold scholden beschreef beschreven
verweet verweten wees wezen trof troffen vocht vochten dook doken kroop kropen glipte
verdwenen bood boden kon kunnen mocht mochten wist wisten zocht zochten bracht brachten dacht dachten
werkende armen buiten beeld mazen net zeg maar
""".split()

# closed lists of frequent Dutch words that collide with first names or
# surnames somewhere (checked by hand); their inflected forms come from above
COLLISIONS = """
adem armen aster berk bloem bloemen bent els elke emir hoop hopen ion jade kader lief lieve mark
mazen roos rozen staf toon wil berg bergen dam groot jong lange man meer onder wit kok boer bakker
visser smid vos haas ster maan zon dag lot fleur iris amber roman dan ben april
""".split()

# never treat these as Dutch words: they are far more often a name in notes
KEEP_AS_NAMES = frozenset(
    """
    mia ming karen ilse anna rik tom tim sam sem jan eva ida ivo ali amin hanna hanne lana lina nina
    rita tina tine sara sarah noor nour lea leo luc bart dirk peter kris koen wim gert stan jef jos
    mats lars tess thea theo ruth esther rachel adam abel daan arne aron arno ines karim samir sami
    hande helen lieven peters els aster berk emir ion jade
    """.split()
)

_VOWELS = "aeiou"


def _stem_variants(stem: str) -> set[str]:
    """Spelling variants of a stem: undoubled consonant, doubled vowel, f/s."""
    out = {stem}
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        out.add(stem[:-1])
    if (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in "aeou"
        and stem[-3] not in _VOWELS
    ):
        out.add(stem[:-2] + stem[-2] + stem[-2:])
    more = set()
    for s in out:
        if s.endswith("v"):
            more.add(s[:-1] + "f")
        if s.endswith("z"):
            more.add(s[:-1] + "s")
    return out | more


def _open_forms(word: str) -> set[str]:
    """Forms before an ending that starts with a vowel (-en, -e, -er)."""
    out = {word}
    # long vowel written double in a closed syllable: maas -> maz-, roos -> roz-
    if (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-2] == word[-3]
        and word[-2] in "aeou"
    ):
        base = word[:-2] + word[-1]
        base = base[:-1] + {"s": "z", "f": "v"}.get(base[-1], base[-1])
        out.add(base)
    # short vowel + single consonant: bus -> buss-, arm stays arm-
    if (
        len(word) >= 2
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and (len(word) == 2 or word[-3] not in _VOWELS)
    ):
        out.add(word + word[-1])
    if word.endswith("s"):
        out.add(word[:-1] + "z")
    if word.endswith("f"):
        out.add(word[:-1] + "v")
    return out


def _noun_forms(w: str) -> set[str]:
    out = {w, w + "s", w + "'s", w + "je", w + "jes", w + "tje", w + "tjes"}
    for b in _open_forms(w):
        out |= {b + "en", b + "e"}
    if w.endswith(("e", "el", "er", "em", "en", "ie")):
        out.add(w + "n")
    return out


def _adj_forms(w: str) -> set[str]:
    out = {w, w + "s", w + "st", w + "ste"}
    for b in _open_forms(w):
        out |= {b + "e", b + "er", b + "ere", b + "en"}
    return out


_SEPARABLE = (
    "terug",
    "samen",
    "door",
    "mee",
    "aan",
    "af",
    "uit",
    "op",
    "in",
    "weg",
    "toe",
    "vast",
    "rond",
    "ter",
)


def _verb_forms(inf: str) -> set[str]:
    out = {inf, inf + "d", inf + "de"}
    prefix = ""
    for p in _SEPARABLE:
        if inf.startswith(p) and len(inf) > len(p) + 3:
            prefix = p
            break
    core = inf[len(prefix) :]
    stem = core[:-2] if core.endswith("en") else core[:-1]
    for s in _stem_variants(stem):
        forms = {
            s,
            s + "t",
            s + "te",
            s + "ten",
            s + "de",
            s + "den",
        }
        participles = {"ge" + s + "t", "ge" + s + "d", s + "d"}
        if core.startswith(("be", "ver", "ont", "her", "ge", "er")):
            participles |= {s + "t", s + "d"}
        if prefix:
            out |= {prefix + f for f in forms | participles}
            out |= {prefix + "ge" + s + "t", prefix + "ge" + s + "d"}
            out |= forms
        else:
            out |= forms | participles
    out.add(prefix + "ge" + core if prefix else "ge" + core)
    out.add(prefix + "te" + core if prefix else core)
    return out


def hand_words() -> set[str]:
    words: set[str] = set()
    for w in NOUNS:
        words |= _noun_forms(w)
    for w in VERBS:
        words |= _verb_forms(w)
    for w in ADJECTIVES:
        words |= _adj_forms(w)
    words |= set(OTHER) | set(COLLISIONS)
    return words


_WORD_RE = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*[^\W\d_](?![\w'’-])")


def corpus_words(paths: list[Path], min_count: int = 2) -> set[str]:
    counts: Counter[str] = Counter()
    for p in paths:
        for w in _WORD_RE.findall(p.read_text(encoding="utf-8", errors="ignore")):
            if w[0].islower() and "-" not in w and len(w) >= 3:
                counts[fold(w)] += 1
    return {w for w, n in counts.items() if n >= min_count}


def build(paths: list[Path]) -> list[str]:
    words = {fold(w) for w in hand_words()}
    if paths:
        words |= corpus_words(paths)
    elif OUT.exists():
        words |= {
            w for w in OUT.read_text(encoding="utf-8").split() if not w.startswith("#")
        }
    words = {w for w in words if len(w) >= 2 and w not in KEEP_AS_NAMES}
    return sorted(words)


def main(argv: list[str]) -> None:
    paths: list[Path] = []
    for a in argv:
        p = Path(a)
        paths.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    words = build(paths)
    header = (
        "# Ordinary Dutch words (lower case, diacritics stripped), one per line.\n"
        "# Generated by signalen/privacy/lexicon.py; edit the lists there.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
