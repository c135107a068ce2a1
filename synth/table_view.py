"""Tables that stay readable at any terminal width: no word and no number is ever broken across lines.

rich fits a wide table by shrinking its widest columns, below their longest word if need be, which splits
words and numbers ("harne ss", "25,10 4"). Here each column keeps at least the width of its longest word
(of its longest cell, for a no_wrap column) and only wraps at spaces; when even those widths do not fit,
each row is printed as a block instead: its first cell, then one "header  value" line per other column.
"""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


def print_table(console: Console, table: Table) -> None:
    """`table` (box=None, as all of synth's are) on `console`, as a table when it fits, else as blocks."""
    if fit(console, table, console.width):
        console.print(table)
        return
    if table.title:
        console.print(table.title, style="table.title", highlight=False)
    names = [_one_line(column.header) for column in table.columns]
    for cells in zip(*(list(column.cells) for column in table.columns)):
        console.print(cells[0], style="bold", highlight=False)
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim")
        block.add_column()
        for name, cell in zip(names[1:], cells[1:]):
            block.add_row(name, cell)
        if not fit(console, block, console.width - 2):
            for column in block.columns:  # a single word wider than the terminal: only folding can show it
                column.overflow = "fold"
        console.print(Padding(block, (0, 0, 0, 2), expand=False))
    if table.caption:
        console.print(table.caption, style="table.caption", highlight=False)


def fit(console: Console, table: Table, width: int) -> bool:
    """Give the columns widths that fit `width` without breaking a word; False (table unchanged) if none do."""
    columns = table.columns
    _, right, _, left = table.padding
    padding = [left + right] * len(columns)
    if columns and not table.pad_edge:
        padding[0] -= left
        padding[-1] -= right
    ranges = [_range(console, column) for column in columns]
    least, most = [low for low, _ in ranges], [high for _, high in ranges]
    room = width - sum(padding)
    if sum(least) > room:
        return False
    widths = list(most)
    for _ in range(sum(widths) - room):
        # Take from the column with the most width to spare above its longest word.
        spare = max(range(len(widths)), key=lambda i: widths[i] - least[i])
        widths[spare] -= 1
    if widths != most:
        for column, chosen in zip(columns, widths):
            column.width = chosen
    return True


def _range(console: Console, column) -> tuple[int, int]:
    """(longest word, longest line) over the header and cells; a no_wrap column's lines are one word each."""
    options = console.options
    least = most = 0
    for cell in [column.header, *column.cells]:
        measured = Measurement.get(console, options, cell)
        least = max(least, measured.maximum if column.no_wrap else measured.minimum)
        most = max(most, measured.maximum)
    return least, most


def _one_line(header) -> str:
    """A stacked header on one line: 'harness/\\ntokens' reads 'harness/tokens', 'mean\\ntokens' 'mean tokens'."""
    text = header.plain if isinstance(header, Text) else Text.from_markup(str(header)).plain
    return text.replace("/\n", "/").replace("\n", " ")
