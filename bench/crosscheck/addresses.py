"""Street addresses per country, and the ways one address is written.

An address is held once, in a canonical form (street, number, unit, postcode, city); each
source writes it its own way: abbreviated street types (``Via`` / ``V.``, ``Avenida`` /
``Av.``, ``Street`` / ``St``), the number before or after the street, with or without a comma,
the flat kept or dropped, and postcodes with their leading zero lost or their dash dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.crosscheck.names import surname_pool
from bench.crosscheck.places import City, postcode
from bench.crosscheck.rand import Rng, Weighted

_STREET_NAMES = {
    "IT": (
        "Roma",
        "Giuseppe Garibaldi",
        "Giuseppe Mazzini",
        "Dante Alighieri",
        "Cavour",
        "Vittorio Emanuele II",
        "Giacomo Matteotti",
        "XX Settembre",
        "IV Novembre",
        "della Repubblica",
        "Guglielmo Marconi",
        "Giuseppe Verdi",
        "San Giovanni",
        "Nazionale",
        "Milano",
        "Torino",
        "Firenze",
        "dei Mille",
        "Alessandro Manzoni",
        "Giacomo Leopardi",
        "Galileo Galilei",
        "Aldo Moro",
        "Antonio Gramsci",
        "Trieste",
        "Trento",
        "Venezia",
        "Cesare Battisti",
        "Nino Bixio",
        "Giosuè Carducci",
        "Giovanni Pascoli",
        "Umberto I",
        "della Libertà",
        "dell'Indipendenza",
        "Martiri della Libertà",
        "Santa Maria",
    ),
    "PT": (
        "Augusta",
        "da Liberdade",
        "de São Bento",
        "Almirante Reis",
        "da Prata",
        "do Ouro",
        "Garrett",
        "Alexandre Herculano",
        "Luís de Camões",
        "25 de Abril",
        "da República",
        "Dom João V",
        "de Santa Catarina",
        "do Carmo",
        "da Boavista",
        "Fernão de Magalhães",
        "Cinco de Outubro",
        "Gago Coutinho",
        "Infante Dom Henrique",
        "dos Combatentes",
        "Marquês de Pombal",
        "Miguel Bombarda",
        "Sá da Bandeira",
        "Costa Cabral",
    ),
    "BR": (
        "Paulista",
        "Augusta",
        "Brigadeiro Faria Lima",
        "Rebouças",
        "da Consolação",
        "Sete de Setembro",
        "XV de Novembro",
        "Tiradentes",
        "Rio Branco",
        "Getúlio Vargas",
        "Dom Pedro II",
        "Santos Dumont",
        "Barão de Mauá",
        "das Flores",
        "São João",
        "Ipiranga",
        "Atlântica",
        "Nossa Senhora de Copacabana",
        "Voluntários da Pátria",
        "Marechal Deodoro",
        "Presidente Vargas",
        "Amazonas",
        "Afonso Pena",
        "Sete de Abril",
    ),
    "PL": (
        "Marszałkowska",
        "Piękna",
        "Mickiewicza",
        "Słowackiego",
        "Kościuszki",
        "Sienkiewicza",
        "Jana Pawła II",
        "Długa",
        "Krótka",
        "Polna",
        "Leśna",
        "Ogrodowa",
        "Lipowa",
        "Szkolna",
        "Kwiatowa",
        "Warszawska",
        "Kolejowa",
        "Żeromskiego",
        "Piłsudskiego",
        "3 Maja",
        "Grunwaldzka",
        "Floriańska",
        "Chopina",
        "Reymonta",
        "Konopnickiej",
        "Prusa",
        "Wojska Polskiego",
        "Słoneczna",
        "Jerozolimskie",
        "Niepodległości",
    ),
    "IR": (
        "Valiasr",
        "Enghelab",
        "Azadi",
        "Shariati",
        "Motahari",
        "Beheshti",
        "Taleghani",
        "Ferdowsi",
        "Jomhouri",
        "Hafez",
        "Pasdaran",
        "Mirdamad",
        "Keshavarz",
        "Imam Khomeini",
        "Saadi",
        "Zand",
        "Chaharbagh",
        "Sepah",
        "Jordan",
        "Golestan",
    ),
    "GB": (
        "High",
        "Station",
        "Main",
        "Park",
        "Church",
        "London",
        "Victoria",
        "Green",
        "Manor",
        "Queen's",
        "King's",
        "Mill",
        "Albert",
        "Windsor",
        "New",
        "Grange",
        "Chester",
        "York",
        "Springfield",
        "George",
        "North",
        "South",
        "West",
        "Richmond",
        "Elm",
        "Oak",
    ),
    "US": (
        "Main",
        "Oak",
        "Pine",
        "Maple",
        "Cedar",
        "Elm",
        "Washington",
        "Lake",
        "Hill",
        "Park",
        "2nd",
        "3rd",
        "5th",
        "Sunset",
        "Lincoln",
        "Jackson",
        "Madison",
        "Franklin",
        "Highland",
        "Jefferson",
        "Market",
        "Church",
        "Ridge",
        "Walnut",
        "Center",
        "Spring",
    ),
}
_TYPES = {
    "IT": Weighted(
        [("Via", 70), ("Viale", 10), ("Corso", 7), ("Piazza", 8), ("Vicolo", 3), ("Largo", 2)]
    ),
    "PT": Weighted([("Rua", 70), ("Avenida", 15), ("Travessa", 7), ("Largo", 4), ("Praça", 4)]),
    "BR": Weighted([("Rua", 72), ("Avenida", 18), ("Alameda", 5), ("Travessa", 3), ("Praça", 2)]),
    "PL": Weighted([("ul.", 88), ("al.", 8), ("pl.", 4)]),
    "IR": Weighted([("St", 80), ("Blvd", 15), ("Alley", 5)]),
    "GB": Weighted(
        [
            ("Street", 30),
            ("Road", 35),
            ("Lane", 10),
            ("Avenue", 8),
            ("Close", 6),
            ("Drive", 5),
            ("Gardens", 3),
            ("Way", 3),
        ]
    ),
    "US": Weighted(
        [
            ("St", 35),
            ("Ave", 25),
            ("Rd", 12),
            ("Dr", 10),
            ("Blvd", 5),
            ("Ln", 6),
            ("Way", 4),
            ("Ct", 3),
        ]
    ),
}
#: Street type -> the abbreviations people type for it (and back).
_SHORT = {
    "Via": ("V.",),
    "Viale": ("V.le",),
    "Corso": ("C.so",),
    "Piazza": ("P.za", "P.zza"),
    "Rua": ("R.",),
    "Avenida": ("Av.", "Avda."),
    "Travessa": ("Tv.", "Trav."),
    "Alameda": ("Al.",),
    "Praça": ("Pç.", "Pça."),
    "ul.": ("", "ulica"),
    "al.": ("aleja",),
    "Street": ("St", "St."),
    "Road": ("Rd", "Rd."),
    "Lane": ("Ln",),
    "Avenue": ("Ave",),
    "Drive": ("Dr",),
    "Close": ("Cl",),
    "St": ("Street", "St."),
    "Ave": ("Avenue", "Av."),
    "Rd": ("Road",),
    "Dr": ("Drive",),
    "Blvd": ("Boulevard",),
    "Ln": ("Lane",),
}


@dataclass(frozen=True, slots=True)
class Address:
    """One home, in canonical form."""

    city: City
    kind: str
    """The street type (Via, Rua, ul., Road ...)."""
    street: str
    number: str
    unit: str
    """Flat / floor ('int. 5', '2º Esq.', 'apto 52', 'm. 5', 'Flat 3', 'Apt 4B') or ''."""
    postcode: str

    @property
    def country(self) -> str:
        """ISO code of the address's country."""
        return self.city.country

    def line(self) -> str:
        """The canonical one-line street address (the truth's form)."""
        return format_line(self, self.kind, with_unit=True, comma=True)


def make_address(rng: Rng, city: City) -> Address:
    """A random home in ``city``."""
    c = city.country
    kind = _TYPES[c].draw(rng)
    names = _STREET_NAMES[c]
    if c in ("IT", "PT", "BR") and rng.chance(0.3):
        # half the streets of Southern Europe are named after someone
        street = surname_pool("IT" if c == "IT" else "PT").draw(rng)
    else:
        street = rng.pick(names)
    number = str(1 + int(rng.random() ** 2 * 180))
    unit = _unit(rng, c)
    return Address(city, kind, street, number, unit, postcode(rng, city))


def same_building(rng: Rng, home: Address) -> Address:
    """Another flat in the same building (same street and number, its own unit)."""
    return Address(
        home.city, home.kind, home.street, home.number, _unit(rng, home.country, 1.0), home.postcode
    )


def _unit(rng: Rng, c: str, p: float = 0.0) -> str:
    share = {"IT": 0.3, "PT": 0.6, "BR": 0.5, "PL": 0.65, "IR": 0.4, "GB": 0.25, "US": 0.2}[c]
    if not rng.chance(max(p, share)):
        return ""
    n = rng.between(1, 30)
    if c == "IT":
        return f"int. {n}" if rng.chance(0.7) else f"scala {'ABCD'[n % 4]}"
    if c == "PT":
        return f"{rng.between(1, 8)}º {rng.pick(('Esq.', 'Dto.', 'Frente'))}"
    if c == "BR":
        return f"apto {rng.between(1, 25)}{rng.between(1, 4)}"
    if c == "PL":
        return str(n)
    if c == "IR":
        return f"Unit {rng.between(1, 12)}"
    if c == "GB":
        return f"Flat {n}"
    return f"Apt {rng.between(1, 20)}{rng.pick('ABCD')}"


def format_line(address: Address, kind: str, *, with_unit: bool, comma: bool) -> str:
    """One written form of the street line, in the country's usual order."""
    a, c = address, address.country
    sep = ", " if comma else " "
    street = f"{kind} {a.street}".strip()
    if c in ("GB", "US"):
        line = f"{a.number} {a.street} {kind}".rstrip()
        if with_unit and a.unit:
            line = f"{a.unit}, {line}" if c == "GB" else f"{line} {a.unit}"
        return line
    if c == "PL":
        number = f"{a.number}/{a.unit}" if with_unit and a.unit else a.number
        return f"{street} {number}"
    if c == "IR":
        line = f"{a.street} {kind}, No. {a.number}" if comma else f"{a.street} {kind} {a.number}"
        return f"{line}, {a.unit}" if with_unit and a.unit else line
    line = f"{street}{sep}{a.number}"
    if with_unit and a.unit:
        line = f"{line}{' - ' if c == 'BR' else ', ' if comma else ' '}{a.unit}"
    return line


def written_line(rng: Rng, address: Address, careful: float) -> str:
    """The street line as one source holds it; ``careful`` is the chance of the canonical form."""
    if rng.chance(careful):
        return address.line()
    kind = address.kind
    if rng.chance(0.5):
        kind = rng.pick(_SHORT.get(kind, (kind,)))
    if address.country == "PL" and rng.chance(0.3) and address.unit:
        # Polish flats are also written 'm. 5'
        return f"{kind} {address.street} {address.number} m. {address.unit}".strip()
    return format_line(address, kind, with_unit=rng.chance(0.6), comma=rng.chance(0.5))


def written_postcode(rng: Rng, address: Address, careless: float) -> str:
    """The postcode as typed: sometimes without its dash or space, or its leading zero lost."""
    code = address.postcode
    if not rng.chance(careless):
        return code
    r = rng.random()
    if r < 0.45:
        code = code.replace("-", "").replace(" ", "")
    elif r < 0.65 and address.country == "GB":
        code = code.lower()
    elif r < 0.8 and address.country == "PT":
        code = code.split("-")[0]  # the four-digit form of the old system
    if code[:1] == "0" and rng.chance(0.3):
        code = code.lstrip("0")  # stored as a number somewhere on the way
    return code


def written_city(rng: Rng, city: City, alias: float) -> str:
    """The city name, or one of its other spellings."""
    if city.aliases and rng.chance(alias):
        return rng.pick(city.aliases)
    return city.name
