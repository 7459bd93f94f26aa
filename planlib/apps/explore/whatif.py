"""What if: "how many more injuries can we afford this year?"."""

from __future__ import annotations

from dataclasses import dataclass

from planlib.apps.explore.labels import nouns, rule_text
from planlib.core.fmt import fmt_int
from planlib.core.i18n import t
from planlib.evaluation.evaluate import figures
from planlib.inputs.plan import Parameters, Target

__all__ = ["WhatIf", "what_if"]


@dataclass(frozen=True)
class WhatIf:
    """The figures an indicator would have with other counts, and what that leaves.

    ``more`` is, for an upper-bound rule, how many more numerator cases still meet it (``None``
    when the rule is already broken or cannot hold); for a lower-bound rule, how many more are
    needed (0 when met).
    """

    numerator: int
    denominator: int
    value: float | None
    status: str
    ci95: tuple[float, float] | None
    allowed_max: int | None
    required_min: int | None
    more: int | None
    sentence: str


def _upper(
    numerator: int, allowed_max: int | None, words: dict[str, str], lang: str
) -> tuple[int | None, str]:
    """``more`` and the sentence for an upper-bound rule (at most ``allowed_max``)."""
    if allowed_max is None:
        return None, t("xp.whatif.upper_impossible", lang, **words)
    if numerator < allowed_max:
        more = allowed_max - numerator
        return more, t("xp.whatif.upper_room", lang, more=fmt_int(more, lang), **words)
    if numerator == allowed_max:
        return 0, t("xp.whatif.upper_full", lang, **words)
    over = fmt_int(numerator - allowed_max, lang)
    sentence = t("xp.whatif.upper_over", lang, max=fmt_int(allowed_max, lang), over=over, **words)
    return None, sentence


def _lower(
    numerator: int, required_min: int | None, words: dict[str, str], lang: str
) -> tuple[int, str]:
    """``more`` and the sentence for a lower-bound rule (at least ``required_min``)."""
    needed = required_min if required_min is not None else 0
    more = max(0, needed - numerator)
    key = "xp.whatif.lower_met" if more == 0 else "xp.whatif.lower_short"
    sentence = t(
        key,
        lang,
        min=fmt_int(needed, lang),
        more=fmt_int(more, lang),
        spare=fmt_int(numerator - needed, lang),
        **words,
    )
    return more, sentence


def what_if(
    target: Target,
    numerator: int,
    denominator: int,
    *,
    lang: str = "vi",
    parameters: Parameters | None = None,
) -> WhatIf:
    """Value, status, interval and headroom for these counts, and a sentence saying them.

    Examples
    --------
    >>> from planlib.inputs.plan import load_plan
    >>> w = what_if(load_plan().target("T2.1"), 0, 612)
    >>> w.allowed_max, w.more
    (3, 3)
    >>> w.sentence
    'Với 612 trẻ em, thêm tối đa 3 trẻ em bị TNTT nữa thì T2.1 vẫn dưới 60/10.000.'
    """
    parameters = parameters or Parameters()
    numerator, denominator = max(0, int(numerator)), max(0, int(denominator))
    counted = figures(target, numerator, denominator, parameters)
    num_noun, den_noun = nouns(target, parameters, lang)
    words = {
        "id": target.id,
        "d": fmt_int(denominator, lang),
        "den": den_noun,
        "num": num_noun,
        "n": fmt_int(numerator, lang),
        "rule": rule_text(target, lang),
    }
    more: int | None
    if denominator == 0:
        more, sentence = None, t("xp.whatif.no_denominator", lang)
    elif target.upper_bound:
        more, sentence = _upper(numerator, counted["allowed_max"], words, lang)
    else:
        more, sentence = _lower(numerator, counted["required_min"], words, lang)
    counted.pop("small_numbers")
    return WhatIf(**counted, more=more, sentence=sentence)
