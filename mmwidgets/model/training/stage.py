"""Where the group is: the exercise the trainer has moved the whole group to.

The four training exercises, each its own workbook. The trainer chooses the group's exercise;
every trainee page compares it with its own and, when they differ, the trainee's browser opens
the other workbook by itself (see apps/training.py). Pure Python: numbers, file names, keys.
"""

from __future__ import annotations

import datetime as dt
import json

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

#: exercise number -> its workbook (the file name Voila serves, beside the others)
WORKBOOKS: dict[int, str] = {
    1: "oefening-1-brug.ipynb",
    2: "oefening-2-coachen.ipynb",
    3: "oefening-3-kleine-stappen.ipynb",
    4: "oefening-4-stress.ipynb",
}
EXERCISE_NUMBERS: tuple[int, ...] = tuple(WORKBOOKS)
#: exercise number -> its short name in the catalogue (the trainer's buttons, the trainee's message)
NAME_KEYS: dict[int, str] = {n: f"train.exercise_{n}" for n in WORKBOOKS}
#: the trainer's answers tab shows, per exercise 2 to 4, this kind of answers first
ANSWER_KINDS: dict[int, str] = {2: "coach", 3: "plan", 4: "quiz"}

#: the browser-kept note a page leaves for the next one when it follows the trainer
HANDOVER_NAME = "trainee:moving"
#: a hand-over older than this is ignored (the trainee came back another time)
HANDOVER_MAX_AGE = dt.timedelta(minutes=10)
#: the note a trainee's browser keeps while in a session (code and nickname, never the key): a
#: reloaded page (F5, a tablet waking up) joins again with it and the key kept under the nickname
CURRENT_NAME = "trainee:current"
#: the trainer's browser keeps the code of its open session under this name (its key apart)
TRAINER_CURRENT_NAME = "trainer:current"
#: a kept session note older than this is ignored (a training day, not next week)
CURRENT_MAX_AGE = dt.timedelta(hours=12)


def check_exercise(value: object) -> int:
    """An exercise number 1 to 4, or :class:`InvalidInput`."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in WORKBOOKS:
        raise InvalidInput(Problem("exercise", "train_exercise_unknown", {"value": str(value)[:20]}))
    return value


def handover_text(code: str, nickname: str, now: dt.datetime) -> str:
    """What a page keeps in the browser right before it opens the next exercise: the session
    code and nickname (never the key: that stays under its own name) and when."""
    return json.dumps({"code": code, "nickname": nickname, "at": now.isoformat(timespec="seconds")})


def read_handover(
    text: str | None, now: dt.datetime, max_age: dt.timedelta = HANDOVER_MAX_AGE
) -> tuple[str, str] | None:
    """``(code, nickname)`` from a recent hand-over, else None (missing, spoilt, or too old)."""
    if not text:
        return None
    try:
        data = json.loads(text)
        code, nickname, at = data["code"], data["nickname"], dt.datetime.fromisoformat(data["at"])
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(code, str) or not isinstance(nickname, str) or not code or not nickname:
        return None
    if at.tzinfo is not None or not (now - max_age <= at <= now + dt.timedelta(minutes=1)):
        return None
    return code, nickname


#: a page that has not said where it is for this long is "still loading" (it reports every ~12 s)
WHERE_FRESH = dt.timedelta(seconds=25)


def where_line(
    exercise: int, pages: list[tuple[str, int | None, dt.datetime | None]], now: dt.datetime
) -> tuple[int, int, list[str]]:
    """``(at, total, loading)``: how many trainees' pages work on the group's exercise (reported
    lately), of how many, and the nicknames of those whose page has not come yet."""
    at, loading = 0, []
    for name, where, seen in pages:
        if where == exercise and seen is not None and now - seen <= WHERE_FRESH:
            at += 1
        else:
            loading.append(name)
    return at, len(pages), loading
