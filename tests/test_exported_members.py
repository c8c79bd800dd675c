"""The package exports exactly its curated public API, each with a docstring."""

from __future__ import annotations

import tessera


def test_exports_are_curated_and_documented() -> None:
    public = {name for name in dir(tessera) if not name.startswith("_")}
    # submodules appear as attributes once imported; they are not part of __all__
    import types

    exported = {n for n in public if not isinstance(getattr(tessera, n), types.ModuleType)}
    assert exported - {"annotations"} == set(tessera.__all__) - {"__version__"}
    for name in tessera.__all__:
        if name != "__version__":
            assert getattr(tessera, name).__doc__, name
