"""Given names that are the same name: nicknames, diminutives and transliteration variants.

Keys and values are matching keys (lower case, no diacritics). Each group maps to its first
(canonical) name; matching compares canonical forms so that 'Beppe' meets 'Giuseppe' and
'Mohammed' meets 'Mohammad'. Curated for the languages Tessera's users write in; extend with
``canonical_given_names(extra=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_GROUPS: tuple[tuple[str, ...], ...] = (
    # Italian
    ("giuseppe", "beppe", "peppe", "pino", "peppino", "beppino"),
    ("francesco", "cecco", "checco", "ciccio"),
    ("giovanni", "gianni", "nanni", "vanni"),
    ("alessandro", "sandro"),
    ("antonio", "tonio", "tonino", "toni"),
    ("salvatore", "toto", "turi", "salvo"),
    ("vincenzo", "enzo", "vince"),
    ("domenico", "mimmo", "mimi"),
    ("massimiliano", "max"),
    ("roberto", "robi", "berto", "beto", "betinho"),
    ("federico", "fede"),
    ("riccardo", "ricky"),
    ("caterina", "rina", "cate"),
    ("elisabetta", "betta"),
    ("margherita", "marghe"),
    ("francesca", "chicca"),
    ("giovanna", "gianna", "vanna"),
    ("giuseppina", "pina", "peppina"),
    ("alessandra", "sandrina"),
    # Portuguese / Brazilian
    ("jose", "ze", "zezinho", "juca"),
    ("joao", "joaozinho", "jao"),
    ("francisco", "chico", "chiquinho", "xico"),
    ("eduardo", "dudu", "edu"),
    ("luiz", "luis", "lula"),
    ("fernando", "nando"),
    ("fernanda", "nanda"),
    ("gabriela", "gabi"),
    ("gabriel", "biel"),
    ("rafael", "rafa"),
    ("guilherme", "gui"),
    ("rodrigo", "digo"),
    ("antonia", "toninha"),
    ("mariana", "mari"),
    ("beatriz", "bia"),
    ("leticia", "leti"),
    # Polish
    ("katarzyna", "kasia", "kaska", "kasienka"),
    ("malgorzata", "gosia", "malgosia"),
    ("aleksandra", "ola", "olka"),
    ("agnieszka", "aga", "agusia"),
    ("aleksander", "olek", "alek"),
    ("tomasz", "tomek"),
    ("piotr", "piotrek"),
    ("krzysztof", "krzysiek", "krzys"),
    ("wojciech", "wojtek"),
    ("jakub", "kuba"),
    ("jozef", "jozek"),
    ("stanislaw", "staszek", "stas"),
    ("magdalena", "magda", "madzia"),
    ("joanna", "asia", "joasia"),
    ("elzbieta", "ela", "elka"),
    ("barbara", "basia"),
    ("lukasz", "lukas"),
    ("mateusz", "mateuszek"),
    ("marcin", "marcinek"),
    ("michal", "michas"),
    # English
    ("william", "bill", "billy", "will", "willy"),
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("richard", "rick", "ricky", "dick", "rich"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "libby"),
    ("margaret", "maggie", "meg", "peggy", "marge"),
    ("james", "jim", "jimmy", "jamie"),
    ("john", "jack", "johnny", "jon"),
    ("michael", "mike", "mikey", "mick"),
    ("katherine", "kate", "kathy", "katie", "kat", "catherine", "kathryn"),
    ("thomas", "tom", "tommy"),
    ("charles", "charlie", "chuck"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("anthony", "tony"),
    ("jennifer", "jen", "jenny"),
    ("christopher", "chris"),
    ("daniel", "dan", "danny"),
    ("joseph", "joe", "joey"),
    ("alexander", "alex", "xander"),
    ("samuel", "sam", "sammy"),
    ("benjamin", "ben", "benny"),
    ("nicholas", "nick", "nicky"),
    ("matthew", "matt"),
    ("andrew", "andy", "drew"),
    ("rebecca", "becky", "becca"),
    ("susan", "sue", "susie"),
    ("patricia", "patty", "trish"),
    ("jonathan", "jonny"),
    ("victoria", "vicky", "tori"),
    ("deborah", "debbie", "deb"),
    ("stephen", "steve", "steven"),
    ("david", "dave", "davey"),
    # Persian (Latin transliterations)
    ("mohammad", "mohammed", "muhammad", "mohamad", "mohamed"),
    ("hossein", "hosein", "hussein", "husain", "hosain"),
    ("mahmoud", "mahmud"),
    ("hassan", "hasan"),
    ("mehdi", "mahdi"),
    ("fatemeh", "fatima", "fateme"),
    ("zahra", "zara"),
    ("reza", "rezza"),
    ("saeed", "said", "saied", "saiid"),
    ("amir", "ameer"),
    ("ali", "aly"),
    ("mohsen", "muhsin"),
    ("maryam", "mariam"),
)


def canonical_given_names(
    extra: Iterable[Iterable[str]] = (),
) -> Mapping[str, str]:
    """Matching key of a given name -> the canonical name of its group."""
    table: dict[str, str] = {}
    for group in (*_GROUPS, *(tuple(g) for g in extra)):
        names = list(group)
        if not names:
            continue
        for name in names:
            table.setdefault(name, names[0])
    return table
