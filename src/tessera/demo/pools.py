"""Value pools for the demo data: names, streets, cities, phones and e-mail domains per country.

Names and streets are drawn once from Faker (seeded) and kept as lists *with* repeats, so a
uniform pick from a pool keeps Faker's own frequencies; curated tables supply what Faker gets
wrong for a realistic demo (city/postcode pairs, mobile prefixes, transliterated Iranian names).
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from faker import Faker

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

_T = TypeVar("_T")


class DemoRandom(random.Random):
    """A seeded ``random.Random`` with faster float-based ``choice``/``randint``/``randrange``.

    The stdlib versions draw unbiased bits in a Python loop; a 53-bit float is exact enough
    for picking among at most a few billion values, and twice as fast.
    """

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        """One element of ``seq``."""
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        """An integer in ``[a, b]``."""
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        """An integer in ``range(start, stop, step)``."""
        if stop is None:
            start, stop = 0, start
        count = (stop - start + step - 1) // step
        if count <= 0:
            raise ValueError("empty range for randrange()")
        return start + step * int(self.random() * count)


def cumulative(*weights: float) -> tuple[float, ...]:
    """Cumulative weights for :func:`weighted` (computed once, not on every draw)."""
    return tuple(float(w) for w in itertools.accumulate(weights))


def weighted(rng: random.Random, items: SupportsLenAndGetItem[_T], cum: tuple[float, ...]) -> _T:
    """One of ``items`` drawn with cumulative weights ``cum`` (a fast ``rng.choices(...)[0]``)."""
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


COUNTRIES: tuple[str, ...] = ("IT", "BR", "PT", "PL", "IR", "GB", "US")
COUNTRY_WEIGHTS: tuple[int, ...] = (34, 16, 7, 15, 8, 10, 10)
COUNTRY_CUM = cumulative(*COUNTRY_WEIGHTS)
LOCALE = {"IT": "it_IT", "BR": "pt_BR", "PT": "pt_PT", "PL": "pl_PL", "IR": "fa_IR",
          "GB": "en_GB", "US": "en_US"}  # fmt: skip
LANGUAGE = {"IT": "it", "BR": "pt", "PT": "pt", "PL": "pl", "IR": "en", "GB": "en", "US": "en"}
DIAL = {"IT": "39", "BR": "55", "PT": "351", "PL": "48", "IR": "98", "GB": "44", "US": "1"}
CURRENCY = {"IT": "EUR", "BR": "BRL", "PT": "EUR", "PL": "PLN", "IR": "IRR", "GB": "GBP",
            "US": "USD"}  # fmt: skip
EUR_RATE = {"EUR": 1.0, "BRL": 5.6, "PLN": 4.3, "GBP": 0.85, "USD": 1.08, "IRR": 450_000.0}

COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "it": {"IT": "Italia", "BR": "Brasile", "PT": "Portogallo", "PL": "Polonia", "IR": "Iran",
           "GB": "Regno Unito", "US": "Stati Uniti"},
    "en": {"IT": "Italy", "BR": "Brazil", "PT": "Portugal", "PL": "Poland", "IR": "Iran",
           "GB": "United Kingdom", "US": "United States"},
    "pl": {"IT": "Włochy", "BR": "Brazylia", "PT": "Portugalia", "PL": "Polska", "IR": "Iran",
           "GB": "Wielka Brytania", "US": "USA"},
    "pt": {"IT": "Itália", "BR": "Brasil", "PT": "Portugal", "PL": "Polônia", "IR": "Irã",
           "GB": "Reino Unido", "US": "Estados Unidos"},
}  # fmt: skip

# (city, first postcode, last postcode) -- postcodes are drawn inside the range.
CITIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "IT": (("Milano", 20121, 20162), ("Roma", 118, 199), ("Torino", 10121, 10156),
           ("Napoli", 80121, 80147), ("Bologna", 40121, 40141), ("Firenze", 50121, 50145),
           ("Genova", 16121, 16167), ("Palermo", 90121, 90151), ("Verona", 37121, 37142),
           ("Bari", 70121, 70132), ("Padova", 35121, 35143), ("Brescia", 25121, 25136),
           ("Bergamo", 24121, 24129), ("Cagliari", 9121, 9134), ("Trieste", 34121, 34151)),
    "BR": (("São Paulo", 1000000, 5999999), ("Rio de Janeiro", 20000000, 23799999),
           ("Belo Horizonte", 30000000, 31999999), ("Curitiba", 80000000, 82999999),
           ("Porto Alegre", 90000000, 91999999), ("Salvador", 40000000, 42599999),
           ("Recife", 50000000, 52999999), ("Fortaleza", 60000000, 61599999),
           ("Brasília", 70000000, 72799999), ("Campinas", 13000000, 13139999)),
    "PT": (("Lisboa", 1000001, 1990999), ("Porto", 4000001, 4369999), ("Braga", 4700001, 4719999),
           ("Coimbra", 3000001, 3049999), ("Faro", 8000001, 8009999),
           ("Aveiro", 3800001, 3814999), ("Setúbal", 2900001, 2914999)),
    "PL": (("Warszawa", 1, 4999), ("Kraków", 30001, 31999), ("Łódź", 90001, 94999),
           ("Wrocław", 50001, 54999), ("Poznań", 60001, 61999), ("Gdańsk", 80001, 80999),
           ("Szczecin", 70001, 71999), ("Lublin", 20001, 20999), ("Katowice", 40001, 40999)),
    "IR": (("Tehran", 1100000000, 1999999999), ("Mashhad", 9100000000, 9199999999),
           ("Isfahan", 8100000000, 8199999999), ("Shiraz", 7100000000, 7199999999),
           ("Tabriz", 5100000000, 5199999999), ("Karaj", 3100000000, 3199999999)),
    "GB": (("London", 0, 0), ("Manchester", 1, 20), ("Birmingham", 1, 30), ("Leeds", 1, 17),
           ("Glasgow", 1, 40), ("Edinburgh", 1, 16), ("Bristol", 1, 16), ("Liverpool", 1, 25)),
    "US": (("New York", 10001, 10282), ("Los Angeles", 90001, 90089), ("Chicago", 60601, 60661),
           ("Houston", 77001, 77099), ("San Francisco", 94102, 94134), ("Seattle", 98101, 98199),
           ("Boston", 2108, 2137), ("Miami", 33101, 33199), ("Austin", 78701, 78759)),
}  # fmt: skip
_GB_OUTWARD = {"Manchester": "M", "Birmingham": "B", "Leeds": "LS", "Glasgow": "G",
               "Edinburgh": "EH", "Bristol": "BS", "Liverpool": "L"}  # fmt: skip
_LONDON = ("SW1A", "SW3", "SE1", "E1", "E14", "N1", "NW1", "W2", "WC1", "EC2", "SW11", "N16")
_GB_INWARD = "ABDEFGHJLNPQRSTUWXYZ"
_BR_AREA = {"São Paulo": "11", "Rio de Janeiro": "21", "Belo Horizonte": "31", "Curitiba": "41",
            "Porto Alegre": "51", "Salvador": "71", "Recife": "81", "Fortaleza": "85",
            "Brasília": "61", "Campinas": "19"}  # fmt: skip
_US_AREA = {"New York": ("212", "646", "917"), "Los Angeles": ("213", "310", "323"),
            "Chicago": ("312", "773"), "Houston": ("713", "832"), "San Francisco": ("415", "628"),
            "Seattle": ("206",), "Boston": ("617", "857"), "Miami": ("305", "786"),
            "Austin": ("512", "737")}  # fmt: skip
_MOBILE = {
    "IT": ("320", "324", "327", "328", "329", "330", "331", "333", "334", "335", "338", "339",
           "340", "342", "345", "346", "347", "348", "349", "366", "380", "388", "389", "392"),
    "PT": ("91", "92", "93", "96"),
    "PL": ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"),
    "IR": ("912", "913", "915", "919", "935", "936", "937", "938", "939", "901", "902", "990"),
    "GB": ("740", "741", "742", "743", "745", "746", "747", "748", "749", "750", "751", "752",
           "753", "754", "757", "758", "759", "780", "781", "782", "783", "784", "785", "786",
           "787", "788", "789", "790", "792", "793", "794", "795", "796", "797", "798", "799"),
}  # fmt: skip
_NSN_LEN = {"IT": 10, "BR": 11, "PT": 9, "PL": 9, "IR": 10, "GB": 10, "US": 10}

EMAIL_DOMAINS: dict[str, tuple[tuple[str, int], ...]] = {
    "IT": (("gmail.com", 45), ("libero.it", 15), ("hotmail.it", 10), ("yahoo.it", 8),
           ("virgilio.it", 6), ("outlook.it", 6), ("alice.it", 5), ("tiscali.it", 5)),
    "BR": (("gmail.com", 55), ("hotmail.com", 20), ("yahoo.com.br", 10), ("uol.com.br", 8),
           ("bol.com.br", 7)),
    "PT": (("gmail.com", 50), ("sapo.pt", 20), ("hotmail.com", 20), ("outlook.pt", 10)),
    "PL": (("gmail.com", 40), ("wp.pl", 20), ("onet.pl", 15), ("o2.pl", 10), ("interia.pl", 15)),
    "IR": (("gmail.com", 70), ("yahoo.com", 25), ("chmail.ir", 5)),
    "GB": (("gmail.com", 40), ("hotmail.co.uk", 20), ("btinternet.com", 10),
           ("outlook.com", 15), ("yahoo.co.uk", 10), ("icloud.com", 5)),
    "US": (("gmail.com", 50), ("yahoo.com", 15), ("outlook.com", 15), ("aol.com", 5),
           ("icloud.com", 15)),
}  # fmt: skip

# Faker's fa_IR data is in Persian script; a Latin-script demo uses common transliterations.
_IR_MALE = ("Mohammad", "Ali", "Hossein", "Reza", "Mehdi", "Amir", "Hamid", "Saeed", "Majid",
            "Mohsen", "Hassan", "Javad", "Ahmad", "Behnam", "Dariush", "Kourosh", "Arash",
            "Babak", "Omid", "Farhad", "Mohammad", "Ali", "Reza", "Mohammad")  # fmt: skip
_IR_FEMALE = ("Zahra", "Fatemeh", "Maryam", "Sara", "Narges", "Leila", "Mahsa", "Neda", "Shirin",
              "Parisa", "Elham", "Azadeh", "Somayeh", "Roya", "Niloufar", "Samira", "Mina",
              "Yasaman", "Hoda", "Golnaz", "Zahra", "Fatemeh", "Maryam")  # fmt: skip
_IR_FAMILY = ("Ahmadi", "Hosseini", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari",
              "Rahimi", "Hashemi", "Ghasemi", "Mousavi", "Sadeghi", "Kazemi", "Rostami",
              "Tehrani", "Shirazi", "Esfahani", "Bagheri", "Akbari", "Zare", "Heidari", "Nazari",
              "Ebrahimi", "Alavi", "Farahani", "Najafi", "Soltani", "Khosravi", "Amini",
              "Asadi")  # fmt: skip
_IR_STREETS = ("Valiasr Ave", "Enghelab St", "Azadi St", "Shariati St", "Motahari St",
               "Taleghani St", "Ferdowsi St", "Hafez St", "Beheshti St", "Jomhouri St",
               "Kargar St", "Mirdamad Blvd", "Pasdaran Ave", "Zand Blvd",
               "Imam Reza St")  # fmt: skip
_IR_COMPANIES = ("Pars Tejarat", "Kavir Steel", "Arian Sazeh", "Tous Software", "Zagros Trading",
                 "Sepahan Pars", "Alborz Logistics", "Persia Foods")  # fmt: skip

# Frequent names added to Faker's (often uniform) lists; each gets a share of its pool.
_BOOST: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "IT": (("Giuseppe", "Francesco", "Marco", "Alessandro", "Luca", "Andrea", "Giovanni",
            "Roberto", "Antonio"), ("Maria", "Giulia", "Francesca", "Anna", "Chiara", "Sara"),
           ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Ferrà", "Greco")),
    "BR": (("João", "José", "Roberto", "Carlos", "Paulo", "Lucas"),
           ("Maria", "Ana", "Juliana", "Fernanda"),
           ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Conceição")),
    "PT": (("João", "José", "António", "Francisco"), ("Maria", "Ana", "Beatriz"),
           ("Silva", "Santos", "Ferreira", "Pereira", "Gonçalves")),
    "PL": (("Łukasz", "Piotr", "Tomasz", "Krzysztof", "Paweł", "Michał"),
           ("Katarzyna", "Anna", "Małgorzata", "Agnieszka", "Magdalena"),
           ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski")),
    "GB": (("William", "James", "John", "Robert", "David"),
           ("Elizabeth", "Sarah", "Emma", "Margaret"), ("Smith", "Jones", "Williams", "Taylor")),
    "US": (("William", "James", "John", "Robert", "Michael"),
           ("Elizabeth", "Jennifer", "Sarah", "Margaret"), ("Smith", "Johnson", "Brown")),
}  # fmt: skip

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "it": ("Responsabile acquisti", "Direttore commerciale", "Impiegata amministrativa",
           "Marketing Manager", "Titolare", "Responsabile IT", "Agente di commercio",
           "Buyer", "Amministratore delegato", "Store Manager"),
    "pt": ("Gerente de compras", "Diretor comercial", "Analista de marketing", "Sócio",
           "Coordenador de TI", "Comprador", "Gerente de loja", "Assistente administrativo"),
    "pl": ("Kierownik zakupów", "Dyrektor handlowy", "Specjalista ds. marketingu", "Właściciel",
           "Kierownik IT", "Przedstawiciel handlowy", "Prezes zarządu", "Kierownik sklepu"),
    "en": ("Purchasing Manager", "Sales Director", "Marketing Manager", "Owner", "IT Manager",
           "Buyer", "CEO", "Store Manager", "Account Executive", "Operations Lead"),
}  # fmt: skip

NICKNAMES: dict[str, tuple[str, ...]] = {
    "Giuseppe": ("Beppe", "Peppe"), "Francesco": ("Cecco", "Franco"), "Alessandro": ("Sandro",),
    "Giovanni": ("Gianni",), "Antonio": ("Tonino",), "Francesca": ("Franci",),
    "Roberto": ("Beto", "Roby"), "José": ("Zé",), "Francisco": ("Chico",), "Eduardo": ("Dudu",),
    "Katarzyna": ("Kasia",), "Małgorzata": ("Gosia",), "Aleksandra": ("Ola",),
    "Agnieszka": ("Aga",), "Tomasz": ("Tomek",), "Piotr": ("Piotrek",), "Magdalena": ("Magda",),
    "Krzysztof": ("Krzysiek",), "Joanna": ("Asia",), "William": ("Bill", "Will"),
    "Robert": ("Bob", "Rob"), "James": ("Jim",), "Elizabeth": ("Liz", "Beth"),
    "Margaret": ("Maggie",), "Michael": ("Mike",), "Thomas": ("Tom",), "Jennifer": ("Jen",),
    "Christopher": ("Chris",), "Daniel": ("Dan",), "Joseph": ("Joe",), "Matthew": ("Matt",),
    "Mohammad": ("Mohammed", "Mohamad"), "Hossein": ("Hosein", "Hussein"),
    "Fatemeh": ("Fatima",), "Saeed": ("Said",),
}  # fmt: skip


@dataclass(frozen=True)
class LocalePools:
    """Names, streets and companies for one country, drawn with repeats."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    streets: tuple[str, ...]
    companies: tuple[str, ...]


def _draw(fake: Faker, method: str, n: int) -> list[str]:
    fn = getattr(fake, method)
    return [str(fn()) for _ in range(n)]


def _boosted(base: list[str], extra: tuple[str, ...]) -> tuple[str, ...]:
    share = max(1, len(base) // 40)
    return tuple(base + [name for name in extra for _ in range(share)])


@lru_cache(maxsize=8)
def locale_pools(seed: int, size: int = 600) -> dict[str, LocalePools]:
    """Faker-drawn pools for every demo country (cached per seed; Faker is slow per call)."""
    out: dict[str, LocalePools] = {}
    for i, country in enumerate(COUNTRIES):
        fake = Faker(LOCALE[country])
        fake.seed_instance(seed * 101 + i)
        if country == "IR":
            out[country] = LocalePools(_IR_MALE, _IR_FEMALE, _IR_FAMILY, _IR_STREETS,
                                       _IR_COMPANIES)  # fmt: skip
            continue
        boost_m, boost_f, boost_l = _BOOST[country]
        family = _draw(fake, "last_name_male" if country == "PL" else "last_name", size)
        streets = [s for s in _draw(fake, "street_name", size // 2) if "\n" not in s]
        companies = [c.replace("\n", " ") for c in _draw(fake, "company", size // 4)]
        out[country] = LocalePools(
            male=_boosted(_draw(fake, "first_name_male", size), boost_m),
            female=_boosted(_draw(fake, "first_name_female", size), boost_f),
            family=_boosted(family, boost_l),
            streets=tuple(streets),
            companies=tuple(companies),
        )
    return out


def feminine_family(name: str, country: str) -> str:
    """Polish family names agree with gender: Kowalski -> Kowalska."""
    if country == "PL":
        for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if name.endswith(male):
                return name[: -len(male)] + female
    return name


def street_line(rng: random.Random, country: str, street: str) -> str:
    """A one-line street address in the country's usual order."""
    n = rng.randint(1, 180)
    if country == "IT":
        return f"{street} {n}" if rng.random() < 0.7 else f"{street}, {n}"
    if country in ("BR", "PT"):
        line = f"{street}, {n * 7 if country == 'BR' else n}"
        return line + (f", apto {rng.randint(11, 154)}" if rng.random() < 0.3 else "")
    if country == "PL":
        flat = f"/{rng.randint(1, 60)}" if rng.random() < 0.6 else ""
        return f"ul. {street} {n}{flat}"
    if country == "IR":
        return f"No. {n}, {street}"
    return f"{n * (11 if country == 'US' else 1)} {street}"


def city_postcode(rng: random.Random, country: str) -> tuple[str, str]:
    """A city and a postcode that plausibly belongs to it."""
    city, lo, hi = rng.choice(CITIES[country])
    code = rng.randint(lo, hi)
    if country in ("IT", "US"):
        return city, f"{code:05d}"
    if country == "BR":
        return city, f"{code // 1000:05d}-{code % 1000:03d}"
    if country == "PT":
        return city, f"{code // 1000:04d}-{code % 1000:03d}"
    if country == "PL":
        return city, f"{code // 1000:02d}-{code % 1000:03d}"
    if country == "IR":
        return city, str(code)
    outward = rng.choice(_LONDON) if city == "London" else f"{_GB_OUTWARD[city]}{code}"
    inward = f"{rng.randint(1, 9)}{rng.choice(_GB_INWARD)}{rng.choice(_GB_INWARD)}"
    return city, f"{outward} {inward}"


def _digits(rng: random.Random, n: int) -> str:
    return f"{rng.randrange(10**n):0{n}d}"


def mobile_number(rng: random.Random, country: str, city: str) -> str:
    """A valid mobile national significant number (digits only, no trunk prefix)."""
    if country == "BR":
        area = (
            _BR_AREA.get(city, "11") if rng.random() < 0.85 else rng.choice(list(_BR_AREA.values()))
        )
        return area + "9" + rng.choice("6789") + _digits(rng, 7)
    if country == "US":
        area = rng.choice(_US_AREA.get(city, ("212",)))
        exchange = rng.choice("23456789") + _digits(rng, 2)
        if exchange == "555" or exchange[1:] == "11":
            exchange = "58" + exchange[2]
        return area + exchange + _digits(rng, 4)
    prefix = rng.choice(_MOBILE[country])
    return prefix + _digits(rng, _NSN_LEN[country] - len(prefix))


def _grouped(country: str, nsn: str) -> str:
    if country == "IT":
        return f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    if country == "BR":
        return f"{nsn[:2]} {nsn[2:7]}-{nsn[7:]}"
    if country in ("PT", "PL"):
        return f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    if country == "IR":
        return f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    if country == "GB":
        return f"{nsn[:4]} {nsn[4:]}"
    return f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"


def international(country: str, nsn: str, style: int = 0) -> str:
    """``+39 347 123 4567`` (0), ``+393471234567`` (1) or ``0039 3471234567`` (2)."""
    cc = DIAL[country]
    if style == 1:
        return f"+{cc}{nsn}"
    if style == 2:
        return f"00{cc} {nsn}"
    return f"+{cc} {_grouped(country, nsn)}"


def national(rng: random.Random, country: str, nsn: str) -> str:
    """The number as people in the country write it, in one of several styles."""
    pick = rng.random()
    if country == "IT":
        forms = (f"{nsn[:3]} {nsn[3:]}", _grouped(country, nsn), nsn, f"{nsn[:3]}-{nsn[3:]}")
    elif country == "BR":
        forms = (f"({nsn[:2]}) {nsn[2:7]}-{nsn[7:]}", _grouped(country, nsn), nsn,
                 f"({nsn[:2]}){nsn[2:]}")  # fmt: skip
    elif country in ("PT", "PL"):
        forms = (_grouped(country, nsn), nsn, f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}", nsn)
    elif country == "IR":
        forms = (f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"0{nsn}", f"0{nsn[:3]}-{nsn[3:]}", f"0{nsn}")
    elif country == "GB":
        forms = (f"0{nsn[:4]} {nsn[4:]}", f"0{nsn}", f"0{nsn[:4]} {nsn[4:7]} {nsn[7:]}",
                 f"0{nsn[:4]} {nsn[4:]}")  # fmt: skip
    else:
        forms = (f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}", _grouped(country, nsn),
                 f"{nsn[:3]}.{nsn[3:6]}.{nsn[6:]}", nsn)  # fmt: skip
    return forms[min(3, int(pick * 4))]


def email_domain(rng: random.Random, country: str) -> str:
    """A free-mail domain popular in the country."""
    names, cum = _DOMAIN_CUM[country]
    return names[bisect.bisect(cum, rng.random() * cum[-1])]


_DOMAIN_CUM = {
    country: (tuple(d for d, _ in options), tuple(itertools.accumulate(w for _, w in options)))
    for country, options in EMAIL_DOMAINS.items()
}
