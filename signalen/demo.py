# ruff: noqa: E501  (data tables read better unwrapped)
"""Demo data: organisations, the four demo accounts and realistic anonymous signals.

Loaded once on a fresh database by `flask demo load` (make run does this);
running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from signalen.auth.demo_mode import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    demo_loaded,
    in_production,
)
from signalen.auth.services import create_user
from signalen.extensions import db
from signalen.organisations.models import Organisation, OrganisationKind
from signalen.permissions import Role
from signalen.signals.services import SignalData, record_signal
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

ORGANISATIONS = [
    ("CAW Oost-Vlaanderen, team Gent", "welzijn", False),
    ("SAAMO Gent", "opbouwwerk", False),
    ("De Zuidpoort", "armoedevereniging", True),
    ("Dienst Welzijn en Gelijke Kansen", "stadsdienst", False),
    ("Huis van het Kind Gent", "welzijn", False),
    ("Beheer Signalen", "andere", False),
]

ACCOUNTS = [
    ("medewerker", "An Medewerker", Role.WORKER, "CAW Oost-Vlaanderen, team Gent"),
    ("coordinator", "Bram Coördinator", Role.COORDINATOR,
     "Dienst Welzijn en Gelijke Kansen"),
    ("stad", "Chris Stad", Role.CITY, "Dienst Welzijn en Gelijke Kansen"),
    ("beheer", "Dana Beheer", Role.ADMIN, "Beheer Signalen"),
    ("opbouwwerker", "Els Opbouwwerker", Role.WORKER, "SAAMO Gent"),
    ("vrijwilliger", "Fien Vrijwilliger", Role.WORKER, "De Zuidpoort"),
    ("gezinsondersteuner", "Gert Gezinsondersteuner", Role.WORKER,
     "Huis van het Kind Gent"),
]  # fmt: skip

# (title, description, themes, target groups, wijken or "stadsbreed", level)
SIGNALS = [
    ("Jongvolwassenen belanden in overlevingsmodus",
     "Jongeren die 18 worden, vallen meteen in de categorie volwassenen en komen als "
     "dakloze in de nachtopvang terecht, vaak met drugsgebruik. Er zijn te weinig "
     "begeleide woonvormen voor 18- tot 25-jarigen.",
     ["dakloosheid", "wonen"], ["jongvolwassenen"], None, "vlaams"),
    ("Kinderopvang niet bereikbaar voor last-minute werk",
     "Inschrijven voor kinderopvang kan enkel digitaal en maanden op voorhand. Gezinnen "
     "in armoede die plots werk vinden, krijgen geen opvangplaats en moeten het werk "
     "weigeren.",
     ["gezin_kind", "werk", "digitaal"], ["gezinnen", "armoede"], None, "lokaal"),
    ("Niet weten waar je een probleem kan melden",
     "Bewoners weten niet wie hun buurtwerker of wijkregisseur is. Bellen naar het "
     "stedelijk infonummer kost belwaarde, wat voor mensen met weinig geld een drempel is.",
     ["dienstverlening_rechten", "toegankelijkheid"], ["armoede"], None, "lokaal"),
    ("Sluiting van digipunten sluit mensen uit",
     "Wie geen eigen computer heeft, kan sinds het wegvallen van de digipunten geen "
     "betalingen meer doen, niet mailen met de budgetbegeleider en geen energiecontract "
     "aanpassen.",
     ["digitaal", "inkomen"], ["armoede", "digitaal_uitgesloten"], None, "lokaal"),
    ("Afbetalingsplan water enkel met digitale factuur",
     "Een maandelijkse in plaats van driemaandelijkse betaling voor water aanvragen kan "
     "telefonisch, maar alleen met gegevens van de laatste digitale factuur. Wie geen "
     "e-mail heeft, raakt vast.",
     ["energie", "digitaal"], ["digitaal_uitgesloten"], None, "vlaams"),
    ("Isolement in sociale woontorens",
     "In de sociale hoogbouw is er weinig ontmoeting en ondersteuning; bewoners leven "
     "naast elkaar en sommigen vereenzamen.",
     ["eenzaamheid_ontmoeting", "wonen"], ["huurders"],
     ["watersportbaan_ekkergem", "nieuw_gent_uz"], "lokaal"),
    ("Sluikstort en zwerfvuil in de straat",
     "In bijna elke wijk klagen bewoners over sluikstort. Afvalzakken en het "
     "containerpark zijn voor sommige gezinnen te duur of moeilijk bereikbaar.",
     ["afval_netheid"], ["armoede"], ["brugse_poort", "dampoort", "ledeberg"], "lokaal"),
    ("Wijk afgesneden na lange wegenwerken",
     "Na jarenlange werken rijdt er nog te weinig openbaar vervoer. "
     "Abonnementskortingen gelden vooral voor jongeren, niet voor andere mensen met een "
     "laag inkomen.",
     ["mobiliteit"], ["armoede"], ["muide_meulestede"], "vlaams"),
    ("Rijbewijs te duur voor werkzoekenden",
     "Werkzoekenden raken moeilijker aan werk omdat een rijbewijs halen te duur is en "
     "autodeelsystemen voor hen niet toegankelijk zijn.",
     ["mobiliteit", "werk"], ["werkzoekenden"], None, "vlaams"),
    ("Vereenzaamde eigenaar-bewoners in slechte woningen",
     "Oudere eigenaars met een laag inkomen wonen alleen in een verkrotte woning en "
     "vinden de weg niet naar renovatiesteun.",
     ["woonkwaliteit", "eenzaamheid_ontmoeting"], ["eigenaar_bewoners", "senioren"],
     None, "lokaal"),
    ("Geen tolk beschikbaar voor sommige talen",
     "Bij intakegesprekken is er voor bepaalde talen weinig of geen sociaal tolk, "
     "waardoor hulpvragen verkeerd begrepen worden.",
     ["taal_communicatie"], ["nieuwkomers"], None, "vlaams"),
    ("Slachtoffers van geweld zonder verblijfsrecht vallen uit de boot",
     "Vrouwen zonder wettig verblijf die thuis geweld meemaken, kunnen nergens terecht "
     "omdat ze geen recht hebben op opvang of steun.",
     ["migratie_verblijf", "gender_lgbtqia"], ["zonder_wettig_verblijf", "vrouwen"],
     None, "federaal"),
    ("Werkende armen buiten beeld",
     "Mensen met een laag loon en zonder leefloon vallen buiten de integrale "
     "hulpverlening, hoewel ze hun rekeningen niet rond krijgen.",
     ["inkomen", "dienstverlening_rechten"], ["werkende_armen"], None, "lokaal"),
    ("Ontmoetingsfunctie van de sociale kruidenier verdwijnt",
     "Door het samenvoegen van sociale kruidenier, spelotheek en woonwinkel dreigt de "
     "plek waar buurtbewoners elkaar ontmoeten te verdwijnen.",
     ["inkomen", "eenzaamheid_ontmoeting"], ["armoede"], ["rabot_blaisantvest"],
     "lokaal"),
    ("Formulieren afdrukken is onbetaalbaar",
     "Diensten vragen steeds vaker om formulieren af te drukken, maar er is in de wijk "
     "geen betaalbare plek om te printen.",
     ["digitaal", "toegankelijkheid"], ["beperking", "senioren"],
     ["sluizeken_tolhuis_ham", "bloemekenswijk"], "lokaal"),
    ("Ervaringen met etnische profilering",
     "Jongeren met een migratieachtergrond vertellen dat ze bij politiecontroles vaker "
     "en harder aangesproken worden dan anderen.",
     ["discriminatie", "politie"], ["jongeren_12_17", "migratieachtergrond"], None,
     "lokaal"),
    ("Nuttige initiatieven zijn onbekend",
     "Bewoners die er nood aan hebben, weten niet dat er tijdelijke buslijnen en gratis "
     "fietslessen in hun wijk bestaan.",
     ["mobiliteit", "taal_communicatie"], ["armoede"], ["oostakker", "wondelgem"],
     "lokaal"),
    ("Kinderen raken uit beeld bij overgangen",
     "Kleuters uit kwetsbare gezinnen komen weinig naar school en bij de overgang van "
     "basis- naar secundair onderwijs verliest men kinderen uit het oog.",
     ["onderwijs", "gezin_kind"], ["kinderen_0_11"], None, "vlaams"),
    ("Onduidelijke en hoge huurlasten in sociale woningen",
     "Sociale huurders begrijpen hun afrekening van huur en lasten niet, en de kosten "
     "voor energie in het woonblok lijken oneerlijk verdeeld.",
     ["wonen", "energie"], ["huurders"], None, "lokaal"),
    ("Geen betaalbare vergaderruimte voor kleine verenigingen",
     "Kleine vrijwilligersorganisaties vinden geen betaalbare lokalen en weten niet "
     "welke stadszalen ze kunnen gebruiken.",
     ["middenveld"], [], ["macharius_heirnis", "gentbrugge"], "lokaal"),
]  # fmt: skip

# Recurring problems seen by other organisations: coordinators can merge these.
VARIANTS = [
    (0, "Geen plek voor jongeren die uit de jeugdhulp stappen",
     "Jongeren die uit een voorziening komen, vinden geen betaalbare woning en slapen "
     "bij vrienden of op straat. De wachtlijst voor begeleid wonen is lang."),
    (0, "18-jarigen zonder thuis",
     "We zien steeds meer jongvolwassenen zonder vaste verblijfplaats. De nachtopvang "
     "is niet aangepast aan hun leeftijd."),
    (18, "Huurprijzen stijgen sneller dan inkomens",
     "Gezinnen met een laag inkomen betalen meer dan de helft van hun inkomen aan huur. "
     "De wachtlijst voor een sociale woning is jaren lang."),
    (18, "Wachtlijst sociale huisvesting te lang",
     "Alleenstaande ouders wachten jaren op een sociale woning en wonen intussen in te "
     "kleine of vochtige woningen tegen hoge huurprijzen."),
    (18, "Huurwaarborg onbetaalbaar",
     "Wie verhuist, moet een huurwaarborg van drie maanden betalen. Mensen in armoede "
     "kunnen dat niet en blijven in slechte woningen."),
    (3, "Online afspraken maken lukt niet",
     "Voor steeds meer diensten moet je online een afspraak maken. Ouderen zonder "
     "smartphone raken zo niet aan hun rechten."),
    (3, "Bankzaken enkel nog via app",
     "Banken sluiten kantoren; mensen zonder smartphone kunnen hun rekeningen niet meer "
     "betalen en lopen boetes op."),
    (1, "Geen opvang tijdens avonduren",
     "Alleenstaande moeders die in de schoonmaak of horeca werken, vinden geen opvang "
     "voor hun kinderen 's avonds."),
    (10, "Tolk enkel op afspraak, weken wachten",
     "Een sociaal tolk moet weken op voorhand aangevraagd worden; bij crisis is er geen "
     "tolk en vertaalt een kind."),
    (12, "Laag loon, geen recht op steun",
     "Mensen die deeltijds werken verdienen net te veel voor een leefloon maar te "
     "weinig om rond te komen. Ze vallen tussen de mazen van het net."),
    (5, "Eenzaamheid bij ouderen in hoogbouw",
     "Oudere bewoners van de torens komen amper buiten. Er is geen ontmoetingsruimte "
     "meer sinds de buurtzaal dicht is."),
    (6, "Grofvuil ophalen te duur",
     "Grofvuil laten ophalen kost te veel; mensen zetten het dan op straat, wat tot "
     "boetes leidt."),
    (14, "Printen voor de school kost te veel",
     "Scholen vragen ouders om documenten af te drukken en online in te vullen. Wie "
     "geen printer heeft, betaalt in de copyshop."),
    (15, "Jongeren voelen zich geviseerd",
     "Jongeren in de wijk worden meermaals per week gecontroleerd en voelen zich niet "
     "welkom in de publieke ruimte."),
    (2, "Infonummer betalend",
     "Het infonummer van de stad kost geld; wie belkrediet moet sparen, belt niet en "
     "mist informatie."),
    (13, "Ontmoetingsplek in de wijk verdwijnt",
     "De buurtzaal waar bewoners elkaar zagen, verdwijnt. Er is geen alternatief in de "
     "buurt."),
    (8, "Autodelen niet toegankelijk",
     "Deelauto's vragen een kredietkaart en een app. Werkzoekenden zonder kredietkaart "
     "kunnen er geen gebruik van maken."),
    (19, "Verenigingen vinden geen zaal",
     "Kleine zelforganisaties zoeken maanden naar een lokaal om te vergaderen en geven "
     "het soms op."),
    (4, "Energiefactuur onbegrijpelijk",
     "Mensen krijgen een hoge eindafrekening en begrijpen niet hoe die berekend is. Een "
     "afbetalingsplan vragen kan enkel online."),
    (11, "Geen tolk bij de huisarts",
     "Bij de huisarts is er geen tolk; patiënten begrijpen de behandeling niet."),
]  # fmt: skip


def _by_code(model, codes):
    if not codes:
        return []
    return list(db.session.scalars(select(model).where(model.code.in_(codes))))


def load_demo(today: date | None = None) -> bool:
    """Load the demo once; returns False when it was there already."""
    if in_production():
        raise RuntimeError("Demo data is never loaded on a production site.")
    if demo_loaded():
        return False
    today = today or date.today()
    rng = random.Random(2026)
    kinds = {k.code: k for k in db.session.scalars(select(OrganisationKind))}
    orgs = {}
    for name, kind, anonymous in ORGANISATIONS:
        org = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(
                name=name, kind=kinds.get(kind), anonymous_to_city=anonymous
            )
            db.session.add(org)
            db.session.flush()
        orgs[name] = org
    users = {}
    for local, display, role, org_name in ACCOUNTS:
        users[local] = create_user(
            email=f"{local}{DEMO_DOMAIN}",
            display_name=display,
            password=DEMO_PASSWORD,
            role=role,
            organisation=orgs[org_name],
        )
    workers = [users[k] for k in ("medewerker", "opbouwwerker", "vrijwilliger",
                                  "gezinsondersteuner")]  # fmt: skip
    start = datetime.combine(today, datetime.min.time(), tzinfo=UTC) - timedelta(
        days=720
    )

    def add(author, base, title, description, offset_days, submit=True):
        _t, _d, themes, groups, areas, level = base
        when = start + timedelta(days=offset_days, hours=rng.randint(8, 17))
        level_row = _by_code(GovernmentLevel, [level])
        data = SignalData(
            title=title,
            description=description,
            theme_ids=[t.id for t in _by_code(Theme, themes)],
            target_group_ids=[g.id for g in _by_code(TargetGroup, groups)],
            area_ids=[a.id for a in _by_code(Area, areas or [])],
            city_wide=areas is None,
            observed_month=when.month,
            observed_year=when.year,
            people_affected=rng.choice([None, 5, 12, 20, 40, 80, 150]),
            government_level_id=level_row[0].id if level_row else None,
            concerns_city_service=rng.choice([None, True, False]),
        )
        return record_signal(author, data, submit=submit, now=when)

    for i, base in enumerate(SIGNALS):
        add(workers[i % len(workers)], base, base[0], base[1], i * 34)
    for j, (index, title, description) in enumerate(VARIANTS):
        author = workers[(index + j + 1) % len(workers)]
        add(author, SIGNALS[index], title, description, 20 + j * 34)
    # A draft, so the worker's list shows every state.
    add(
        users["medewerker"],
        SIGNALS[6],
        "Zwerfvuil rond het speelplein",
        "Ouders melden dat kinderen tussen glas en afval spelen.",
        715,
        submit=False,
    )
    db.session.flush()
    # Later stages of the cycle add their own demo content, in cycle order.
    from signalen.bundles import demo as bundles_demo
    from signalen.prioritisation import demo as prioritisation_demo
    from signalen.responses import demo as responses_demo

    bundle = bundles_demo.load(users, today)
    if bundle is not None:
        prioritisation_demo.load(bundle, users, today)
        responses_demo.load(bundle, users, today)
        from signalen.followup import demo as followup_demo

        followup_demo.load(bundle, users, today)
        # The demo shows the public page; on a real site it is off by default.
        from signalen.public.services import set_public_page

        set_public_page(bundle, True, users["beheer"], start + timedelta(days=720))
        db.session.flush()
    from signalen.consultations import demo as consultations_demo

    consultations_demo.load(users, today)  # an open consultation on a draft note
    db.session.flush()
    return True
