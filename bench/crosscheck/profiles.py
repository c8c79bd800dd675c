"""The noise rates of each source, and why.

Rates are "realistic, not brutal": a CRM typed by staff has a typo in about 2% of name fields
(the rate FEBRL and the German RLdata sets use for their originals), hand-typed fair leads
several times more; self-typed sources (the web shop's account, the app) spell their own name
right but with nicknames and in lower case; help-desk agents hearing a name on the phone
misspell it and transliterate Persian names their own way. Missing values are as common as
in the fields' real fill rates (birth dates are optional almost everywhere).
"""

from __future__ import annotations

from bench.crosscheck.render import Noise

CRM = Noise(
    typo=0.02,
    email_typo=0.004,
    phone_typo=0.004,
    accents=0.25,
    upper=0.03,
    swap=0.01,
    nickname=0.08,
    variant=0.25,
    short=0.25,
    pad=0.02,
    junk=0.003,
    date_swap=0.01,
    alias=0.01,
)
SHOP = Noise(
    typo=0.012,
    email_typo=0.006,
    phone_typo=0.004,
    accents=0.12,
    upper=0.01,
    lower=0.06,
    swap=0.0,
    nickname=0.5,
    variant=0.05,
    short=0.55,
    pad=0.02,
    junk=0.002,
    alias=0.05,
)
TICKETS = Noise(
    typo=0.04,
    email_typo=0.01,
    phone_typo=0.01,
    accents=0.4,
    upper=0.02,
    swap=0.0,
    nickname=0.4,
    variant=0.35,
    short=0.5,
    pad=0.02,
    junk=0.002,
    alias=0.02,
    missing=("", "-"),
)
FAIR = Noise(
    typo=0.05,
    email_typo=0.05,
    phone_typo=0.02,
    accents=0.4,
    upper=0.12,
    swap=0.02,
    nickname=0.5,
    variant=0.4,
    short=0.4,
    pad=0.05,
    junk=0.01,
    date_swap=0.03,
    alias=0.01,
    missing=("", "", "n/a", "-", "N/A", "?"),
)
LOYALTY = Noise(
    typo=0.01,
    email_typo=0.003,
    phone_typo=0.003,
    accents=0.05,
    upper=0.0,
    swap=0.0,
    nickname=0.05,
    variant=0.05,
    short=0.2,
    pad=0.01,
    junk=0.002,
    alias=0.02,
)
WEB = Noise(
    typo=0.005,
    email_typo=0.0,
    phone_typo=0.0,
    accents=0.1,
    upper=0.0,
    lower=0.15,
    nickname=0.5,
    variant=0.0,
    short=0.5,
    pad=0.0,
    junk=0.0,
    alias=0.03,
)
#: For the labelled person file "with typos in every field": every field is noisy, often.
HEAVY = Noise(
    typo=0.2,
    email_typo=0.15,
    phone_typo=0.1,
    accents=0.5,
    upper=0.1,
    swap=0.05,
    nickname=0.3,
    variant=0.5,
    short=0.5,
    pad=0.1,
    junk=0.01,
    date_swap=0.1,
    alias=0.1,
    missing=("", "", "n/a", "-"),
)
