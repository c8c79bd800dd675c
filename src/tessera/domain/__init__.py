"""Pure domain objects and rules: no I/O, no drivers, no web framework."""
