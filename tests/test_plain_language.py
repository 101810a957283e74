"""Plain-language help while editing a role description: advice that never blocks.

The checker is pure Python; only the last tests need the app, to render the advice macro.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import plain_language as pl
from portal.plain_language import (
    JARGON,
    MAX_SENTENCE_WORDS,
    MIN_WORDS_FOR_READING_EASE,
    Advice,
    JargonMatch,
    LongSentence,
    check,
    check_sections,
    flesch_reading_ease,
    reading_ease_band,
    syllables,
)

# Hand-counted: 41 words, 4 sentences, 56 syllables → 206.835 − 1.015 × 41/4 − 84.6 × 56/41.
SIMPLE_EN = (
    "Representatives help the board to hear from people who use mental health services. You "
    "will go to meetings and share your views. We will give you support before and after each "
    "meeting. You can choose to be paid or to volunteer."
)
SIMPLE_EN_SCORE = 80.9
# Hand-counted: 37 words, 2 sentences, 88 syllables.
DENSE_EN = (
    "Prior to the commencement of their appointment, representatives are required to ensure "
    "that all remuneration arrangements are administered in accordance with the organisation's "
    "governance framework. Successful candidates will facilitate meaningful engagement with "
    "stakeholders across the multidisciplinary partnership."
)
DENSE_EN_SCORE = -13.2
WELSH = (
    "Byddwch yn mynd i gyfarfodydd y bwrdd ac yn rhannu eich barn. Byddwn yn rhoi cymorth i chi "
    "cyn ac ar ôl pob cyfarfod. Gallwch ddewis cael eich talu neu wirfoddoli. Mae croeso i chi "
    "ddod â ffrind gyda chi i'r cyfarfod cyntaf."
)


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


def found(advice: Advice) -> list[str]:
    return [match.found for match in advice.jargon]


# --- Long sentences -------------------------------------------------------------------------

def test_a_sentence_of_exactly_the_threshold_is_not_long():
    assert MAX_SENTENCE_WORDS == 25
    assert check(words(25) + ".", "en").long_sentences == ()


def test_a_sentence_one_word_over_the_threshold_is_long_with_its_count():
    advice = check(words(26) + ".", "en")
    assert advice.long_sentences == (LongSentence("word " * 11 + "word …", 26),)


def test_long_sentences_are_found_among_short_ones_in_both_languages():
    text = f"Short one. Gair {words(29, 'gair')}? Another short one!"
    for lang in ("en", "cy"):
        advice = check(text, lang)
        assert [s.words for s in advice.long_sentences] == [30]
        assert advice.long_sentences[0].snippet.startswith("Gair gair")


def test_a_long_sentence_is_shown_by_its_first_words():
    advice = check(" ".join(f"w{n}" for n in range(30)) + ".", "en")
    assert advice.long_sentences[0].snippet == " ".join(f"w{n}" for n in range(pl.SNIPPET_WORDS)) + " …"


def test_line_breaks_end_sentences_so_list_items_count_alone():
    items = "\n".join(f"- {words(20)}" for _ in range(3))
    assert check(items, "en").long_sentences == ()


def test_a_sentence_wrapped_across_lines_is_still_one_sentence():
    text = words(15) + "\n" + words(15) + "."
    assert [s.words for s in check(text, "en").long_sentences] == [30]


def test_sentences_end_at_stops_but_not_after_abbreviations_or_list_numbers():
    assert pl._sentences("Come along. Say hello! Why? Yes… Done") == [
        "Come along.", "Say hello!", "Why?", "Yes…", "Done"]
    assert pl._sentences("Bring a friend, e.g. a carer. Ask Dr. Jones.") == [
        "Bring a friend, e.g. a carer.", "Ask Dr. Jones."]
    assert pl._sentences("1. Come along.\n2. Say hello.") == ["1. Come along.", "2. Say hello."]
    assert pl._sentences("Pay is £13.45 an hour. It is 2025.") == ["Pay is £13.45 an hour.", "It is 2025."]


def test_numbers_and_addresses_count_as_words():
    text = "Call 029 2000 0000 or email help@example.org or visit https://example.org/roles today."
    assert check(text, "en").words == 11
    assert check("Paid £{hourly_rate} an hour by {organisation_name}.", "en").words == 6


def test_a_placeholder_is_quoted_as_written_in_a_long_sentence():
    advice = check("{board} " + words(30), "en")
    assert advice.long_sentences[0].snippet.startswith("{board} word")


# --- Long words -----------------------------------------------------------------------------

def test_english_words_of_four_syllables_or_fourteen_letters_are_long():
    advice = check("We administered it. It was straightforward. It was tidy.", "en")
    assert advice.long_words == ("administered", "straightforward")


def test_everyday_long_english_words_are_not_flagged_nor_their_plurals():
    text = ("Representatives share information about opportunities in the community with "
            "organisations, representatives and everybody.")
    assert check(text, "en").long_words == ()


def test_names_inside_a_sentence_are_not_long_words_but_a_first_word_can_be():
    assert check("We meet at Betsi Cadwaladr University Health Board.", "en").long_words == ()
    assert check("Administration takes time.", "en").long_words == ("Administration",)


def test_each_part_of_a_hyphenated_word_is_judged_alone():
    assert check("A service-user and carer group.", "en").long_words == ()
    assert check("A multi-generational group.", "en").long_words == ("multi-generational",)


def test_long_words_are_listed_once_as_first_written():
    assert check("Administered. administered. ADMINISTERED.", "en").long_words == ("Administered",)


def test_welsh_long_words_are_fourteen_letters_or_more_only():
    advice = check("Diolch am eich gwerthfawrogiad. Mae cyfrinachedd yn bwysig.", "cy")
    assert advice.long_words == ("gwerthfawrogiad",)  # 15 letters; cyfrinachedd has 12


def test_welsh_everyday_long_words_are_not_flagged_even_mutated_or_with_a_clitic():
    text = ("Rydyn ni'n gwneud penderfyniadau. Dyma fy mhenderfyniadau. "
            "Mae gwasanaethau'r bwrdd yn dda. Rydyn ni'n trefnu gweithgareddau.")
    assert check(text, "cy").long_words == ()


def test_a_jargon_word_is_not_also_a_long_word():
    advice = check("We offer remuneration.", "en")
    assert advice.long_words == ()
    assert found(advice) == ["remuneration"]


# --- Jargon ---------------------------------------------------------------------------------

def test_the_jargon_lists_are_big_enough_and_tidy():
    assert len(JARGON["en"]) >= 40
    assert len(JARGON["cy"]) >= 25
    for lang, entries in JARGON.items():
        for term, alternative in entries.items():
            assert term == term.lower().strip(), (lang, term)
            assert alternative.strip(), (lang, term)


def test_no_plainer_alternative_is_itself_jargon():
    for lang, entries in JARGON.items():
        for term, alternative in entries.items():
            assert check(alternative, lang).jargon == (), (lang, term, alternative)


def test_every_jargon_term_is_found_in_its_own_language():
    for lang, entries in JARGON.items():
        for term, alternative in entries.items():
            assert check(f"Dyma {term} yma.", lang).jargon == (JargonMatch(term, alternative),)


def test_english_jargon_single_words_and_phrases():
    advice = check("We ensure stakeholders get remuneration in accordance with the policy.", "en")
    assert advice.jargon == (
        JargonMatch("ensure", "make sure"),
        JargonMatch("stakeholders", "people involved"),
        JargonMatch("remuneration", "pay"),
        JargonMatch("in accordance with", "under or following"),
    )


def test_jargon_matching_ignores_case_and_keeps_the_text_as_written():
    advice = check("REMUNERATION is paid Prior To each meeting.", "en")
    assert advice.jargon == (JargonMatch("REMUNERATION", "pay"), JargonMatch("Prior To", "before"))


def test_a_phrase_may_run_across_a_line_break_but_not_across_a_sentence():
    assert found(check("Paid in accordance\nwith the policy.", "en")) == ["in accordance\nwith"]
    assert found(check("It was prior. To be clear, it was.", "en")) == []


def test_english_jargon_matches_regular_inflections():
    assert found(check("We ensured it, are ensuring it and it ensures it.", "en")) == [
        "ensured", "ensuring", "ensures"]
    assert found(check("Meetings commenced and were facilitated.", "en")) == ["commenced", "facilitated"]


def test_jargon_never_matches_inside_another_word():
    text = ("Insurance and assurance. The assistant sets the priority. Remunerationist. "
            "Production matters. We pay. Payment is made. Monetise.")
    assert found(check(text, "en")) == []


def test_hyphenated_jargon_matches_with_or_without_its_hyphen_but_not_its_parts():
    assert found(check("Co-production and co production. Coproduction.", "en")) == [
        "Co-production", "co production", "Coproduction"]
    assert found(check("Boards that are co-terminous.", "en")) == ["co-terminous"]
    assert found(check("A terminous area.", "en")) == []


def test_the_same_jargon_is_reported_once():
    assert found(check("Ensure this. ENSURE that. ensure the other.", "en")) == ["Ensure"]


def test_welsh_jargon_single_words_and_phrases():
    text = "Byddwn yn sicrhau bod rhanddeiliaid yn cael taliad cydnabyddiaeth yn unol â'r polisi."
    assert check(text, "cy").jargon == (
        JargonMatch("sicrhau", "gwneud yn siŵr"),
        JargonMatch("rhanddeiliaid", "pobl sydd â diddordeb"),
        JargonMatch("taliad cydnabyddiaeth", "tâl"),
        JargonMatch("yn unol â", "yn ôl"),
    )


def test_welsh_jargon_ignores_case_and_a_missing_circumflex():
    assert check("Yn Unol A hyn, bydd y cyfarfod yn CYCHWYN.", "cy").jargon == (
        JargonMatch("Yn Unol A", "yn ôl"), JargonMatch("CYCHWYN", "dechrau"))


def test_welsh_jargon_is_found_mutated_and_the_alternative_takes_the_same_mutation():
    assert check("Mae'n amser i gychwyn.", "cy").jargon == (JargonMatch("gychwyn", "ddechrau"),)
    assert check("Siaradodd yng nghychwyn y cyfarfod.", "cy").jargon == (
        JargonMatch("nghychwyn", "nechrau"),)
    assert check("Siaradodd â'i randdeiliaid.", "cy").jargon == (
        JargonMatch("randdeiliaid", "bobl sydd â diddordeb"),)
    assert check("Dyma ei daliad cydnabyddiaeth.", "cy").jargon == (
        JargonMatch("daliad cydnabyddiaeth", "dâl"),)


def test_a_soft_mutation_leaves_an_alternative_starting_with_rh_alone():
    # "Mae'n orfodol" → "Mae'n rhaid": rh does not mutate after predicative yn.
    assert check("Mae'n orfodol.", "cy").jargon == (JargonMatch("orfodol", "rhaid"),)


def test_each_language_uses_its_own_jargon_list():
    assert check("Byddwn yn sicrhau tâl.", "en").jargon == ()
    assert check("We offer remuneration.", "cy").jargon == ()


# --- Reading ease ---------------------------------------------------------------------------

def test_flesch_of_the_textbook_example():
    # Flesch's formula on "The cat sat on the mat.": 6 words, 1 sentence, 6 syllables.
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.1, abs=0.1)
    assert flesch_reading_ease("") is None


def test_a_simple_text_reads_as_easy_and_near_its_hand_counted_score():
    advice = check(SIMPLE_EN, "en")
    assert advice.reading_ease == pytest.approx(SIMPLE_EN_SCORE, abs=5)
    assert advice.reading_ease > 70
    assert advice.band == "easy"


def test_a_dense_bureaucratic_text_reads_as_hard():
    assert flesch_reading_ease(DENSE_EN) == pytest.approx(DENSE_EN_SCORE, abs=5)
    advice = check(DENSE_EN, "en")
    assert advice.reading_ease < 40
    assert advice.reading_ease == 0  # held to the 0–100 scale
    assert advice.band == "hard"


def test_welsh_has_no_reading_ease():
    advice = check(WELSH, "cy")
    assert advice.words >= MIN_WORDS_FOR_READING_EASE
    assert advice.reading_ease is None
    assert advice.band is None


def test_short_english_texts_have_no_reading_ease():
    assert check(words(MIN_WORDS_FOR_READING_EASE - 1) + ".", "en").reading_ease is None
    assert check(words(MIN_WORDS_FOR_READING_EASE) + ".", "en").reading_ease is not None


@pytest.mark.parametrize(("score", "band"), [
    (100, "easy"), (70, "easy"), (69.9, "fairly_easy"), (60, "fairly_easy"),
    (59.9, "standard"), (50, "standard"), (49.9, "hard"), (0, "hard"), (None, None),
])
def test_reading_ease_bands(score, band):
    assert reading_ease_band(score) == band


@pytest.mark.parametrize(("word", "count"), [
    ("the", 1), ("people", 2), ("table", 2), ("started", 2), ("helped", 1), ("changes", 2),
    ("makes", 1), ("likely", 2), ("media", 3), ("social", 2), ("various", 3), ("usual", 3),
    ("language", 2), ("experience", 4), ("society", 4), ("quiet", 2), ("information", 4),
    ("remuneration", 5), ("representatives", 5), ("something", 2), ("framework", 2),
    ("isn't", 2), ("don't", 1), ("year", 1), ("multidisciplinary", 7), ("a", 1), ("Cymru", 2),
])
def test_syllable_counts_of_known_words(word, count):
    assert syllables(word) == count


HELD_OUT = (  # words never used to tune the counter, with dictionary syllable counts
    "apply 2 applicant 3 selected 3 discussion 3 conference 3 listened 2 listening 3 voice 1 "
    "concerns 2 complaint 2 outcome 2 decided 3 together 3 paid 1 travelling 3 childcare 2 "
    "reasonable 4 adjustments 3 accessible 4 disabled 3 preferred 2 preference 3 contacted 3 "
    "telephone 3 whether 2 although 2 through 1 enough 2 strategy 3 improvement 3 assurance 3 "
    "attendance 3 arranged 2 description 3 consider 3 consideration 5 specific 3 relevant 3 "
    "knowledge 2 respectful 3 trustworthy 3 valuable 4 believe 2 achieved 2 behaviour 3 "
    "areas 3 genuine 3 idea 3 ideal 2 creative 3 wellbeing 3 recovery 4 diagnosis 4 "
    "psychiatric 4 hospital 3 clinical 3 therapist 3 carers 2 cared 1 patients 2 relatives 3 "
    "friends 1 lived 1 experiences 5 representation 5 influence 3 regional 3 annually 4 "
    "quarterly 3 obviously 4 appropriate 4 procedure 3 requirements 3"
).split()


def test_the_syllable_heuristic_is_right_for_nearly_all_everyday_words():
    pairs = list(zip(HELD_OUT[0::2], map(int, HELD_OUT[1::2]), strict=True))
    wrong = [(w, n, syllables(w)) for w, n in pairs if syllables(w) != n]
    assert len(wrong) <= len(pairs) // 20, wrong


# --- Advice as a whole ----------------------------------------------------------------------

def test_plain_text_has_nothing_to_say():
    assert check("We pay you for your time.", "en").is_empty
    assert check("", "cy").is_empty
    assert check(None, "en").is_empty  # a missing section is an empty one


def test_a_fairly_easy_score_alone_is_not_worth_saying_but_a_standard_one_is():
    assert Advice("en", reading_ease=65.0).is_empty
    assert not Advice("en", reading_ease=55.0).is_empty
    assert not Advice("cy", jargon=(JargonMatch("cychwyn", "dechrau"),)).is_empty


def test_an_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown language"):
        check("Hello.", "fr")


def test_check_sections_returns_only_sections_with_something_to_say():
    sections = {
        "payment": {"en": "We pay remuneration.", "cy": "Rydyn ni'n talu."},
        "term": {"en": "Three years.", "cy": "Bydd y tymor yn cychwyn ym mis Mai."},
        "title": {"en": "Carer representative", "cy": None},
        "expenses": {"en": "", "fr": "Rémunération."},
    }
    advice = check_sections(sections)
    assert list(advice) == [("payment", "en"), ("term", "cy")]
    assert found(advice[("payment", "en")]) == ["remuneration"]
    assert found(advice[("term", "cy")]) == ["cychwyn"]


def test_the_built_in_role_templates_raise_no_jargon():
    from portal.role_templates_content import TEMPLATES

    for key, template in TEMPLATES.items():
        for section, advice in check_sections(template["sections"]).items():
            assert advice.jargon == (), (key, section)


def test_text_is_compared_in_composed_form():
    decomposed = unicodedata.normalize("NFD", "yn unol â'r polisi")
    assert found(check(decomposed, "cy")) == ["yn unol â"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), lang=st.sampled_from(["en", "cy"]))
def test_check_is_total_on_any_text(text, lang):
    advice = check(text, lang)
    composed = unicodedata.normalize("NFC", text)
    assert advice.reading_ease is None or 0 <= advice.reading_ease <= 100
    assert all(s.words > MAX_SENTENCE_WORDS for s in advice.long_sentences)
    assert all(match.found in composed for match in advice.jargon)
    assert all(word in composed for word in advice.long_words)
    assert isinstance(advice.is_empty, bool)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aeiouy ptcbdgmlr'-.,?!\n âŵŷ")), max_size=400),
       lang=st.sampled_from(["en", "cy"]))
def test_check_is_total_on_text_made_of_word_pieces(text, lang):
    check(text, lang)
    raw = flesch_reading_ease(text)
    assert raw is None or raw == raw  # never NaN


@settings(max_examples=50, deadline=None)
@given(sections=st.dictionaries(st.text(max_size=10), st.dictionaries(
    st.sampled_from(["en", "cy", "fr"]), st.none() | st.text(max_size=200))))
def test_check_sections_is_total(sections):
    for (key, lang), advice in check_sections(sections).items():
        assert key in sections
        assert lang in ("en", "cy")
        assert not advice.is_empty


# --- The advice in a page -------------------------------------------------------------------

MACRO = ('{% from "components/plain_language.html" import plain_language_advice %}'
         '{{ plain_language_advice(advice, name) }}')


def render(app, advice, name="Payment", path="/en/"):
    from flask import render_template_string

    with app.test_request_context(path):
        return render_template_string(MACRO, advice=advice, name=name)


def test_the_advice_renders_as_details_never_as_an_error(app):
    one_sentence = DENSE_EN.replace(". Successful", ", and successful")
    html = render(app, check(one_sentence, "en"), name="Payment (English)")
    assert '<details class="govuk-details"' in html
    assert "Suggestions for plainer language: Payment (English)" in html
    assert "error" not in html.lower()
    assert "These are only suggestions. You can save without following them." in html
    assert "Reading ease: 0 out of 100, hard to read." in html
    assert "Aim for 60 or more" in html
    assert "Try to keep sentences to 25 words or fewer." in html
    assert "38 words, starting “<span lang=\"en\">Prior to the commencement" in html
    assert ("Instead of “<span lang=\"en\">remuneration</span>”, you could write "
            "“<span lang=\"en\">pay</span>”") in html
    assert '<span lang="en">administered</span>' in html


def test_welsh_advice_marks_quoted_words_as_welsh_on_an_english_page(app):
    advice = check("Bydd y gwaith yn cychwyn a byddwn yn diolch am eich gwerthfawrogiad.", "cy")
    html = render(app, advice)
    assert "“<span lang=\"cy\">cychwyn</span>”, you could write “<span lang=\"cy\">dechrau</span>”" in html
    assert '<span lang="cy">gwerthfawrogiad</span>' in html
    assert "Reading ease" not in html


def test_an_easy_score_is_shown_without_a_target(app):
    advice = Advice("en", words=40, reading_ease=80.9, long_words=("administered",))
    html = render(app, advice)
    assert "Reading ease: 81 out of 100, easy to read." in html
    assert "Aim for" not in html


def test_nothing_is_rendered_when_there_is_nothing_to_say(app):
    assert render(app, check("We pay you for your time.", "en")).strip() == ""
    assert render(app, None).strip() == ""


def test_the_text_quoted_in_advice_is_escaped(app):
    text = "<script>alert(1)</script> " + words(30) + "."
    html = render(app, check(text, "en"), name="<b>Payment</b>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;Payment&lt;/b&gt;" in html


def test_the_advice_renders_on_a_welsh_page(app):
    html = render(app, check(DENSE_EN, "en"), path="/cy/")
    assert '<details class="govuk-details"' in html
    assert '<span lang="en">remuneration</span>' in html
