"""Language identification (py3langid): which pages are not English, so they are stored but not coded.

Only a page whose text is long enough and confidently not English is marked with its language.
Identification on a line or two is unreliable (``"Merkel met Macron in Berlin."`` looks Dutch to
a character model), so a short text keeps the language its record or page declared, else English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")
# Common English function words; running text in other languages seldom has many of them.
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "were", "by", "at", "from", "it", "its", "be", "has", "have", "had", "not", "are", "this", "which", "or", "an", "will", "would", "he", "she", "they", "said", "but", "who"])

MIN_CHARS = 100  # below this the declared language (or English) stands
MIN_CONFIDENCE = 0.90  # normalised probability needed to call a page not English
SAMPLE_CHARS = 1500  # the identifier reads this much of a long page (plenty to tell a language)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower case (``"de-DE"`` -> ``"de"``); None when empty."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def detect_language(text: str, declared: str | None = None) -> str:
    """The ISO 639-1 code of ``text``'s language: ``"en"`` unless confidently something else.

    ``declared`` (a record's ``language`` field, the page's ``lang`` attribute or an HTTP
    Content-Language) decides for a short text, and for a long one the identifier is unsure of.
    """
    fallback = normalise_language(declared) or "en"
    sample = text.strip()[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_CHARS:
        return fallback
    words = _WORD.findall(sample.lower())
    if words and sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, words)) >= 0.2 * len(words):
        return "en"  # plainly English: a fifth of the words are English function words
    lang, prob = _identifier().classify(sample)
    if lang == "en":
        return "en"
    if prob >= MIN_CONFIDENCE:
        return str(lang)
    return fallback
