"""What a person may call themselves: names and pseudonyms are plain words, not markup, not
invisible characters, and never a label the platform itself shows in place of a person
("Anonymous", "Deleted participant") or a role ("Admin", "Moderator"), however spelled.

Look-alikes are caught by comparing skeletons: NFKC, casefold, accents dropped, a small map
of confusable letters (Cyrillic, Greek, dotless i, digits that pass for letters) folded onto
Latin ones, and everything but letters and digits removed. `Admın`, `Moderator.`,
`ᴀnonymous` and `D e l e t e d  participant` all meet a reserved skeleton. Pure functions:
tests call them directly; `profiles.clean_name` and `clean_pseudonym` apply them.
"""

from __future__ import annotations

import unicodedata

# Labels the platform shows in place of a person, roles, and the platform's own name.
RESERVED = ("anonymous", "anonyme", "anonym", "anónimo", "anonimo", "deleted participant",
            "participant supprimé", "gelöschter teilnehmer", "participante eliminado",
            "admin", "administrator", "administrateur", "administrador", "moderator",
            "modérateur", "moderateur", "moderador", "agora", "system", "système", "sistema",
            "support", "staff")

# Markup and characters that let a name pose as markup or hide what it is.
MARKUP = frozenset("<>")
# Unicode categories that print nothing or steer the text: controls, format characters
# (zero-width joiners, bidirectional overrides), surrogates, private use, unassigned,
# line and paragraph separators.
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

# Letters that pass for Latin ones (after NFKC and casefold), folded onto them. Deliberately
# small: the look-alikes of the letters of the reserved words, plus common digit swaps.
SKELETON = str.maketrans({
    "а": "a", "ɑ": "a", "α": "a", "@": "a", "4": "a",
    "ь": "b", "в": "b", "β": "b",
    "с": "c", "ϲ": "c", "ς": "c",
    "ԁ": "d", "ɗ": "d", "đ": "d",
    "е": "e", "ё": "e", "ε": "e", "є": "e", "3": "e", "€": "e",
    "ɡ": "g", "ց": "g", "9": "g",
    "һ": "h", "н": "h", "η": "h",
    "і": "i", "ї": "i", "ı": "i", "ι": "i", "ɩ": "i", "1": "i",
    "l": "i", "ӏ": "i", "ł": "i",
    "ј": "j", "к": "k", "κ": "k",
    "м": "m", "ṃ": "m", "п": "n", "ո": "n", "ń": "n",
    "о": "o", "ο": "o", "σ": "o", "ө": "o", "ø": "o", "0": "o",
    "р": "p", "ρ": "p", "ԛ": "q",
    "г": "r", "ѕ": "s", "$": "s", "5": "s",
    "т": "t", "τ": "t", "7": "t",
    "υ": "u", "ս": "u", "ц": "u", "μ": "u",
    "ν": "v", "ѵ": "v", "ԝ": "w", "ω": "w", "х": "x", "χ": "x",
    "у": "y", "γ": "y", "ү": "y", "ʏ": "y", "ᴢ": "z", "ᴀ": "a", "ᴅ": "d", "ᴇ": "e",
    "ɪ": "i", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ʀ": "r", "ᴛ": "t", "ᴜ": "u",
})


def skeleton(text: str) -> str:
    """The letters and digits `text` shows, folded so that look-alikes compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    stripped = "".join(c for c in unicodedata.normalize("NFKD", folded)
                       if not unicodedata.combining(c))
    mapped = stripped.translate(SKELETON)
    return "".join(c for c in mapped if c.isalnum())


_RESERVED_SKELETONS = frozenset(skeleton(word) for word in RESERVED)


def is_reserved(text: str) -> bool:
    return skeleton(text) in _RESERVED_SKELETONS


def has_markup(text: str) -> bool:
    """`<` or `>` (a tag, or the start of one), also as their full-width or small forms
    (NFKC makes them `<` and `>`), or an HTML character reference (`&lt;`, `&#60;`)."""
    import re

    folded = unicodedata.normalize("NFKC", text)
    return any(c in MARKUP for c in folded) or bool(
        re.search(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", folded, re.IGNORECASE))


def has_invisible(text: str) -> bool:
    return any(unicodedata.category(c) in INVISIBLE for c in text)


def problem(text: str) -> str | None:
    """Why `text` may not be a name or pseudonym (None: it may)."""
    if has_invisible(text):
        return "must not contain control or invisible characters"
    if has_markup(text):
        return "must not contain markup (< > or character references)"
    if is_reserved(text):
        return "is reserved by the platform"
    return None
