"""The demo web shop's products, shared by the order export and the web events."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tessera.demo.pools import EUR_RATE, cumulative, weighted


@dataclass(frozen=True)
class Product:
    """One catalogue item with its price in euro."""

    sku: str
    name: str
    category: str
    eur: float


_ITEMS: dict[str, tuple[tuple[str, float], ...]] = {
    "books": (("The Name of the Rose", 14.9), ("Dom Casmurro", 9.9), ("Pan Tadeusz", 11.5),
              ("Pride and Prejudice", 8.9), ("The Little Prince", 7.5), ("Sapiens", 19.9),
              ("Atomic Habits", 16.9), ("The Book of Disquiet", 13.9)),
    "sci-fi books": (("Dune", 12.9), ("Foundation", 10.9), ("Solaris", 11.9),
                     ("Neuromancer", 10.5), ("The Left Hand of Darkness", 11.9),
                     ("Hyperion", 12.5), ("The Three-Body Problem", 13.9), ("I, Robot", 9.9)),
    "electronics": (("Wireless Earbuds", 79.0), ("USB-C Charger 65W", 34.9),
                    ("Bluetooth Speaker", 59.0), ("E-reader 6in", 129.0), ("Smartwatch", 199.0),
                    ("Power Bank 20000mAh", 39.9), ("HDMI Cable 2m", 9.9)),
    "pet food": (("Dry Cat Food 2kg", 18.9), ("Dog Treats 500g", 7.9),
                 ("Wet Cat Food 12x85g", 11.5), ("Puppy Food 3kg", 24.9)),
    "groceries": (("Extra Virgin Olive Oil 1L", 11.9), ("Espresso Coffee Beans 1kg", 17.5),
                  ("Basmati Rice 5kg", 14.9), ("Green Tea 100 bags", 6.9),
                  ("Dark Chocolate 100g", 2.9), ("Pasta Selection 6x500g", 8.4)),
    "home & garden": (("Scented Candle", 14.0), ("Cotton Bath Towel", 19.0),
                      ("Ceramic Mug Set", 24.0), ("Herb Seeds Kit", 12.0)),
    "toys": (("Building Blocks Set", 49.9), ("Jigsaw Puzzle 1000pcs", 17.9),
             ("Plush Fox", 15.9)),
}  # fmt: skip
CATEGORIES: tuple[str, ...] = tuple(_ITEMS)
_CATEGORY_CUM = cumulative(18, 10, 14, 12, 22, 14, 10)
_PREFIX = {"books": "BK", "sci-fi books": "SF", "electronics": "EL", "pet food": "PF",
           "groceries": "GR", "home & garden": "HG", "toys": "TY"}  # fmt: skip

PRODUCTS: dict[str, tuple[Product, ...]] = {
    category: tuple(
        Product(f"{_PREFIX[category]}-{1000 + 37 * i}", name, category, eur)
        for i, (name, eur) in enumerate(items)
    )
    for category, items in _ITEMS.items()
}


def favourite_categories(rng: random.Random) -> list[str]:
    """One or two categories a person mostly buys from."""
    k = 1 if rng.random() < 0.5 else 2
    picks: list[str] = []
    while len(picks) < k:
        c = weighted(rng, CATEGORIES, _CATEGORY_CUM)
        if c not in picks:
            picks.append(c)
    return picks


def pick_category(rng: random.Random, favourites: list[str]) -> str:
    """A category for one visit or order: usually a favourite."""
    if favourites and rng.random() < 0.75:
        return rng.choice(favourites)
    return weighted(rng, CATEGORIES, _CATEGORY_CUM)


def local_price(eur: float, currency: str) -> float:
    """A shelf price in ``currency`` (whole thousands of rials for IRR)."""
    value = eur * EUR_RATE[currency]
    if currency == "IRR":
        return float(round(value, -4))
    return round(round(value, 1) - 0.01, 2) if value > 5 else round(value, 2)


def money(value: float, currency: str) -> str:
    """An amount with '.' decimals (none for IRR)."""
    return f"{value:.0f}" if currency == "IRR" else f"{value:.2f}"
