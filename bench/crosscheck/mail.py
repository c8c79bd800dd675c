"""E-mail providers and employers per country: the domains people's addresses end in.

Shares are rough market shares of webmail providers among consumers of each country (Gmail
everywhere, Libero and Virgilio in Italy, WP/Onet/Interia in Poland, UOL/BOL in Brazil,
BT in the UK); misspelt domains are those hand-typed lists actually contain.
"""

from __future__ import annotations

from bench.crosscheck.rand import Weighted

EMAIL_DOMAINS = {
    "IT": Weighted(
        [
            ("gmail.com", 38),
            ("libero.it", 14),
            ("hotmail.it", 8),
            ("yahoo.it", 7),
            ("outlook.it", 5),
            ("virgilio.it", 5),
            ("alice.it", 5),
            ("tiscali.it", 3),
            ("icloud.com", 4),
            ("hotmail.com", 4),
            ("tim.it", 2),
            ("fastwebnet.it", 2),
            ("live.it", 3),
        ]
    ),
    "PT": Weighted(
        [
            ("gmail.com", 50),
            ("hotmail.com", 18),
            ("sapo.pt", 10),
            ("outlook.pt", 6),
            ("outlook.com", 5),
            ("yahoo.com", 4),
            ("icloud.com", 4),
            ("live.com.pt", 3),
        ]
    ),
    "BR": Weighted(
        [
            ("gmail.com", 60),
            ("hotmail.com", 15),
            ("yahoo.com.br", 7),
            ("outlook.com", 6),
            ("uol.com.br", 4),
            ("bol.com.br", 4),
            ("icloud.com", 4),
        ]
    ),
    "PL": Weighted(
        [
            ("gmail.com", 40),
            ("wp.pl", 16),
            ("o2.pl", 12),
            ("onet.pl", 12),
            ("interia.pl", 10),
            ("op.pl", 4),
            ("outlook.com", 3),
            ("icloud.com", 3),
        ]
    ),
    "IR": Weighted(
        [
            ("gmail.com", 70),
            ("yahoo.com", 18),
            ("chmail.ir", 5),
            ("outlook.com", 4),
            ("hotmail.com", 3),
        ]
    ),
    "GB": Weighted(
        [
            ("gmail.com", 38),
            ("hotmail.co.uk", 14),
            ("yahoo.co.uk", 9),
            ("btinternet.com", 7),
            ("outlook.com", 8),
            ("icloud.com", 7),
            ("live.co.uk", 5),
            ("sky.com", 4),
            ("aol.com", 2),
            ("googlemail.com", 3),
            ("virginmedia.com", 3),
        ]
    ),
    "US": Weighted(
        [
            ("gmail.com", 48),
            ("yahoo.com", 16),
            ("hotmail.com", 9),
            ("outlook.com", 7),
            ("aol.com", 5),
            ("icloud.com", 9),
            ("comcast.net", 3),
            ("att.net", 2),
            ("msn.com", 1),
        ]
    ),
}
#: Misspelt domains seen in hand-typed e-mails.
DOMAIN_TYPOS = {
    "gmail.com": ("gmial.com", "gmal.com", "gmail.co", "gmail.con", "gmai.com", "gamil.com"),
    "hotmail.com": ("hotmial.com", "hotmal.com", "hotmail.co"),
    "hotmail.it": ("hotmail.ti", "hotmal.it"),
    "yahoo.com": ("yaho.com", "yahoo.co"),
    "yahoo.it": ("yaho.it",),
    "libero.it": ("libero.ti", "libeor.it", "lbero.it"),
    "outlook.com": ("outlok.com", "outllok.com"),
    "wp.pl": ("wp.p", "w.pl"),
    "sapo.pt": ("sapo.tp",),
}
COMPANY_SECTORS = {
    "IT": (
        "Impianti",
        "Costruzioni",
        "Logistica",
        "Consulting",
        "Trasporti",
        "Alimentari",
        "Arredamenti",
        "Elettronica",
    ),
    "PT": ("Construções", "Transportes", "Consultoria", "Imobiliária", "Têxteis"),
    "BR": ("Comércio", "Engenharia", "Transportes", "Consultoria", "Alimentos"),
    "PL": ("Budownictwo", "Transport", "Usługi", "Handel", "Logistyka"),
    "IR": ("Trading", "Engineering", "Industrial Group", "Pars"),
    "GB": ("Consulting", "Logistics", "Builders", "Solutions", "Partners"),
    "US": ("Consulting", "Logistics", "Solutions", "Partners", "Group"),
}
COMPANY_FORMS = {
    "IT": ("S.r.l.", "S.p.A.", "S.n.c."),
    "PT": ("Lda.", "S.A."),
    "BR": ("Ltda.", "S.A.", "ME"),
    "PL": ("Sp. z o.o.", "S.A."),
    "IR": ("Co.", "Ltd."),
    "GB": ("Ltd", "LLP"),
    "US": ("Inc.", "LLC"),
}
COMPANY_TLD = {
    "IT": "it",
    "PT": "pt",
    "BR": "com.br",
    "PL": "pl",
    "IR": "ir",
    "GB": "co.uk",
    "US": "com",
}
