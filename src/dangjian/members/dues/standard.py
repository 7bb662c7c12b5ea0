"""The national dues rules (中组部《关于中国共产党党费收缴、使用和管理的规定》), in one place.

Employed members (在职) pay a share of their monthly income basis, the band chosen by the basis and the
share applied to the whole basis:
  3000元以下（含3000元） 0.5% · 3000元以上至5000元（含5000元） 1% · 5000元以上至10000元（含10000元） 1.5% ·
  10000元以上 2%.
Retired members (离退休): 5000元以下（含5000元） 0.5% · 5000元以上 1%.
Students, the unemployed and those on basic subsidies pay 0.2 yuan a month; others a fixed amount.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dangjian.members.models.dues import DuesKind

LOW_INCOME_FEN = 20  # 0.2 yuan a month
# (upper bound of the band in fen, inclusive; None = no bound) → rate in basis points (1/10000)
EMPLOYED_BANDS = ((300000, 50), (500000, 100), (1000000, 150), (None, 200))
RETIRED_BANDS = ((500000, 50), (None, 100))
MAX_INCOME_FEN = 100_000_000  # one million yuan a month: anything larger is a typing error


def round_fen(numerator: int, denominator: int) -> int:
    """The one rounding rule of dues: a share of an amount in fen, rounded to the fen, half up.

    Integer arithmetic only (no float, no Decimal context): 300001 fen × 1% = 3000.01 fen → 3000 fen;
    a half fen rounds up, as the branch's cash book does."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("amounts are never negative")
    return (2 * numerator + denominator) // (2 * denominator)


def rate_for(kind: str, income_fen: int) -> int:
    """The share in basis points for a kind and an income basis (0 for the fixed-amount kinds)."""
    bands = {DuesKind.EMPLOYED: EMPLOYED_BANDS, DuesKind.RETIRED: RETIRED_BANDS}.get(kind)
    if bands is None:
        return 0
    for upper, rate in bands:
        if upper is None or income_fen <= upper:
            return rate
    raise AssertionError("the last band has no bound")


def monthly_fen(kind: str, income_fen: int = 0, fixed_fen: int | None = None) -> tuple[int, int]:
    """(monthly dues in fen, rate in basis points) for a member of `kind` with `income_fen` a month."""
    if kind == DuesKind.LOW_INCOME:
        return LOW_INCOME_FEN, 0
    if kind == DuesKind.FIXED:
        return int(fixed_fen or 0), 0
    rate = rate_for(kind, income_fen)
    return round_fen(income_fen * rate, 10000), rate


def parse_yuan(raw) -> int:
    """A yuan amount as typed or read from a bank file ("3000", "3,000.50", "￥12.3") → fen, exactly.

    Parsed with Decimal from the text (never through float); more than two decimals is refused, not rounded:
    an amount of money has no third decimal."""
    text = str(raw).strip().replace(",", "").replace("，", "").replace("￥", "").replace("¥", "")
    text = text.removesuffix("元").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{raw}”不是有效金额，请填写以元为单位的数字，如 12.50") from None
    if not value.is_finite():
        raise ValueError(f"“{raw}”不是有效金额")
    if value < 0:
        raise ValueError("金额不能为负数")
    if value.adjusted() > 8:  # checked before quantizing, which fails past the context's 28 digits
        raise ValueError(f"“{raw}”金额过大，请核对")
    if value != value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValueError(f"“{raw}”超过两位小数（金额精确到分）")
    fen = int(value * 100)
    if fen > MAX_INCOME_FEN:
        raise ValueError(f"“{raw}”金额过大，请核对")
    return fen
