"""Settings an administrator changes (Store.change_setting): checked here before they are stored.

- "idle_minutes": minutes without activity after which a session ends (auth.IDLE_RANGE).
- "schemes": per scoring scheme, its scores, the score below the first criterion and the target
  level, as analytics.importing.scheme_configs reads them.
"""

from __future__ import annotations

from typing import Any

from analytics import auth, scoring
from analytics.errors import PramernError

IDLE_MINUTES, SCHEMES = "idle_minutes", "schemes"


class InvalidSetting(PramernError):
    """A setting's value is outside what the rules allow."""


def check_idle_minutes(value: Any) -> int:
    minutes = auth.idle_minutes(value)
    low, high = auth.IDLE_RANGE
    if minutes is None or float(value) != minutes:
        raise InvalidSetting(f"The idle time must be a whole number of minutes from {low} to {high}.",
                             f"เวลาไม่มีการใช้งานต้องเป็นจำนวนนาทีเต็มตั้งแต่ {low} ถึง {high}")
    return minutes


def scheme_settings(three_level_scores: tuple[float, float, float], below_first_5: float,
                    below_first_3: float) -> dict[str, dict[str, Any]]:
    """The "schemes" setting for these choices, or InvalidSetting naming what is wrong.

    The 3-level scores must rise; a score below the first criterion lies between 0 and the first
    criterion's score (1 for the 5-level scheme).
    """
    scores = [float(s) for s in three_level_scores]
    if not (0 < scores[0] < scores[1] < scores[2]):
        raise InvalidSetting("The 3-level scores must be positive and rise from basic to advanced.",
                             "คะแนนเกณฑ์ 3 ระดับต้องเป็นบวกและเพิ่มขึ้นจากขั้นต้นถึงขั้นสูง")
    five = scoring.DEFAULT_SCHEMES[scoring.FIVE_LEVEL]
    if not 0 <= below_first_5 <= five.scores[0]:
        raise InvalidSetting(f"The 5-level score below the first criterion must be from 0 to {five.scores[0]:g}.",
                             f"คะแนนต่ำกว่าเกณฑ์แรกของเกณฑ์ 5 ระดับต้องอยู่ระหว่าง 0 ถึง {five.scores[0]:g}")
    if not 0 <= below_first_3 <= scores[0]:
        raise InvalidSetting(f"The 3-level score below the first criterion must be from 0 to {scores[0]:g}.",
                             f"คะแนนต่ำกว่าเกณฑ์แรกของเกณฑ์ 3 ระดับต้องอยู่ระหว่าง 0 ถึง {scores[0]:g}")
    three = scoring.DEFAULT_SCHEMES[scoring.THREE_LEVEL]
    return {
        scoring.FIVE_LEVEL: {"scores": list(five.scores), "below_first": float(below_first_5),
                             "target_level": five.target_level},
        scoring.THREE_LEVEL: {"scores": scores, "below_first": float(below_first_3),
                              "target_level": three.target_level},
    }
