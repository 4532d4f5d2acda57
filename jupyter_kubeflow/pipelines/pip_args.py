"""``pip install`` arguments read as pip reads them: packages, index options, files.

A notebook's ``%pip install``/``!pip install`` line becomes the step's packages. Every
option is known by name (with optparse's unique prefixes, as pip allows), so an option's
value is never taken for a package: ``--index-url PRIVATE pkg`` installs ``pkg`` from
PRIVATE in the step too (KFP's ``pip_index_urls``), ``-r requirements.txt`` reads that file
beside the notebook, and an option the step cannot honour where it changes *where* packages
come from (``--find-links``, ``--no-index``, ``-e``) is refused with a message rather than
dropped.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement

from ..errors import Unprocessable

# Where packages come from: kept for the step (KFP's pip_index_urls / pip_trusted_hosts).
INDEX_OPTIONS = {"--index-url": "index", "--extra-index-url": "extra", "--trusted-host": "trusted"}
# Options that change where packages come from and that a KFP step cannot be given.
REFUSED = {
    "--find-links": "a KFP step installs only from index URLs (-i/--extra-index-url)",
    "--no-index": "a KFP step installs only from index URLs (-i/--extra-index-url)",
    "--editable": "an editable install of a local folder cannot happen inside a step",
}
FILE_OPTIONS = {"--requirement", "--constraint"}
# Every other option of `pip install` (pip 25): whether it takes a value. Dropped with a
# warning: none of them changes which packages are installed from where.
OTHER_OPTIONS = {
    **dict.fromkeys(
        [
            "--upgrade-strategy",
            "--progress-bar",
            "--root-user-action",
            "--timeout",
            "--retries",
            "--cache-dir",
            "--log",
            "--log-file",
            "--exists-action",
            "--python-version",
            "--platform",
            "--implementation",
            "--abi",
            "--target",
            "--prefix",
            "--root",
            "--src",
            "--global-option",
            "--config-settings",
            "--no-binary",
            "--only-binary",
            "--report",
            "--proxy",
            "--cert",
            "--client-cert",
            "--keyring-provider",
            "--python",
            "--use-feature",
            "--use-deprecated",
            "--resume-retries",
            "--group",
            "--build-constraint",
            "--hash",
        ],
        True,
    ),
    **dict.fromkeys(
        [
            "--upgrade",
            "--quiet",
            "--verbose",
            "--pre",
            "--no-deps",
            "--user",
            "--force-reinstall",
            "--ignore-installed",
            "--no-cache-dir",
            "--no-warn-script-location",
            "--no-warn-conflicts",
            "--no-build-isolation",
            "--use-pep517",
            "--no-use-pep517",
            "--check-build-dependencies",
            "--no-compile",
            "--compile",
            "--isolated",
            "--require-hashes",
            "--dry-run",
            "--break-system-packages",
            "--no-input",
            "--disable-pip-version-check",
            "--no-color",
            "--prefer-binary",
            "--ignore-requires-python",
            "--no-clean",
            "--help",
            "--version",
            "--require-virtualenv",
            "--no-python-version-warning",
            "--debug",
        ],
        False,
    ),
}
SHORT = {
    "i": "--index-url",
    "r": "--requirement",
    "c": "--constraint",
    "e": "--editable",
    "f": "--find-links",
    "t": "--target",
    "U": "--upgrade",
    "q": "--quiet",
    "v": "--verbose",
    "I": "--ignore-installed",
    "h": "--help",
    "C": "--config-settings",
    "V": "--version",
}
LONG = [*INDEX_OPTIONS, *REFUSED, *FILE_OPTIONS, *OTHER_OPTIONS]
TAKES_VALUE = {
    **dict.fromkeys([*INDEX_OPTIONS, *FILE_OPTIONS, "--find-links", "--editable"], True),
    "--no-index": False,
    **OTHER_OPTIONS,
}
# An index URL is written unquoted into the step's shell command by KFP: only characters
# that mean nothing to a shell, and no credentials (they would sit in the pipeline spec).
_INDEX_URL = re.compile(r"https?://[A-Za-z0-9._~%+=,:/@-]+", re.IGNORECASE)
_HOST = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?")
# KFP writes each requirement as Python's repr inside its shell script: with no quote or
# backslash, repr is single-quoted and the shell takes it literally.
_UNSAFE_IN_REQUIREMENT = re.compile(r"['\\`$\x00-\x1f\x7f]")
REQUIREMENTS_MAX_DEPTH = 5


@dataclass
class PipRequest:
    """What pip install lines ask of a step."""

    packages: list[str] = field(default_factory=list)
    index_url: str | None = None
    extra_index_urls: list[str] = field(default_factory=list)
    trusted_hosts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: PipRequest, where: str) -> None:
        if other.index_url and self.index_url and other.index_url != self.index_url:
            raise Unprocessable(
                f"{where}: the step would install from two indexes, {self.index_url} and "
                f"{other.index_url} (pip -i in its cells, the imports and functions cells, or "
                "a step whose values it reads); use one -i and add others with "
                "--extra-index-url",
                where=where,
            )
        self.index_url = self.index_url or other.index_url
        _extend(self.packages, other.packages)
        _extend(self.extra_index_urls, other.extra_index_urls)
        _extend(self.trusted_hosts, other.trusted_hosts)

    @property
    def index_urls(self) -> list[str]:
        """KFP's pip_index_urls: the first replaces PyPI, the others are extra indexes."""
        if not self.index_url and not self.extra_index_urls:
            return []
        return [self.index_url or "https://pypi.org/simple", *self.extra_index_urls]


def _extend(items: list[str], more: list[str]) -> None:
    items += [x for x in more if x not in items]


ReadFile = Callable[[str], str]


def _long_option(word: str, where: str) -> str:
    """A long option's full name; pip (optparse) takes any unique prefix."""
    if word in TAKES_VALUE:
        return word
    matches = [name for name in LONG if name.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise Unprocessable(
        f"{where}: pip option {word!r} is "
        + ("ambiguous (" + ", ".join(matches) + ")" if matches else "not known here")
        + ": the step cannot tell whether it takes a value, so this line is not converted",
        where=where,
    )


def _check_url(url: str, option: str, where: str) -> str:
    if not _INDEX_URL.fullmatch(url):
        raise Unprocessable(
            f"{where}: {option} {url!r} is not an http(s) index URL the step can use "
            "(no spaces, quotes or shell characters)",
            where=where,
        )
    if "@" in url.split("://", 1)[1].split("/", 1)[0]:
        raise Unprocessable(
            f"{where}: {option} holds credentials; they would be written into the pipeline "
            "spec for anyone who can read it: configure them in the image's pip.conf instead",
            where=where,
        )
    return url


def _requirement(word: str, where: str) -> str | None:
    """``word`` if it is a requirement a step can install safely, else None."""
    if _UNSAFE_IN_REQUIREMENT.search(word):
        return None
    try:
        Requirement(word)
    except InvalidRequirement:
        return None
    return word


def parse_install_args(
    words: list[str], where: str, read_file: ReadFile | None, depth: int = 0
) -> PipRequest:
    """The request of ``pip install WORDS`` (words as the shell splits them)."""
    out = PipRequest()
    i = 0

    def value_of(name: str, inline: str | None) -> str:
        nonlocal i
        if inline is not None:
            return inline
        i += 1
        if i >= len(words):
            raise Unprocessable(f"{where}: pip option {name} needs a value", where=where)
        return words[i]

    while i < len(words):
        word = words[i]
        if word.startswith("--") and len(word) > 2:
            raw, eq, inline_value = word.partition("=")
            name = _long_option(raw, where)
            inline: str | None = inline_value if eq else None
            options = [(name, inline)]
        elif word.startswith("-") and len(word) > 1:
            options = []
            letters = word[1:]
            for k, letter in enumerate(letters):
                if letter not in SHORT:
                    raise Unprocessable(
                        f"{where}: pip option -{letter} is not known here: the step cannot "
                        "tell whether it takes a value, so this line is not converted",
                        where=where,
                    )
                name = SHORT[letter]
                if TAKES_VALUE[name]:
                    options.append((name, letters[k + 1 :] or None))
                    break
                options.append((name, None))
        else:
            if (req := _requirement(word, where)) is not None:
                _extend(out.packages, [req])
            else:
                out.warnings.append(f"{word!r} is not a package requirement: left out")
            i += 1
            continue
        for name, inline in options:
            _option(
                out,
                name,
                value_of(name, inline) if TAKES_VALUE[name] else None,
                where,
                read_file,
                depth,
            )
        i += 1
    return out


def _option(
    out: PipRequest,
    name: str,
    value: str | None,
    where: str,
    read_file: ReadFile | None,
    depth: int,
) -> None:
    if name in REFUSED:
        raise Unprocessable(f"{where}: pip install {name} is refused: {REFUSED[name]}", where=where)
    kind = INDEX_OPTIONS.get(name)
    if kind == "index":
        url = _check_url(str(value), name, where)
        if out.index_url and out.index_url != url:
            raise Unprocessable(
                f"{where}: pip install names two indexes, {out.index_url} and {url}", where=where
            )
        out.index_url = url
    elif kind == "extra":
        _extend(out.extra_index_urls, [_check_url(str(value), name, where)])
    elif kind == "trusted":
        if not _HOST.fullmatch(str(value)):
            raise Unprocessable(
                f"{where}: --trusted-host {value!r} is not a host name", where=where
            )
        _extend(out.trusted_hosts, [str(value)])
    elif name == "--requirement":
        included = read_requirements(str(value), where, read_file, depth + 1)
        out.merge(included, where)
        out.warnings += included.warnings
    elif name == "--constraint":
        out.warnings.append(f"constraints file {value!r} is not applied in the step: left out")
    else:
        shown = f"{name} {value}" if value is not None else name
        out.warnings.append(f"pip option {shown!r} does not apply to the step: left out")


def read_requirements(
    name: str, where: str, read_file: ReadFile | None, depth: int = 1
) -> PipRequest:
    """A requirements file's request, read as pip reads it (comments, continuations,
    option lines, per-requirement options)."""
    if read_file is None:
        raise Unprocessable(
            f"{where}: pip install -r {name}: a requirements file is read from beside the "
            "notebook, which this conversion has no folder for",
            where=where,
        )
    if depth > REQUIREMENTS_MAX_DEPTH:
        raise Unprocessable(
            f"{where}: requirements files include each other more than "
            f"{REQUIREMENTS_MAX_DEPTH} deep (at {name})",
            where=where,
        )
    text = read_file(name)
    out = PipRequest()
    logical = re.sub(r"\\\r?\n", "", text)  # pip joins lines that end in a backslash
    for number, line in enumerate(logical.split("\n"), 1):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if not line:
            continue
        here = f"{where}, {name} line {number}"
        if line.startswith("-"):
            try:
                words = shlex.split(line)
            except ValueError as e:
                raise Unprocessable(f"{here}: {e}", where=where) from None
            options = parse_install_args(words, here, read_file, depth)
            out.merge(options, where)
            out.warnings += options.warnings
            continue
        # pip (break_args_options): the requirement is the words before the first option
        tokens = line.split(" ")
        cut = next((k for k, w in enumerate(tokens) if w.startswith("-")), len(tokens))
        requirement = " ".join(tokens[:cut]).strip()
        if _requirement(requirement, here) is None:
            raise Unprocessable(
                f"{here}: {requirement!r} is not a requirement a step can install",
                where=where,
            )
        _extend(out.packages, [requirement])
        if rest := " ".join(tokens[cut:]).strip():
            out.warnings.append(f"{here}: options {rest!r} left out")
    return out
