"""The plain-address fast path must give exactly what email-validator gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.pipeline.standardize import emails

_atom = st.text(alphabet="abcXYZ019_+-", min_size=1, max_size=12)
_label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?", fullmatch=True)
_tld = st.sampled_from(["com", "it", "PL", "co", "test", "local", "onion", "museum", "xn", "c"])
_idn = st.sampled_from(["", "xn--exmple-cua."])


@settings(max_examples=600, deadline=None)
@given(
    local=st.lists(_atom, min_size=1, max_size=3).map(".".join),
    labels=st.lists(_label, min_size=1, max_size=3),
    tld=_tld,
)
def test_fast_path_agrees_with_library(local: str, labels: list[str], tld: str) -> None:
    address = f"{local}@{'.'.join(labels)}.{tld}"
    fast = emails._plain(address)
    slow = emails._validated(address)
    if fast is not None:
        assert slow.value == fast and slow.error is None
    assert emails.standardize_email(address).value == slow.value


def test_special_use_and_odd_addresses_go_to_the_library() -> None:
    for address in (
        "a@b.test",
        "a@x.localhost",
        "a..b@x.com",
        "a@-x.com",
        '"a b"@x.com',
        "Ana <ana@x.com>",
        "jöran@exämple.de",
        "a@x.c",
    ):
        assert emails._plain(address) is None
        assert emails.standardize_email(address) == emails._validated(address)
