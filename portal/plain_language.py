"""Plain-language help while editing a role description: advice, never a rule.

Nothing here blocks saving or publishing. `check` looks at one text in one language and says
which sentences are long, which words are long, which officialese has a plainer alternative in
our bilingual list, and (for English) how easy the text is to read on the Flesch reading-ease
scale. Everything is computed here, in pure Python, with no dictionary to download: the
syllable counter is a heuristic, good enough for an estimate and never shown as a fact.

Choices worth knowing:

- A sentence ends at . ! ? or … followed by a space and something that is not a lower-case
  letter (so "e.g. the" does not end one), and at a line break, unless the line before ends
  mid-sentence and the next starts in lower case (text pasted from a PDF). List items on their
  own lines therefore count as sentences, as a reader takes them.
- A sentence is long when it has more than MAX_SENTENCE_WORDS words (GOV.UK and Cymraeg Clir
  both say 25 or fewer).
- A word is long in English at LONG_WORD_SYLLABLES syllables or LONG_WORD_LETTERS letters; in
  Welsh at LONG_WORD_LETTERS letters only, because the English syllable heuristic does not
  carry over. Words everybody knows (EVERYDAY_LONG_WORDS: "representative", "penderfyniadau" …),
  capitalised words inside a sentence (names of boards and places, which the writer cannot
  change), and words already reported as jargon (the jargon advice says more) are left out.
  Each part of a hyphenated word is judged alone, so "service-user" is not long.
- Jargon matches whole words and phrases, ignoring case and accents ("yn unol a" is taken for
  "yn unol â"); never inside another word ("assist" is not found in "assistant", "prior to" not
  in "priority"). English single-word entries also match their regular inflections ("ensure":
  ensures, ensured, ensuring). Welsh entries also match their first word's mutations (soft,
  nasal, aspirate, h- before a vowel: "i gychwyn", "yng nghychwyn"), and the alternative is
  given with the same mutation ("i ddechrau", "yn nechrau"), except that an alternative starting
  with ll or rh keeps it under soft mutation ("mae'n orfodol" → "mae'n rhaid"). Phrases starting
  with a particle ("yn unol â", "mewn perthynas â") are not mutated.
- Words are runs of letters (with inner apostrophes or hyphens), numbers, web and email
  addresses, and template placeholders such as {hourly_rate}: each counts as one.
- Reading ease is Flesch's formula for English texts of at least MIN_WORDS_FOR_READING_EASE
  words, rounded to one decimal and held to 0–100; None otherwise (no Welsh formula is agreed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, NamedTuple

LANGUAGES = ("en", "cy")

MAX_SENTENCE_WORDS = 25
LONG_WORD_SYLLABLES = 4
LONG_WORD_LETTERS = 14
MIN_WORDS_FOR_READING_EASE = 30
SNIPPET_WORDS = 12

# Flesch reading-ease bands, lowest score of each band.
EASY_MIN = 70
FAIRLY_EASY_MIN = 60
STANDARD_MIN = 50
# Bands from which a score is worth pointing out to the writer.
ADVISE_BANDS = frozenset({"standard", "hard"})

# Long words that the people reading role descriptions use every day; flagging them would be
# noise. English plurals are found from these ("opportunities"), Welsh mutations likewise
# ("nghynrychiolwyr"). Welsh only needs words of LONG_WORD_LETTERS letters or nearly so, as a
# mutation can add up to two.
EVERYDAY_LONG_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "accessibility", "activity", "actually", "advocacy", "application", "available",
        "communication", "community", "comfortable", "confidential", "confidentiality",
        "conversation", "definitely", "difficulty", "disability", "diversity", "education",
        "equality", "especially", "everybody", "experience", "generally", "identity",
        "immediately", "independent", "information", "interesting", "january", "february",
        "medication", "necessary", "opportunity", "organisation", "organization", "organiser",
        "organizer", "particular", "particularly", "regularly", "relationship", "representative",
        "responsibility", "responsible", "secretary", "situation", "understanding",
        "unfortunately", "university", "usually",
    }),
    "cy": frozenset({
        "cyfrifoldebau", "cynrychiolaeth", "cynrychiolwyr", "cynrychiolydd", "gweithgareddau",
        "gwasanaethau", "penderfyniadau", "ymddiriedolaeth",
    }),
}

# Officialese with a plainer alternative. Data, not interface text: each list is already in its
# language, so none of it goes through gettext.
JARGON: dict[str, dict[str, str]] = {
    "en": {
        "a minimum of": "at least",
        "a number of": "some",
        "accordingly": "so",
        "additional": "extra or more",
        "additionally": "also",
        "aforementioned": "this or these",
        "approximately": "about",
        "ascertain": "find out",
        "assist": "help",
        "assistance": "help",
        "at this point in time": "now",
        "best practice": "good ways of working",
        "collaborate": "work together",
        "commence": "start",
        "commencement": "start",
        "co-production": "working together as equals",
        "coproduction": "working together as equals",
        "co-terminous": "covering the same area",
        "coterminous": "covering the same area",
        "disseminate": "share",
        "due to the fact that": "because",
        "endeavour": "try",
        "ensure": "make sure",
        "ex officio": "because of their job",
        "expenditure": "spending",
        "facilitate": "help or run",
        "facilitator": "the person who runs the session",
        "furthermore": "also",
        "governance": "how decisions are made and checked",
        "henceforth": "from now on",
        "holistic": "whole-person",
        "implement": "carry out or put in place",
        "implementation": "putting in place",
        "in accordance with": "under or following",
        "in conjunction with": "with",
        "in excess of": "more than",
        "in order to": "to",
        "in receipt of": "getting",
        "in relation to": "about",
        "in respect of": "about",
        "in the event that": "if",
        "liaise": "work with or talk to",
        "mandatory": "required or must",
        "multi-disciplinary": "with people from different professions",
        "multidisciplinary": "with people from different professions",
        "notwithstanding": "despite",
        "obtain": "get",
        "on a regular basis": "regularly",
        "per annum": "a year",
        "prior to": "before",
        "pursuant to": "under",
        "quorate": "with enough members present to make decisions",
        "quorum": "enough members present to make decisions",
        "regarding": "about",
        "reimburse": "pay back",
        "remit": "job or area of work",
        "remunerate": "pay",
        "remuneration": "pay",
        "stakeholder": "people involved",
        "subsequently": "later",
        "sufficient": "enough",
        "terminate": "end",
        "termination": "end",
        "terms of reference": "the rules for how the group works",
        "utilisation": "use",
        "utilise": "use",
        "utilization": "use",
        "utilize": "use",
        "whilst": "while",
        "with effect from": "from",
        "with regard to": "about",
    },
    "cy": {
        "amlddisgyblaethol": "gyda phobl o wahanol broffesiynau",
        "ar sail reolaidd": "yn rheolaidd",
        "cael gafael ar": "cael",
        "cworwm": "digon o aelodau'n bresennol",
        "cychwyn": "dechrau",
        "cyd-ffiniol": "yn cwmpasu'r un ardal",
        "cydgynhyrchu": "gweithio gyda'n gilydd fel partneriaid cyfartal",
        "cydnabyddiaeth ariannol": "tâl",
        "cyfannol": "person cyfan",
        "cyfranogi": "cymryd rhan",
        "cyfranogiad": "cymryd rhan",
        "cylch gorchwyl": "y rheolau ar gyfer sut mae'r grŵp yn gweithio",
        "cynorthwyo": "helpu",
        "deddfwriaeth": "cyfraith",
        "digonol": "digon",
        "gorfodol": "rhaid",
        "gwneud defnydd o": "defnyddio",
        "hwyluso": "helpu neu arwain",
        "hysbysu": "dweud wrth",
        "llywodraethiant": "sut mae penderfyniadau'n cael eu gwneud a'u gwirio",
        "llywodraethu": "sut mae penderfyniadau'n cael eu gwneud a'u gwirio",
        "mewn perthynas â": "am",
        "oddeutu": "tua",
        "parthed": "am",
        "rhanddeiliad": "rhywun sydd â diddordeb",
        "rhanddeiliaid": "pobl sydd â diddordeb",
        "sicrhau": "gwneud yn siŵr",
        "taliad cydnabyddiaeth": "tâl",
        "terfynu": "dod i ben",
        "ymdrechu": "ceisio",
        "yn amodol ar": "os",
        "yn flaenorol i": "cyn",
        "yn unol â": "yn ôl",
        "ynghylch": "am",
    },
}


@dataclass(frozen=True)
class LongSentence:
    """The start of a long sentence (to find it by) and how many words it has."""

    snippet: str
    words: int


class JargonMatch(NamedTuple):
    """A jargon term as written in the text, and a plainer alternative."""

    found: str
    alternative: str


@dataclass(frozen=True)
class Advice:
    """What `check` found in one text, in the order found.

    words: how many words the text has; long_sentences: those over MAX_SENTENCE_WORDS;
    long_words: each once, as first written; jargon: each term once, as first written, with
    its plainer alternative; reading_ease: Flesch 0–100 for English of enough words, else None.
    """

    lang: str
    words: int = 0
    long_sentences: tuple[LongSentence, ...] = ()
    long_words: tuple[str, ...] = ()
    jargon: tuple[JargonMatch, ...] = ()
    reading_ease: float | None = None

    # The thresholds, for templates that explain the advice.
    max_sentence_words: ClassVar[int] = MAX_SENTENCE_WORDS
    target_reading_ease: ClassVar[int] = FAIRLY_EASY_MIN

    @property
    def band(self) -> str | None:
        """easy, fairly_easy, standard or hard; None without a reading-ease score."""
        return reading_ease_band(self.reading_ease)

    @property
    def is_empty(self) -> bool:
        """True when nothing is worth pointing out (a fairly easy score alone is not)."""
        return not (self.long_sentences or self.long_words or self.jargon
                    or self.band in ADVISE_BANDS)


def reading_ease_band(score: float | None) -> str | None:
    """The reading-ease band of a Flesch score: easy, fairly_easy, standard or hard."""
    if score is None:
        return None
    if score >= EASY_MIN:
        return "easy"
    if score >= FAIRLY_EASY_MIN:
        return "fairly_easy"
    if score >= STANDARD_MIN:
        return "standard"
    return "hard"


# --- Text into sentences and tokens -----------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<placeholder>\{[A-Za-z_]+\})"  # filled in from the recruitment: {board}, {hourly_rate}
    r"|(?P<url>(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<word>[^\W\d_]+(?:['’‐-][^\W\d_]+)*)"
    r"|(?P<number>\d+(?:[.,:]\d+)*)"
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "mx", "st", "cf", "vs", "approx", "e.g", "i.e",
                            "e.e", "h.y"})


def _blocks(text: str) -> list[str]:
    """Lines, with a line that carries on a sentence (pasted from a PDF) joined to the last."""
    blocks: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            blocks.append("")
            continue
        if blocks and blocks[-1] and line[0].islower() and (
                blocks[-1][-1].isalpha() or blocks[-1][-1] == ","):
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return [b for b in blocks if b]


def _sentences(text: str) -> list[str]:
    sentences = []
    for block in _blocks(text):
        start = 0
        for end in _END.finditer(block):
            after = block[end.end():end.end() + 1]
            if after and after.islower():
                continue
            tail = block[max(start, end.start() - 12):end.start()]
            before = tail.rsplit(None, 1)
            if before and before[-1].casefold() in _ABBREVIATIONS:
                continue
            if end.start() - start < 12 and tail.strip().isdigit():  # "1. Attend meetings"
                continue
            sentences.append(block[start:end.end()].strip())
            start = end.end()
        sentences.append(block[start:].strip())
    return [s for s in sentences if s]


@lru_cache(maxsize=16384)
def _fold(word: str) -> str:
    """Lower case, no accents, straight apostrophes: the form words are compared in."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- Syllables (English) ----------------------------------------------------------------------

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Vowel pairs that are one more syllable than the vowel groups suggest (each needs two
# vowels side by side, so a word without any is spared them) …
_ADD_PAIRS = [re.compile(p) for p in (
    r"[^cgst]ia", r"[^cgstx]io(?!u)", r"[^qg]ua", r"iu", r"[^ct]ien[ct]", r"ie(?:r|st)$", r"iet",
    r"(?<![cgqstx])(?!iour)[aeiou]{3}", r"[^gq]uen", r"crea(?!s|m|tur)", r"eo(?!u|ple|ne)",
    r"[aeiouy]ing$", r"ialit",
)]
# … and endings that are one more ("table", "criticism").
_ADD_ENDINGS = re.compile(r"[^aeiouyl]le[sd]?$|ism$")
# Spellings with a silent e.
_SUBTRACT = [re.compile(p) for p in (
    r"[^aeiouy]e$", r"[^aeiouytd]ed$", r"[^aeiouyscxzhg]es$", r"[^aeiouy]ely$",
    r"[^aeiouy]ement", r"[^aeiouy]eful", r"[^aeiouy]ety$",
    r"[^aeiouy]e(?:thing|times?|where|body|holder|less|ness|work)",
)]
_NOT_A_TO_Z = re.compile(r"[^a-z]+")
_SYLLABLE_EXCEPTIONS = {
    "area": 3, "idea": 3, "real": 1, "really": 2, "being": 2, "doing": 2, "going": 2,
    "every": 2, "everyone": 3, "everything": 3, "someone": 2, "anyone": 3, "business": 2,
    "different": 3, "evening": 2, "interest": 3, "interested": 4, "several": 3, "family": 3,
    "people": 2, "the": 1, "science": 2, "poem": 2, "create": 2, "created": 3, "creating": 3,
    "theatre": 3, "cooperate": 4, "coordinate": 4, "naive": 2, "recreate": 3, "employee": 3,
    "genuine": 3,
}


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """An estimate of the syllables in an English word (at least 1 for any word)."""
    folded = _fold(word)
    # "isn't", "doesn't", "shouldn't": the n't is a syllable after a consonant.
    extra = 1 if folded.endswith("n't") and folded[-4:-3] not in "aeiouy" else 0
    word = _NOT_A_TO_Z.sub("", folded)
    if not word:
        return 1
    if word in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[word]
    if len(word) <= 3:
        return 1
    if word.endswith("s") and word[:-1] in _SYLLABLE_EXCEPTIONS and not word.endswith("ss"):
        return _SYLLABLE_EXCEPTIONS[word[:-1]]
    if word[0] == "y" and len(word) > 1 and word[1] in "aeiou":
        word = "j" + word[1:]  # initial y before a vowel is a consonant: "year", "you"
    groups = _VOWEL_GROUPS.findall(word)
    if len(groups) == 1 and len(groups[0]) == 1:
        return 1 + extra  # one lone vowel ("strengths", "church"): no rule below applies
    count = len(groups) + extra
    if any(len(g) > 1 for g in groups):
        count += sum(1 for p in _ADD_PAIRS if p.search(word))
    if _ADD_ENDINGS.search(word):
        count += 1
    if "e" in word:
        count -= sum(1 for p in _SUBTRACT if p.search(word))
    return max(1, count)


# --- Jargon -----------------------------------------------------------------------------------

_SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l", "rh": "r"}
_NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
_ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
_NO_MUTATION = ("ch", "ph", "th", "ff", "dd", "ng")
# Phrases starting with these are not mutated ("yn unol â", "mewn perthynas â").
_PARTICLES = frozenset({"yn", "mewn", "ar", "o", "i", "er"})


def _mutations(word: str) -> dict[str, str]:
    """Kind → the word with that initial mutation (Welsh), for the kinds that change it."""
    lower = word[:1].lower() + word[1:]
    if lower and lower[0] in "aeiouwyâêîôûŵŷ":
        return {"h": "h" + lower}
    if lower.startswith(_NO_MUTATION):
        return {}
    out = {}
    for kind, table in (("soft", _SOFT), ("nasal", _NASAL), ("aspirate", _ASPIRATE)):
        for radical in ("ll", "rh", lower[:1]):
            if lower.startswith(radical) and radical in table:
                out[kind] = table[radical] + lower[len(radical):]
                break
    return out


def _english_forms(word: str) -> set[str]:
    """Regular inflections of an English headword (some never occur; they do no harm)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


def _term_tokens(term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A term's folded word tokens and the separators between them ("-" or " ")."""
    parts = re.split(r"([\s\-‐]+)", term.strip())
    words = tuple(_fold(p) for p in parts[0::2])
    gaps = tuple("-" if "-" in g or "‐" in g else " " for g in parts[1::2])
    return words, gaps


class _Entry(NamedTuple):
    words: tuple[str, ...]
    gaps: tuple[str, ...]
    alternative: str


def _build(lang: str) -> dict[str, list[_Entry]]:
    """Index: first folded word → entries starting with it, longest first."""
    index: dict[str, list[_Entry]] = {}
    for term, alternative in JARGON[lang].items():
        words, gaps = _term_tokens(term)
        variants = [(words, alternative)]
        if lang == "en" and len(words) == 1:
            variants += [((form,), alternative) for form in _english_forms(words[0]) - {words[0]}]
        if lang == "cy":
            alt_first, _sep, alt_rest = alternative.partition(" ")
            alt_mutated = _mutations(alt_first)
            mutations = {} if words[0] in _PARTICLES else _mutations(words[0])
            for kind, first in mutations.items():
                # ll and rh resist soft mutation after its commonest causes (predicative yn,
                # y before a feminine noun), so an alternative starting with them stays.
                keep = kind == "soft" and alt_first.lower().startswith(("ll", "rh"))
                alt_word = alt_first if keep else alt_mutated.get(kind, alt_first)
                alt = alt_word + (" " + alt_rest if alt_rest else "")
                variants.append(((_fold(first),) + words[1:], alt))
        for variant_words, alt in variants:
            index.setdefault(variant_words[0], []).append(_Entry(variant_words, gaps, alt))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e.words))
    return index


_JARGON_INDEX = {lang: _build(lang) for lang in LANGUAGES}
_JARGON_WORD = re.compile(r"[^\W_]+")


def _gap_matches(gap_text: str, wanted: str) -> bool:
    if wanted == "-":
        return gap_text in {"-", "‐", "–"} or (gap_text.isspace() and "\n\n" not in gap_text)
    return bool(gap_text) and gap_text.isspace() and "\n\n" not in gap_text


def _find_jargon(text: str, lang: str) -> list[JargonMatch]:
    """Jargon in `text`, in order; at each word the longest entry that fits wins."""
    index = _JARGON_INDEX[lang]
    tokens = [(_fold(m.group()), m.start(), m.end()) for m in _JARGON_WORD.finditer(text)]
    found = []
    i = 0
    while i < len(tokens):
        matched = None
        for entry in index.get(tokens[i][0], ()):
            n = len(entry.words)
            if i + n > len(tokens):
                continue
            if all(tokens[i + k][0] == entry.words[k] for k in range(1, n)) and all(
                    _gap_matches(text[tokens[i + k][2]:tokens[i + k + 1][1]], entry.gaps[k])
                    for k in range(n - 1)):
                if _whole_word(text, tokens[i][1], tokens[i + n - 1][2]):
                    matched = (entry, n)
                    break
        if matched:
            entry, n = matched
            start, end = tokens[i][1], tokens[i + n - 1][2]
            found.append(JargonMatch(text[start:end], entry.alternative))
            i += n
        else:
            i += 1
    return found


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not part of a longer hyphenated word ("co-production" is not "production")."""
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    joined_before = len(before) == 2 and before[1] in "-‐" and before[0].isalpha()
    joined_after = len(after) == 2 and after[0] in "-‐" and after[1].isalpha()
    return not (joined_before or joined_after)


# --- The check --------------------------------------------------------------------------------

_HYPHEN = re.compile(r"[-‐]")


def _everyday_forms(lang: str) -> frozenset[str]:
    words = set(EVERYDAY_LONG_WORDS[lang])
    if lang == "cy":
        words |= {form for w in EVERYDAY_LONG_WORDS[lang] for form in _mutations(w).values()}
    return frozenset(words)


_EVERYDAY = {lang: _everyday_forms(lang) for lang in LANGUAGES}


def _everyday(word: str, lang: str) -> bool:
    candidates = {word}
    if lang == "en":
        candidates.add(word.removesuffix("s"))
        if word.endswith("ies"):
            candidates.add(word[:-3] + "y")
    return not candidates.isdisjoint(_EVERYDAY[lang])


@lru_cache(maxsize=16384)
def _is_long(word: str, lang: str) -> bool:
    """Long by letters (both languages) or syllables (English), each part of a word joined by a
    hyphen judged alone; a clitic after an apostrophe ('r, 's, 'n) does not count."""
    for part in _HYPHEN.split(word):
        part = max(_fold(part).split("'"), key=len)
        letters = sum(1 for c in part if c.isalpha())
        if letters < LONG_WORD_SYLLABLES or _everyday(part, lang):
            continue
        if letters >= LONG_WORD_LETTERS or (lang == "en" and syllables(part) >= LONG_WORD_SYLLABLES):
            return True
    return False


def _token_syllables(match: re.Match) -> int:
    """A word's syllables (hyphenated parts added up); a number, address or placeholder, one."""
    return _word_syllables(match.group()) if match.lastgroup == "word" else 1


@lru_cache(maxsize=16384)
def _word_syllables(word: str) -> int:
    return sum(syllables(part) for part in _HYPHEN.split(word) if part)


def _tokenised(text: str) -> list[tuple[str, list[re.Match]]]:
    """Each sentence with its word tokens; a {placeholder} counts as one word."""
    out = []
    for sentence in _sentences(text):
        tokens = list(_TOKEN.finditer(sentence))
        if tokens:
            out.append((sentence, tokens))
    return out


def _flesch(sentences: int, words: int, syllable_count: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


def flesch_reading_ease(text: str) -> float | None:
    """Flesch's reading ease of an English text, unrounded and unbounded; None with no words.

    206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words), with the syllables
    estimated by `syllables`. `check` uses the same figures, rounded and held to 0–100.
    """
    tokenised = _tokenised(unicodedata.normalize("NFC", text or ""))
    if not tokenised:
        return None
    words = sum(len(tokens) for _sentence, tokens in tokenised)
    syllable_count = sum(_token_syllables(m) for _sentence, tokens in tokenised for m in tokens)
    return _flesch(len(tokenised), words, syllable_count)


def check(text: str, lang: str) -> Advice:
    """Plain-language advice on one text written in `lang` ("en" or "cy").

    Total on any text (None counts as empty). Raises ValueError for any other language: that is
    a programming error, not something a writer can do.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    text = unicodedata.normalize("NFC", text or "")
    jargon: dict[str, JargonMatch] = {}
    for match in _find_jargon(text, lang):
        jargon.setdefault(_fold(" ".join(match.found.split())), match)
    jargon_words = {_fold(w) for match in jargon.values() for w in _JARGON_WORD.findall(match.found)}

    words = syllable_count = 0
    long_sentences: list[LongSentence] = []
    long_words: dict[str, str] = {}
    tokenised = _tokenised(text)
    for sentence, tokens in tokenised:
        words += len(tokens)
        if len(tokens) > MAX_SENTENCE_WORDS:
            pieces = sentence.split()
            snippet = " ".join(pieces[:SNIPPET_WORDS])
            long_sentences.append(LongSentence(
                snippet + " …" if len(pieces) > SNIPPET_WORDS else snippet, len(tokens)))
        for n, m in enumerate(tokens):
            if lang == "en":
                syllable_count += _token_syllables(m)
            word = m.group()
            if m.lastgroup != "word" or len(word) < LONG_WORD_SYLLABLES:
                continue  # too short to be long by any measure
            if n > 0 and word[0].isupper():
                continue  # a name inside a sentence: the writer cannot make it shorter
            key = _fold(word)
            if key in long_words or not jargon_words.isdisjoint(_HYPHEN.split(key)):
                continue
            if _is_long(word, lang):
                long_words[key] = word

    ease = None
    if lang == "en" and words >= MIN_WORDS_FOR_READING_EASE:
        ease = round(min(100.0, max(0.0, _flesch(len(tokenised), words, syllable_count))), 1)
    return Advice(lang=lang, words=words, long_sentences=tuple(long_sentences),
                  long_words=tuple(long_words.values()), jargon=tuple(jargon.values()),
                  reading_ease=ease)


def check_sections(sections: Mapping[str, Mapping[str, str | None]]
                   ) -> dict[tuple[str, str], Advice]:
    """Advice for each (section key, language) of a role description with something to say.

    `sections` is {section key: {"en": text, "cy": text}}, as role descriptions store them;
    other languages and empty texts are skipped.
    """
    result: dict[tuple[str, str], Advice] = {}
    for key, texts in sections.items():
        for lang in LANGUAGES:
            text = texts.get(lang) if isinstance(texts, Mapping) else None
            if not text:
                continue
            advice = check(text, lang)
            if not advice.is_empty:
                result[(key, lang)] = advice
    return result
