"""How long the plain-language check takes on a 5,000-character text.

    .venv/bin/python bench/plain_language.py

Texts are the built-in role templates (English and Welsh) and a bureaucratic paragraph,
repeated to 5,000 characters. "cold" empties the word caches before each run (the first check
in a new process); "warm" is every check after that. Prints the best of several runs, in ms
of CPU time (process time, so that other work on the machine does not count).
"""

from __future__ import annotations

import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import plain_language as pl  # noqa: E402
from portal.role_templates_content import TEMPLATES  # noqa: E402

SIZE = 5000
CACHES = (pl.syllables, pl._fold, pl._is_long, pl._word_syllables)


def texts() -> dict[str, tuple[str, str]]:
    def joined(lang: str) -> str:
        return "\n".join(t["sections"][k][lang] for t in TEMPLATES.values() for k in t["sections"])

    dense = ("Prior to the commencement of their appointment, representatives are required to "
             "ensure that all remuneration arrangements are administered in accordance with the "
             "organisation's governance framework. ")
    return {"templates (en)": (joined("en")[:SIZE], "en"),
            "templates (cy)": (joined("cy")[:SIZE], "cy"),
            "bureaucratic (en)": ((dense * 40)[:SIZE], "en")}


def main() -> None:
    for name, (text, lang) in texts().items():
        def cold(text=text, lang=lang):
            for cache in CACHES:
                cache.cache_clear()
            pl.check(text, lang)

        cold_ms = min(timeit.repeat(cold, number=1, repeat=20, timer=time.process_time)) * 1000
        pl.check(text, lang)
        warm_ms = min(timeit.repeat(lambda text=text, lang=lang: pl.check(text, lang),
                                    number=20, repeat=5, timer=time.process_time)) / 20 * 1000
        print(f"{name:20} {len(text):5} chars  cold {cold_ms:5.2f} ms  warm {warm_ms:5.2f} ms")


if __name__ == "__main__":
    main()
