#!/usr/bin/env python3
"""Reference figures for src/financing/tests/reference_cases.rs, computed independently of the Rust
code with Python's decimal module at 50 significant digits.

The level payment comes from the textbook formula P*r / (1 - (1+r)**-n) evaluated in decimal
(not from the integer closed form the Rust code uses), then both follow the documented rules:
the payment is rounded half-up to the cent, each month's interest is rounded half-up to the
cent, and the final payment clears the balance. At 0% APR the amount is divided evenly
(rounded down) with the remainder on the final payment.

Run: python3 scripts/financing_reference.py   (prints the Rust table rows)
"""
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 50

# (principal_cents, apr_bps, term_months)
CASES = [
    (1_000_000, 1790, 24),
    (1_000_000, 1890, 36),
    (350_000, 1790, 24),
    (2_500_000, 1890, 36),
    (4_500_000, 999, 60),
    (500_000, 2699, 12),
    (123_457, 1, 12),
    (100_000_000, 9999, 120),
    (100_000_000, 599, 120),
    (99_999, 3500, 18),
    (250_000, 1200, 1),
    (3_000_000, 2999, 48),
    (1_000_000, 0, 12),
    (777_777, 0, 24),
    (5_000, 2499, 6),
    (1_500_000, 750, 84),
]


def cents_half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def schedule(principal: int, apr_bps: int, n: int):
    if apr_bps == 0:
        monthly = principal // n
        return monthly, principal - monthly * (n - 1), principal
    r = Decimal(apr_bps) / Decimal(120_000)
    exact = Decimal(principal) * r / (1 - (1 + r) ** -n)
    monthly = cents_half_up(exact)
    balance = principal
    total = 0
    for _ in range(n - 1):
        balance += cents_half_up(Decimal(balance) * r)
        balance -= monthly
        assert balance > 0
        total += monthly
    final = balance + cents_half_up(Decimal(balance) * r)
    total += final
    if n == 1:
        monthly = final
    return monthly, final, total


for p, a, n in CASES:
    m, f, t = schedule(p, a, n)
    print(f"    ({p}, {a}, {n}, {m}, {f}, {t}),")
