"""A Jinja environment whose template globals answer `keys()` quickly.

Every `{% from … import … %}` runs `ctx.globals_keys - template.globals.keys()` (Jinja 3.1,
`Template._get_default_module`). The GOV.UK Frontend macros import their parts inside each
macro, so one page does this about 46 times, and with a `ChainMap` each time costs one slow
`__contains__` per global (~50): about 5 ms of a roles-list request (cProfile). A set of the
keys gives the same answer at C speed.
"""

from __future__ import annotations

from collections import ChainMap

from flask.templating import Environment


class _Globals(ChainMap):
    def keys(self):  # type: ignore[override]
        return set().union(*self.maps)


class PortalEnvironment(Environment):
    def make_globals(self, d):
        return _Globals(d if d is not None else {}, self.globals)
