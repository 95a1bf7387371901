"""Who may act in a training session: session codes that are hard to guess, keys for the trainer
and each trainee, and a brake on guessing codes.

- A session code (``BRUG-4821-KXPT``) is read from the wall and typed by trainees: an easy word,
  four digits and four consonants (no vowels, so no words; no I, L or O to misread), about
  2 * 10^10 codes. Older short codes (``BRUG-4821``) are still understood.
- The trainer gets a key when the session starts; the trainer's view opens with code AND key.
- Each trainee gets a key when joining; their browser keeps it. A nickname already taken in a
  session is refused unless the browser presents that trainee's key (a reloaded page).
- Keys are stored only as SHA-256 hashes: the database never holds a usable key.
- Guessing codes is slowed where the guessing happens: after a few misses a browser must wait,
  longer after each further miss (the brake is kept in that browser, so a new page of the same
  browser waits too). When the whole server saw many misses lately, a page gets no free misses:
  its first wrong code already makes it wait. A right code from a page that is not braked is
  always checked: the trainees already in, and a latecomer with the right code, are never
  stopped by someone else's guessing.
- The address that keeps missing is slowed down as well (a guesser who throws away his
  browser's brake, or opens pages without one): beyond :data:`ADDRESS_FREE_MISSES` misses in
  :data:`ADDRESS_WINDOW`, the answer to each further wrong code from that address comes only
  after a wait that doubles up to :data:`ADDRESS_MAX_DELAY`. It is a delay, never a refusal,
  and only on misses: a right code from the same address (a classroom behind one router) is
  answered at once. The server hands the page a keyed hash of the address (``X-MM-Address``,
  :mod:`mmwidgets.serving.voila_app`); the address itself is never kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

CODE_WORDS: tuple[str, ...] = (
    "BRUG", "TREDE", "PIJLER", "DOEL", "STAP", "KOMPAS", "ROUTE", "HAVEN", "ANKER", "LADDER",
    "BAKEN", "KADE", "STUUR", "ZEIL", "VLOT", "DIJK",
)  # fmt: skip
CODE_LETTERS = "BCDFGHJKMNPQRSTVWXZ"
_CODE = re.compile(r"^([A-Z]{3,8})[\s_.-]*(\d{4})(?:[\s_.-]*([A-Z]{4}))?$")

#: a page may miss this many codes before it has to wait
FREE_MISSES = 3
#: the first wait, doubled after each further miss, up to MAX_WAIT
FIRST_WAIT = dt.timedelta(seconds=5)
MAX_WAIT = dt.timedelta(minutes=5)
#: misses on the whole server within SERVER_WINDOW before codes are not checked for that long
SERVER_MISSES = 30
SERVER_WINDOW = dt.timedelta(minutes=1)
#: misses from one address within ADDRESS_WINDOW before each further miss is answered late
ADDRESS_FREE_MISSES = 10
ADDRESS_WINDOW = dt.timedelta(minutes=10)
ADDRESS_FIRST_DELAY = 1.0
ADDRESS_MAX_DELAY = 30.0
#: where the page finds its address (Voila passes the server's X-MM-Address header as this)
ADDRESS_ENV = "HTTP_X_MM_ADDRESS"


def make_session_code(choose: Callable[[Sequence[str]], str] = secrets.choice) -> str:
    """``BRUG-4821-KXPT`` (``choose`` comes from ``secrets``; tests pass their own)."""
    digits = "".join(choose("0123456789") for _ in range(4))
    letters = "".join(choose(CODE_LETTERS) for _ in range(4))
    return f"{choose(CODE_WORDS)}-{digits}-{letters}"


def normalise_session_code(text: str) -> str:
    """What a trainee typed (``brug 4821 kxpt``, ``Brug4821KXPT``) as the stored form."""
    raw = " ".join((text or "").split()).upper()
    if not raw:
        raise InvalidInput(Problem("", "train_code_empty"))
    match = _CODE.match(raw)
    if not match:
        raise InvalidInput(Problem("", "train_code_unknown", {"code": raw[:20]}))
    word, digits, letters = match.groups()
    return f"{word}-{digits}-{letters}" if letters else f"{word}-{digits}"


def new_key() -> str:
    """A key for a trainer or trainee: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(key: str | None, stored_hash: str | None) -> bool:
    if not key or not stored_hash:
        return False
    return hmac.compare_digest(key_hash(key), stored_hash)


def page_address(environ: Mapping[str, str] | None = None) -> str:
    """The keyed hash of the visitor's address the server gave this page ("" when none)."""
    value = (os.environ if environ is None else environ).get(ADDRESS_ENV, "").strip()
    return value[:64] if re.fullmatch(r"[0-9a-f]{8,64}", value) else ""


def address_delay(recent_misses: int) -> float:
    """Seconds before a wrong code from an address with ``recent_misses`` earlier misses is answered."""
    beyond = recent_misses - ADDRESS_FREE_MISSES
    if beyond < 0:
        return 0.0
    return min(ADDRESS_FIRST_DELAY * 2 ** min(beyond, 20), ADDRESS_MAX_DELAY)


@dataclass
class GuessBrake:
    """One page's misses: after :data:`FREE_MISSES` it must wait before the next try.
    ``address``: where the page was opened from (None: as the server told this page)."""

    misses: int = 0
    blocked_until: dt.datetime | None = None
    address: str | None = None

    def where(self) -> str:
        return page_address() if self.address is None else self.address

    def check(self, now: dt.datetime) -> None:
        """Refuse (:class:`InvalidInput`) while this page must wait."""
        if self.blocked_until is not None and now < self.blocked_until:
            seconds = max(1, int((self.blocked_until - now).total_seconds() + 0.999))
            raise InvalidInput(Problem("", "train_wait", {"seconds": seconds}))

    def missed(self, now: dt.datetime, free: int = FREE_MISSES) -> None:
        """One more wrong try; beyond ``free`` misses the page waits, doubling each time."""
        self.misses += 1
        if self.misses > free:
            wait = min(FIRST_WAIT * 2 ** min(self.misses - free - 1, 20), MAX_WAIT)
            self.blocked_until = now + wait

    def hit(self) -> None:
        self.misses, self.blocked_until = 0, None

    def to_text(self) -> str:
        """The brake as the browser keeps it (a new page of the same browser keeps waiting)."""
        until = self.blocked_until.isoformat(timespec="seconds") if self.blocked_until else None
        return json.dumps({"misses": self.misses, "until": until})

    def restore(self, text: str | None, now: dt.datetime) -> None:
        """Take over what the browser kept, when it holds more misses than this page saw."""
        try:
            data = json.loads(text or "")
            misses = int(data["misses"])
            until = dt.datetime.fromisoformat(data["until"]) if data.get("until") else None
        except (ValueError, TypeError, KeyError):
            return
        if until is not None and (until.tzinfo is not None or until > now + MAX_WAIT):
            until = None  # not ours: a browser cannot shorten its wait this way, only lose it
        if 0 <= misses <= 10_000 and misses > self.misses:
            self.misses = misses
            if until is not None and (self.blocked_until is None or until > self.blocked_until):
                self.blocked_until = until


def server_busy(recent_misses: int) -> bool:
    """True when the server has seen so many misses lately that a page gets no free misses
    (its first wrong code makes it wait). Right codes are still checked for everyone."""
    return recent_misses >= SERVER_MISSES


#: what the browser keeps the brake under
BRAKE_NAME = "brake"
