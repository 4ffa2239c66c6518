"""How wide text is in Calibri, and table grids whose columns hold their longest words.

Word and LibreOffice lay out a fixed-width table as its grid says, and break a word
that does not fit its column between two letters ("Departme/nt"). The grid is the
context's column widths (as the PDF uses them), widened where a column's longest
word would not fit, with the room taken from columns that have more than they need;
`fit_grid` does this once for all the tables of one kind, so they all share a grid.

The advance widths are Carlito's, which has Calibri's metrics (the font both the
Word file names and the PDF uses); read from Carlito 1.103 with fontTools, in units
of 1/2048 em, for the printable ASCII characters and a few others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import repeat

UNITS = 2048
_REGULAR = (
    "463 667 821 1020 1038 1464 1397 452 621 621 1020 1020 511 627 517 791 1038 1038 1038 "
    "1038 1038 1038 1038 1038 1038 1038 548 548 1020 1020 1020 949 1831 1185 1114 1092 1260 "
    "1000 941 1292 1276 516 653 1064 861 1751 1322 1356 1058 1378 1112 941 998 1314 1162 "
    "1822 1063 998 959 628 791 628 1020 1020 596 981 1076 866 1076 1019 625 964 1076 470 490 "
    "931 470 1636 1076 1080 1076 1076 714 801 686 1076 925 1464 887 927 809 644 943 644 1020"
)
_BOLD = (
    "463 667 898 1020 1038 1493 1443 478 638 638 1020 1020 528 627 547 880 1038 1038 1038 "
    "1038 1038 1038 1038 1038 1038 1038 565 565 1020 1020 1020 949 1840 1241 1148 1084 1291 "
    "999 940 1305 1292 546 678 1120 866 1790 1349 1385 1090 1405 1153 968 1014 1337 1211 "
    "1856 1128 1064 979 665 880 665 1020 1020 615 1011 1099 857 1099 1031 648 971 1099 503 "
    "523 983 503 1666 1099 1101 1099 1099 728 817 710 1099 969 1526 941 970 814 704 973 704 "
    "1020"
)
_OTHERS = {  # character: (regular, bold)
    "\u00a0": (463, 463),
    "£": (1038, 1038),
    "é": (1019, 1031),
    "×": (1020, 1020),
    "–": (1020, 1020),
    "—": (1854, 1854),
    "‘": (511, 528),
    "’": (511, 528),
    "“": (857, 891),
    "”": (857, 891),
    "•": (1020, 1020),
    "…": (1414, 1457),
    "−": (1020, 1020),
    "€": (1038, 1038),
    "\u200d": (0, 0),
    "\u2060": (0, 0),
}
_WIDTHS: tuple[dict[str, int], dict[str, int]] = (
    {chr(32 + i): int(w) for i, w in enumerate(_REGULAR.split())}
    | {c: w[0] for c, w in _OTHERS.items()},
    {chr(32 + i): int(w) for i, w in enumerate(_BOLD.split())}
    | {c: w[1] for c, w in _OTHERS.items()},
)
_WIDEST = 1856  # for characters not listed: as wide as the widest, to be safe
# Where a line may break inside a cell's text: at spaces and after a hyphen ("co-/operate").
# Other break opportunities (after a slash or a dash) are not counted, to be safe.
_PIECES = re.compile(r"[^\s-]+-?|-")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` on one line, in points, at `size` points in Calibri."""
    return sum(map(_WIDTHS[bold].get, text, repeat(_WIDEST))) * size / UNITS


def longest_piece(text: str, size: float, *, bold: bool = False) -> float:
    """The width in points of the widest part of `text` that a line cannot break."""
    return max((text_width(p, size, bold=bold) for p in _PIECES.findall(text)), default=0.0)


def fit_grid(
    weights: Sequence[float],
    needs: Iterable[Sequence[float]],
    width: int,
) -> list[int]:
    """Column widths in twips: `weights` shared out over `width`, each column widened to
    the greatest of its `needs` (twips, one sequence per row) where the others can spare it.

    When the columns together need more than `width`, each gets its share of the width in
    proportion to its need, so every column is as close to holding its words as it can be.
    """
    total = sum(weights)
    grid = [w * width / total for w in weights]
    need = [0.0] * len(grid)
    for row in needs:
        for col, n in enumerate(row):
            need[col] = max(need[col], n)
    if sum(need) >= width:
        out = [n * width / sum(need) for n in need]
    else:
        deficit = sum(max(0.0, n - g) for n, g in zip(need, grid, strict=True))
        spare = [max(0.0, g - n) for n, g in zip(need, grid, strict=True)]
        ratio = deficit / sum(spare) if deficit else 0.0
        out = [max(g, n) - s * ratio for g, n, s in zip(grid, need, spare, strict=True)]
    rounded = [int(w) for w in out]
    rounded[-1] += width - sum(rounded)
    return rounded
