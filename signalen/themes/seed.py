# ruff: noqa: E501  (data tables read better unwrapped)
"""Reference data from DOMAIN.md §3-4, loaded by an idempotent command.

Seeding only adds codes that are missing: labels a beheerder changed, and rows
a beheerder deactivated, stay as they are.
"""

from __future__ import annotations

from sqlalchemy import select

from signalen.extensions import db
from signalen.organisations.models import OrganisationKind
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme, ThemeGroup

# Social rights (art. 23 of the Constitution) as the top level, themes beneath.
THEME_GROUPS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("recht_wonen", "Recht op behoorlijke huisvesting", [
        ("wonen", "Wonen: betaalbaarheid en sociale huisvesting",
         "Huurprijzen, sociale woningen, wachtlijsten."),
        ("woonkwaliteit", "Woningkwaliteit en renovatie",
         "Slechte woningen, renovatie, conformiteitsattest."),
        ("dakloosheid", "Dak- en thuisloosheid", "Nachtopvang, woonbegeleiding."),
        ("energie", "Energie en water", "Energiearmoede, facturen, meters."),
    ]),
    ("recht_werk_inkomen", "Recht op arbeid en een waardig inkomen", [
        ("werk", "Werk, activering en sociale economie", ""),
        ("arbeidsvoorwaarden", "Arbeidsvoorwaarden bij uitbesteding", ""),
        ("inkomen", "Inkomen, schulden en materiële hulp",
         "Leefloon, aanvullende financiële hulp, schulden, sociale kruidenier."),
    ]),
    ("recht_gezondheid", "Recht op gezondheid en zorg", [
        ("gezondheid", "Gezondheid en toegang tot zorg", ""),
        ("mentaal_welzijn", "Mentaal welzijn en geestelijke gezondheid", ""),
        ("drugs", "Drugs en schadebeperking", ""),
    ]),
    ("recht_onderwijs_gezin", "Recht op onderwijs en gezinsondersteuning", [
        ("onderwijs", "Onderwijs", "Schoolkosten, oriëntering, volwassenenonderwijs."),
        ("gezin_kind", "Kinderarmoede, gezin en kinderopvang", ""),
    ]),
    ("recht_ontplooiing", "Recht op culturele en maatschappelijke ontplooiing", [
        ("vrije_tijd", "Vrije tijd, cultuur, sport en UiTPAS", ""),
        ("eenzaamheid_ontmoeting", "Ontmoeting, sociale cohesie en eenzaamheid", ""),
        ("participatie", "Participatie en inspraak", ""),
        ("middenveld", "Middenveld: ruimte, subsidies en ondersteuning", ""),
        ("vrijwilligers", "Vrijwilligerswerk", ""),
    ]),
    ("recht_leefomgeving", "Recht op een gezonde en veilige leefomgeving", [
        ("mobiliteit", "Mobiliteit en vervoersarmoede", ""),
        ("afval_netheid", "Afval en netheid", ""),
        ("publieke_ruimte", "Publieke ruimte, veiligheid en overlast", ""),
        ("politie", "Politie en veiligheid", ""),
    ]),
    ("recht_gelijke_behandeling", "Recht op gelijke behandeling", [
        ("discriminatie", "Discriminatie en racisme", ""),
        ("gender_lgbtqia", "Gender, LGBTQIA+ en seksuele intimidatie", ""),
        ("toegankelijkheid", "Toegankelijkheid", "Fysiek, communicatie, dienstverlening."),
        ("migratie_verblijf", "Verblijf, migratie en integratie", ""),
    ]),
    ("recht_bijstand", "Recht op sociale bijstand en hulp", [
        ("dienstverlening_rechten", "Toegang tot rechten en sociale dienstverlening",
         "Onderbescherming, automatische rechten, onthaal, papierwerk."),
        ("regie_samenwerking", "Samenwerking, sociale regie en nabije hulp", ""),
        ("taal_communicatie", "Taal, tolken en heldere communicatie", ""),
        ("digitaal", "Digitale inclusie", "Digipunten, online-only procedures, printen."),
        ("justitie", "Justitie en re-integratie", ""),
        ("armoede_algemeen", "Armoede algemeen en sensibilisering", ""),
    ]),
]  # fmt: skip

TARGET_GROUPS = [
    ("kinderen_0_11", "Kinderen (0-11 jaar)"),
    ("jongeren_12_17", "Jongeren (12-17 jaar)"),
    ("jongvolwassenen", "Jongvolwassenen (18-25 jaar)"),
    ("studenten", "Studenten"),
    ("senioren", "Ouderen (60+)"),
    ("migratieachtergrond", "Gentenaars met een migratieachtergrond"),
    ("armoede", "Mensen in armoede"),
    ("beperking", "Personen met een beperking"),
    ("gezinnen", "Gezinnen met kinderen"),
    ("alleenstaande_ouders", "Alleenstaande ouders"),
    ("zwangere_vrouwen", "Kwetsbare zwangere vrouwen en jonge ouders"),
    ("zonder_wettig_verblijf", "Mensen zonder wettig verblijf"),
    ("nieuwkomers", "Nieuwkomers en anderstaligen"),
    ("vluchtelingen", "Verzoekers om internationale bescherming en vluchtelingen"),
    ("eu_migranten", "Intra-Europese migranten"),
    ("woonwagenbewoners", "Woonwagenbewoners"),
    ("laaggeletterden", "Laaggeletterden"),
    ("lgbtqia", "LGBTQIA+-personen"),
    ("vrouwen", "Vrouwen"),
    ("werkzoekenden", "Werkzoekenden en leefloners"),
    ("werkende_armen", "Werkende armen"),
    ("huurders", "Kwetsbare huurders en sociale huurders"),
    ("eigenaar_bewoners", "Kwetsbare eigenaar-bewoners"),
    ("dak_thuislozen", "Dak- en thuislozen"),
    ("ex_gedetineerden", "Ex-gedetineerden"),
    ("psychisch", "Mensen met psychische problemen"),
    ("digitaal_uitgesloten", "Mensen zonder digitale toegang"),
]

ZONE_INNER = "Binnenstad"
ZONE_19 = "19e-eeuwse gordel"
ZONE_20 = "20e-eeuwse gordel"
AREAS = [
    ("binnenstad", "Binnenstad", ZONE_INNER),
    ("elisabethbegijnhof_papegaai", "Elisabethbegijnhof-Papegaai", ZONE_INNER),
    ("watersportbaan_ekkergem", "Watersportbaan-Ekkergem", ZONE_INNER),
    ("stationsbuurt_noord", "Stationsbuurt Noord", ZONE_INNER),
    ("stationsbuurt_zuid", "Stationsbuurt Zuid", ZONE_INNER),
    ("macharius_heirnis", "Macharius-Heirnis", ZONE_INNER),
    ("brugse_poort", "Brugse Poort-Rooigem-Malem", ZONE_19),
    ("rabot_blaisantvest", "Rabot-Blaisantvest", ZONE_19),
    ("bloemekenswijk", "Bloemekenswijk", ZONE_19),
    ("muide_meulestede", "Muide-Meulestede-Afrikalaan", ZONE_19),
    ("sluizeken_tolhuis_ham", "Sluizeken-Tolhuis-Ham", ZONE_19),
    ("dampoort", "Dampoort", ZONE_19),
    ("ledeberg", "Ledeberg", ZONE_19),
    ("oud_gentbrugge", "Oud Gentbrugge", ZONE_19),
    ("moscou_vogelhoek", "Moscou-Vogelhoek", ZONE_19),
    ("nieuw_gent_uz", "Nieuw Gent-UZ", ZONE_19),
    ("drongen", "Drongen", ZONE_20),
    ("mariakerke", "Mariakerke", ZONE_20),
    ("wondelgem", "Wondelgem", ZONE_20),
    ("kanaaldorpen", "Kanaaldorpen en -zone", ZONE_20),
    ("oostakker", "Oostakker", ZONE_20),
    ("sint_amandsberg", "Sint-Amandsberg", ZONE_20),
    ("gentbrugge", "Gentbrugge", ZONE_20),
    ("zwijnaarde", "Zwijnaarde", ZONE_20),
    ("sint_denijs_westrem_afsnee", "Sint-Denijs-Westrem-Afsnee", ZONE_20),
]

GOVERNMENT_LEVELS = [
    ("lokaal", "Lokaal (Stad en OCMW Gent)"),
    ("vlaams", "Vlaams"),
    ("federaal", "Federaal"),
    ("europees", "Europees"),
]

ORGANISATION_KINDS = [
    ("welzijn", "Welzijns- of zorgorganisatie"),
    ("opbouwwerk", "Opbouwwerk of buurtwerk"),
    ("armoedevereniging", "Vereniging waar armen het woord nemen"),
    ("stadsdienst", "Dienst van Stad of OCMW Gent"),
    ("adviesraad", "Adviesraad"),
    ("vrijwilligers", "Vrijwilligersorganisatie"),
    ("netwerk", "Netwerk of overleg"),
    ("andere", "Andere"),
]


def _ensure(model, code: str, label: str, position: int, **extra):
    row = db.session.scalar(select(model).where(model.code == code))
    if row is None:
        row = model(code=code, label=label, position=position, active=True, **extra)
        db.session.add(row)
        db.session.flush()
    return row


def seed_reference_data() -> None:
    """Add every missing reference row; existing rows are left untouched."""
    theme_position = 0
    for g_pos, (g_code, g_label, themes) in enumerate(THEME_GROUPS):
        group = _ensure(ThemeGroup, g_code, g_label, g_pos * 10)
        for code, label, description in themes:
            theme_position += 10
            _ensure(
                Theme,
                code,
                label,
                theme_position,
                description=description or None,
                group_id=group.id,
            )
    for pos, (code, label) in enumerate(TARGET_GROUPS):
        _ensure(TargetGroup, code, label, pos * 10)
    for pos, (code, label, zone) in enumerate(AREAS):
        _ensure(Area, code, label, pos * 10, zone=zone)
    for pos, (code, label) in enumerate(GOVERNMENT_LEVELS):
        _ensure(GovernmentLevel, code, label, pos * 10)
    for pos, (code, label) in enumerate(ORGANISATION_KINDS):
        _ensure(OrganisationKind, code, label, pos * 10)
