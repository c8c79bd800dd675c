"""Where people live: cities with their postcodes and phone areas, streets, phone numbering
plans and e-mail domains, per country of residence.

Customers of a real business cluster in a few big cities (the weights below), so namesakes
meet in the same city; a long tail of small towns comes from Faker's Italian postcode table and
its Portuguese and Polish town lists. Phone numbers follow each country's numbering plan
(mobile prefixes, area codes) so that a phone library accepts them as valid numbers.
"""

from __future__ import annotations

import importlib
import zlib
from dataclasses import dataclass
from functools import cache

from bench.crosscheck.rand import Rng, Weighted

COUNTRIES = ("IT", "PT", "BR", "PL", "IR", "GB", "US")
#: Share of the customer base living in each country.
RESIDENCE = Weighted(
    [("IT", 24), ("PT", 12), ("BR", 14), ("PL", 16), ("IR", 8), ("GB", 14), ("US", 12)]
)
DIAL = {"IT": "39", "PT": "351", "BR": "55", "PL": "48", "IR": "98", "GB": "44", "US": "1"}
CURRENCY = {
    "IT": "EUR",
    "PT": "EUR",
    "BR": "BRL",
    "PL": "PLN",
    "IR": "IRR",
    "GB": "GBP",
    "US": "USD",
}
LOCALE = {
    "IT": "it-IT",
    "PT": "pt-PT",
    "BR": "pt-BR",
    "PL": "pl-PL",
    "IR": "fa-IR",
    "GB": "en-GB",
    "US": "en-US",
}


@dataclass(frozen=True, slots=True)
class City:
    """A city customers live in."""

    country: str
    name: str
    region: str
    """Italy's north / centre / south (surnames are regional); '' elsewhere."""
    postcode: tuple[int, int]
    """The range of the postcode's leading part (see :func:`postcode`)."""
    area: tuple[str, ...]
    """Landline area codes (national, without the trunk 0); US: area codes of any line."""
    aliases: tuple[str, ...] = ()
    """Other ways the city is written (exonyms, no diacritics, abbreviations)."""


def _cities(country: str, rows: str) -> list[tuple[City, float]]:
    out = []
    for row in rows.strip().splitlines():
        name, weight, region, lo, hi, area, aliases = (part.strip() for part in row.split(";"))
        city = City(
            country,
            name,
            region,
            (int(lo), int(hi)),
            tuple(area.split()),
            tuple(a for a in aliases.split(",") if a),
        )
        out.append((city, float(weight)))
    return out


# name; weight; region; postcode range; area codes; aliases
_TOP_CITIES = {
    "IT": _cities(
        "IT",
        """
Roma; 20; centre; 118; 199; 6; Rome,ROMA
Milano; 16; north; 20121; 20162; 2; Milan
Napoli; 10; south; 80121; 80147; 81; Naples
Torino; 8; north; 10121; 10156; 11; Turin
Palermo; 6; south; 90121; 90151; 91;
Genova; 5; north; 16121; 16167; 10; Genoa
Bologna; 5; north; 40121; 40141; 51;
Firenze; 5; centre; 50121; 50145; 55; Florence
Bari; 4; south; 70121; 70132; 80;
Catania; 4; south; 95121; 95131; 95;
Venezia; 3; north; 30121; 30176; 41; Venice,Mestre
Verona; 3; north; 37121; 37142; 45;
Padova; 2.5; north; 35121; 35143; 49; Padua
Brescia; 2.5; north; 25121; 25136; 30;
Bergamo; 2; north; 24121; 24129; 35;
Salerno; 2; south; 84121; 84135; 89;
Reggio Calabria; 1.5; south; 89121; 89135; 965; Reggio Cal.
Pescara; 1.5; centre; 65121; 65129; 85;
Cagliari; 1.5; centre; 9121; 9134; 70;
Monza; 1.5; north; 20900; 20900; 39;""",
    ),
    "PT": _cities(
        "PT",
        """
Lisboa; 30; ; 1000; 1998; 21; Lisbon,LISBOA
Porto; 15; ; 4000; 4369; 22; Oporto
Vila Nova de Gaia; 6; ; 4400; 4434; 22; V. N. Gaia,Gaia
Amadora; 5; ; 2700; 2724; 21;
Sintra; 4; ; 2710; 2714; 21;
Braga; 5; ; 4700; 4719; 253;
Coimbra; 4; ; 3000; 3049; 239;
Setúbal; 3; ; 2900; 2914; 265; Setubal
Cascais; 3; ; 2750; 2775; 21;
Almada; 3; ; 2800; 2819; 21;
Matosinhos; 3; ; 4450; 4464; 22;
Funchal; 3; ; 9000; 9064; 291;
Faro; 3; ; 8000; 8014; 289;
Aveiro; 2; ; 3800; 3814; 234;
Leiria; 2; ; 2400; 2419; 244;
Viseu; 2; ; 3500; 3514; 232;
Évora; 1; ; 7000; 7005; 266; Evora""",
    ),
    "BR": _cities(
        "BR",
        """
São Paulo; 35; ; 1000; 5999; 11; Sao Paulo,S. Paulo,SP,São Paulo - SP,SAO PAULO
Rio de Janeiro; 15; ; 20000; 23799; 21; Rio,Rio De Janeiro,RJ
Belo Horizonte; 6; ; 30000; 31999; 31; BH,B. Horizonte
Brasília; 5; ; 70000; 72799; 61; Brasilia
Salvador; 5; ; 40000; 42499; 71;
Curitiba; 5; ; 80000; 82999; 41;
Porto Alegre; 5; ; 90000; 91999; 51; POA
Fortaleza; 4; ; 60000; 61599; 85;
Recife; 4; ; 50000; 52999; 81;
Campinas; 4; ; 13000; 13139; 19;
Guarulhos; 3; ; 7000; 7399; 11;
Goiânia; 3; ; 74000; 74899; 62; Goiania
Manaus; 3; ; 69000; 69099; 92;
Belém; 2; ; 66000; 66999; 91; Belem
Santos; 2; ; 11000; 11099; 13;
Florianópolis; 2; ; 88000; 88099; 48; Florianopolis,Floripa
Niterói; 2; ; 24000; 24399; 21; Niteroi""",
    ),
    "PL": _cities(
        "PL",
        """
Warszawa; 30; ; 0; 4; 22; Warsaw,WARSZAWA
Kraków; 12; ; 30; 31; 12; Krakow,Cracow
Wrocław; 9; ; 50; 54; 71; Wroclaw
Łódź; 8; ; 90; 94; 42; Lodz
Poznań; 8; ; 60; 61; 61; Poznan
Gdańsk; 6; ; 80; 80; 58; Gdansk
Szczecin; 4; ; 70; 71; 91;
Lublin; 4; ; 20; 20; 81;
Katowice; 4; ; 40; 40; 32;
Bydgoszcz; 3; ; 85; 85; 52;
Białystok; 3; ; 15; 15; 85; Bialystok
Gdynia; 3; ; 81; 81; 58;
Częstochowa; 2; ; 42; 42; 34; Czestochowa
Radom; 2; ; 26; 26; 48;
Toruń; 2; ; 87; 87; 56; Torun
Rzeszów; 2; ; 35; 35; 17; Rzeszow""",
    ),
    "IR": _cities(
        "IR",
        """
Tehran; 45; ; 11; 19; 21; Teheran,TEHRAN
Mashhad; 10; ; 91; 91; 51; Mashad,Meshed
Isfahan; 9; ; 81; 81; 31; Esfahan
Shiraz; 7; ; 71; 71; 71;
Tabriz; 7; ; 51; 51; 41;
Karaj; 6; ; 31; 31; 26;
Qom; 3; ; 37; 37; 25; Ghom
Ahvaz; 3; ; 61; 61; 61; Ahwaz
Rasht; 3; ; 41; 41; 13;
Kermanshah; 2; ; 67; 67; 83;
Kerman; 2; ; 76; 76; 34;
Yazd; 2; ; 89; 89; 35;
Urmia; 2; ; 57; 57; 44; Orumieh""",
    ),
    "GB": _cities(
        "GB",
        """
London; 35; ; 0; 0; 20; LONDON,Greater London
Manchester; 8; ; 1; 40; 161;
Birmingham; 8; ; 1; 45; 121;
Leeds; 5; ; 1; 29; 113;
Glasgow; 5; ; 1; 81; 141;
Liverpool; 4; ; 1; 38; 151;
Bristol; 4; ; 1; 16; 117;
Edinburgh; 4; ; 1; 17; 131;
Sheffield; 3; ; 1; 36; 114;
Cardiff; 3; ; 10; 24; 29;
Newcastle upon Tyne; 3; ; 1; 15; 191; Newcastle
Nottingham; 3; ; 1; 11; 115;
Leicester; 2; ; 1; 5; 116;
Brighton; 2; ; 1; 3; 1273; Brighton and Hove
Oxford; 1; ; 1; 4; 1865;
Cambridge; 1; ; 1; 5; 1223;""",
    ),
    "US": _cities(
        "US",
        """
New York; 14; ; 10001; 10282; 212 646 718 917; NYC,New York City,NEW YORK
Los Angeles; 10; ; 90001; 90089; 213 310 323; LA
Chicago; 8; ; 60601; 60661; 312 773;
Houston; 6; ; 77001; 77099; 713 832;
Phoenix; 4; ; 85001; 85055; 602;
Philadelphia; 4; ; 19102; 19154; 215; Philly
Boston; 4; ; 2108; 2137; 617;
Miami; 4; ; 33101; 33299; 305;
San Antonio; 3; ; 78201; 78266; 210;
San Diego; 3; ; 92101; 92199; 619;
Dallas; 3; ; 75201; 75398; 214;
Austin; 3; ; 78701; 78759; 512;
Seattle; 3; ; 98101; 98199; 206;
Atlanta; 3; ; 30301; 30399; 404;
San Jose; 2; ; 95101; 95196; 408;
Denver; 2; ; 80201; 80299; 303;
Newark; 2; ; 7101; 7199; 973;""",
    ),
}
_GB_OUTWARD = {
    "London": ("E", "N", "NW", "SE", "SW", "W", "EC", "WC"),
    "Manchester": ("M",),
    "Birmingham": ("B",),
    "Leeds": ("LS",),
    "Glasgow": ("G",),
    "Liverpool": ("L",),
    "Bristol": ("BS",),
    "Edinburgh": ("EH",),
    "Sheffield": ("S",),
    "Cardiff": ("CF",),
    "Newcastle upon Tyne": ("NE",),
    "Nottingham": ("NG",),
    "Leicester": ("LE",),
    "Brighton": ("BN",),
    "Oxford": ("OX",),
    "Cambridge": ("CB",),
}
_GB_INWARD = "ABDEFGHJLNPQRSTUWXYZ"
#: Share of customers in the small towns of the tail (where the country has one).
_TAIL_SHARE = {"IT": 0.3, "PT": 0.25, "PL": 0.3}


@cache
def city_pool(country: str) -> Weighted[City]:
    """The cities of ``country`` with the share of its customers living in each."""
    top = _TOP_CITIES[country]
    tail = _tail_towns(country)
    if not tail:
        return Weighted(top)
    head_mass = sum(w for _, w in top)
    tail_mass = head_mass * _TAIL_SHARE[country] / (1 - _TAIL_SHARE[country])
    # the tail is itself steep: a few market towns, many villages
    raw = [1.0 / (rank + 20) for rank in range(len(tail))]
    scale = tail_mass / sum(raw)
    return Weighted([*top, *((c, w * scale) for c, w in zip(tail, raw, strict=True))])


_TAIL_AREAS = {
    "IT": (
        "331",
        "341",
        "362",
        "382",
        "424",
        "444",
        "461",
        "471",
        "521",
        "522",
        "536",
        "541",
        "571",
        "575",
        "583",
        "585",
        "721",
        "731",
        "733",
        "823",
        "824",
        "825",
        "832",
        "833",
        "881",
        "883",
        "921",
        "922",
        "923",
        "931",
        "932",
        "941",
        "961",
        "962",
        "963",
        "984",
    ),
    "PT": (
        "234",
        "244",
        "249",
        "252",
        "255",
        "256",
        "258",
        "259",
        "261",
        "262",
        "263",
        "268",
        "269",
        "271",
        "272",
        "273",
        "275",
        "276",
        "278",
        "281",
        "282",
        "283",
        "284",
        "286",
    ),
    "PL": (
        "25",
        "23",
        "24",
        "29",
        "33",
        "41",
        "43",
        "44",
        "46",
        "55",
        "59",
        "62",
        "63",
        "65",
        "67",
        "68",
        "74",
        "75",
        "76",
        "77",
        "82",
        "83",
        "84",
        "86",
        "87",
        "89",
        "94",
        "95",
    ),
}


def _tail_towns(country: str) -> list[City]:
    areas = _TAIL_AREAS.get(country)
    if areas is None:
        return []
    if country == "IT":
        from faker.providers.address.it_IT import Provider as ItAddress

        towns = []
        for cap, places in ItAddress.cap_city_province.items():
            p = int(cap[:2])
            # CAP geography: 10-48 the north, 70-98 the south, the rest (Lazio, Tuscany,
            # Marche, Abruzzo, Sardinia) closest to the centre's surname pool
            region = "north" if 10 <= p <= 48 else "south" if p >= 70 else "centre"
            area = areas[zlib.crc32(cap.encode()) % len(areas)]
            towns.append(City("IT", places[0][0], region, (int(cap), int(cap)), (area,)))
    else:
        module = importlib.import_module(
            f"faker.providers.address.{'pt_PT' if country == 'PT' else 'pl_PL'}"
        )
        big = {c.name for c, _ in _TOP_CITIES[country]}
        towns = []
        for name in module.Provider.cities:
            if name in big:
                continue
            h = zlib.crc32(name.encode())
            lead = 2000 + h % 7000 if country == "PT" else 5 + h % 95
            towns.append(City(country, name, "", (lead, lead), (areas[h % len(areas)],)))
    # a fixed pseudo-random order (crc32, not hash(): that changes between processes), so the
    # steep weights of the tail do not all go to one province
    towns.sort(key=lambda c: (zlib.crc32(c.name.encode()), c.postcode))
    return towns


def postcode(rng: Rng, city: City) -> str:
    """A postcode of ``city`` in its country's standard written form."""
    lo, hi = city.postcode
    n = rng.between(lo, hi)
    c = city.country
    if c == "IT":
        return f"{n:05d}"
    if c == "PT":
        return f"{n:04d}-{rng.between(1, 999):03d}"
    if c == "BR":
        return f"{n:05d}-{rng.between(0, 999):03d}"
    if c == "PL":
        return f"{n:02d}-{rng.between(1, 999):03d}"
    if c == "IR":
        return f"{n:02d}{rng.digits(8)}"
    if c == "US":
        return f"{n:05d}"
    outward = rng.pick(_GB_OUTWARD.get(city.name, ("AB",)))
    district = rng.between(1, 20) if city.name == "London" else n
    if outward in ("EC", "WC"):
        district = rng.between(1, 2)
    inward = f"{rng.between(0, 9)}{rng.pick(_GB_INWARD)}{rng.pick(_GB_INWARD)}"
    return f"{outward}{district} {inward}"


# --- phones ------------------------------------------------------------------------------
_MOBILE = {
    "IT": (
        "320",
        "324",
        "327",
        "328",
        "329",
        "331",
        "333",
        "334",
        "335",
        "338",
        "339",
        "340",
        "342",
        "345",
        "346",
        "347",
        "348",
        "349",
        "366",
        "380",
        "388",
        "389",
        "391",
        "392",
    ),
    "PT": ("91", "92", "93", "96"),
    "PL": ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"),
    "IR": (
        "912",
        "913",
        "914",
        "915",
        "916",
        "917",
        "919",
        "935",
        "936",
        "937",
        "938",
        "939",
        "901",
        "902",
        "930",
        "933",
    ),
    "GB": ("74", "75", "78", "79"),
}
_NSN_LENGTH = {"IT": 10, "PT": 9, "PL": 9, "IR": 10, "GB": 10}


def mobile_nsn(rng: Rng, city: City) -> str:
    """A mobile number's national significant number (no trunk prefix, no country code)."""
    c = city.country
    if c == "BR":
        return f"{city.area[0]}9{rng.between(6, 9)}{rng.digits(7)}"
    if c == "US":
        return _us_number(rng, city)
    prefix = rng.pick(_MOBILE[c])
    number = prefix + rng.digits(_NSN_LENGTH[c] - len(prefix))
    if c == "GB" and number.startswith("7911"):
        number = "7912" + number[4:]  # parts of 07911 are unallocated
    return number


def landline_nsn(rng: Rng, city: City) -> str:
    """A fixed line's national significant number in ``city`` (Italy keeps its leading 0)."""
    c, area = city.country, rng.pick(city.area)
    if c == "US":
        return _us_number(rng, city)
    if c == "BR":
        return f"{area}{rng.between(2, 5)}{rng.digits(7)}"
    if c == "IT":
        return f"0{area}{rng.between(2, 9)}{rng.digits(8 - len(area))}"
    if c == "GB":
        if area == "20":
            return f"20{rng.pick('378')}{rng.digits(7)}"
        # the first local digit of each area's allocated ranges (0117 9xx, 029 2xxx ...)
        first = {"117": "9", "115": "9", "121": "4"}.get(area, "2")
        return f"{area}{first}{rng.digits(10 - len(area) - 1)}"
    length = {"PT": 9, "PL": 9, "IR": 10, "GB": 10}[c]
    return f"{area}{rng.between(2, 8)}{rng.digits(length - len(area) - 1)}"


def _us_number(rng: Rng, city: City) -> str:
    exchange = f"{rng.between(2, 9)}{rng.digits(2)}"
    if exchange[1:] == "11" or exchange == "555":
        exchange = "456"
    return f"{rng.pick(city.area)}{exchange}{rng.digits(4)}"
