"""French typography on a screen: one no-break space, the narrow one (U+202F), before « : ; ?
! % » and inside « ». ``problems`` lists the lines that break it."""

import re

NARROW = "\u202f"
WRONG = [
    (re.compile(r"(?:^|[^\u202f])[;:?!](?=\s|$)"), "no narrow no-break space before ; : ? !"),
    (re.compile(r"[^\u202f]%"), "no narrow no-break space before %"),
    (re.compile(r"«(?!\u202f)|(?<!\u202f)»"), "no narrow no-break space inside « »"),
    (re.compile(r"[“”\u00a0]"), "English quotes or a wide no-break space"),
]


def problems(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        line = re.sub(r"https?://\S+|/\w+", "", line)  # links and commands are not French
        for pattern, why in WRONG:
            if pattern.search(line):
                found.append((why, line))
    return found
