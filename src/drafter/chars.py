"""Characters no document format can hold: finding them, and cleaning them out.

Word's XML cannot carry control characters (other than tab and line break), the
non-characters U+FFFE and U+FFFF, or half of a surrogate pair; HTML and PDF show
them as garbage or end a quoted value early. Validation reports every one (S007);
the back ends clean them out as well, so a document rendered with --force despite
the errors is still well formed.
"""

from __future__ import annotations

import re

# C0 controls except tab and line feed (so a carriage return or form feed counts),
# DEL, the non-characters (U+FDD0–U+FDEF and the last two code points of every plane)
# and lone surrogates.
_NONCHARS = "".join(f"\\U{p << 16 | 0xFFFE:08X}\\U{p << 16 | 0xFFFF:08X}" for p in range(17))
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f\ufdd0-\ufdef\ud800-\udfff{_NONCHARS}]")

_NAMES = {"\r": "carriage return", "\x0c": "form feed", "\x0b": "vertical tab", "\x00": "null"}


def describe(char: str) -> str:
    """A character in words: 'a carriage return (U+000D)'."""
    code = ord(char)
    if char in _NAMES:
        what = f"a {_NAMES[char]}"
    elif code < 0x20 or code == 0x7F:
        what = "a control character"
    elif 0xD800 <= code <= 0xDFFF:
        what = "half of a surrogate pair"
    else:
        what = "a non-character"
    return f"{what} (U+{code:04X})"


def clean(text: str) -> str:
    """Text with every unsafe character removed (line endings kept as line feeds)."""
    if not UNSAFE.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return UNSAFE.sub("", text)


def shown(text: str) -> str:
    """Text safe to print on a terminal: unsafe characters and escapes written as U+XXXX."""
    return _TERMINAL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


# For a terminal, C1 controls (which include escape sequences' introducers) count too.
_TERMINAL = re.compile(f"{UNSAFE.pattern[:-1]}\x80-\x9f\x1b]")
