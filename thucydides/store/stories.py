"""Syndication: the same story on many sites, recognised as near-duplicates and stored once.

A wire report (Xinhua, AP, Reuters, AFP ...) reappears on dozens of sites with its own header,
footer, a changed word or two. Counting its events once per site would make one meeting look
like ten. At ingest every article gets a MinHash signature (128 permutations over word
5-shingles of its clean text); an LSH index (threshold 0.8 estimated Jaccard) finds an earlier
article that it nearly copies. Every stored article belongs to exactly one *story*:

* the first article of a story is stored as usual, with its events, and starts the story;
* a near-copy is stored as an article (its URL, title, publisher and text stay findable) and
  linked to the story with its similarity, but its events are **not** stored: an event
  reported by ten sites is counted once everywhere the store counts event mentions
  (``query --top-dyads``, ``events_where``);
* an exact copy (same clean text under another id or URL) is linked the same way with
  similarity 1.0 and its text is not stored a second time.

The signatures persist in the store (``article_story.minhash``), so each run rebuilds the
index from the store: a resumed or later run links new copies to stories of earlier runs and
the result does not depend on how the input was split into runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

__all__ = ["NUM_PERM", "SHINGLE", "THRESHOLD", "StoryIndex", "StoryLink", "shingles", "signature", "text_hash"]

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.8
# Fixed: signatures stored by one run must be comparable with the next run's.
_SEED = 1
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, n: int = SHINGLE) -> set[bytes]:
    """The word n-shingles of a text (lower-cased words; a text shorter than n is one shingle)."""
    words = _words(text)
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def signature(text: str) -> LeanMinHash:
    """The MinHash signature of a text's shingles."""
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    sh = shingles(text)
    if sh:
        mh.update_batch(list(sh))
    return LeanMinHash(mh)


def text_hash(text: str) -> str:
    """A hash of the text's words: the same article under another id or with other spacing."""
    return hashlib.sha256(" ".join(_words(text)).encode("utf-8")).hexdigest()[:32]


def _to_bytes(mh: LeanMinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype="<u8").tobytes()


def _from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(data, dtype="<u8"), scheme=_SCHEME)


@dataclass
class StoryLink:
    """Where an article belongs: its story, and how close it is to the story's article."""

    article_id: str
    story_id: str
    similarity: float  # 1.0 for the first article of a story and for exact copies
    text_hash: str
    minhash: bytes
    copy_of: str | None = None  # the stored article it copies (None: it starts a story)
    exact: bool = False  # its text is identical to copy_of's

    @property
    def is_copy(self) -> bool:
        """True when the article repeats a story already stored."""
        return self.copy_of is not None


class StoryIndex:
    """The stored articles' signatures in an LSH index, to find the story a new article repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, LeanMinHash] = {}
        self._story: dict[str, str] = {}  # article id -> story id
        self._by_hash: dict[str, str] = {}  # text hash -> first article id with that text

    def __len__(self) -> int:
        return len(self._sigs)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, bytes | None]],
                  threshold: float = THRESHOLD) -> StoryIndex:
        """Rebuild the index from stored ``(article_id, story_id, text_hash, minhash)`` rows."""
        index = cls(threshold)
        for article_id, story_id, thash, blob in rows:
            index._story[article_id] = story_id
            index._by_hash.setdefault(thash, article_id)
            if blob:
                index._insert(article_id, _from_bytes(bytes(blob)))
        return index

    def _insert(self, article_id: str, mh: LeanMinHash) -> None:
        if article_id not in self._sigs:
            self._sigs[article_id] = mh
            self._lsh.insert(article_id, mh)

    def link(self, article_id: str, text: str) -> StoryLink:
        """The story a new article belongs to (not yet added: call :meth:`add` once it is stored)."""
        thash = text_hash(text)
        mh = signature(text)
        blob = _to_bytes(mh)
        twin = self._by_hash.get(thash)
        if twin is not None and twin != article_id:
            return StoryLink(article_id, self._story[twin], 1.0, thash, blob, copy_of=twin, exact=True)
        best: tuple[float, str] | None = None
        for cand in self._lsh.query(mh):
            if cand == article_id:
                continue
            sim = float(mh.jaccard(self._sigs[cand]))
            # LSH only proposes candidates; keep those whose estimate clears the threshold,
            # the closest first, ties to the smaller id so the choice is reproducible.
            if sim >= self.threshold and (best is None or (-sim, cand) < (-best[0], best[1])):
                best = (sim, cand)
        if best is None:
            return StoryLink(article_id, article_id, 1.0, thash, blob)
        sim, cand = best
        return StoryLink(article_id, self._story[cand], round(sim, 4), thash, blob, copy_of=cand)

    def add(self, link: StoryLink) -> None:
        """Index an article once it is stored, so later articles can be linked to its story."""
        self._story[link.article_id] = link.story_id
        self._by_hash.setdefault(link.text_hash, link.article_id)
        self._insert(link.article_id, _from_bytes(link.minhash))
