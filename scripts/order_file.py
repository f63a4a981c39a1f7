#!/usr/bin/env python3
"""Writes a linker symbol-ordering file from callgrind profiles of `spool serve`.

Each profile is a callgrind output file (run with --demangle=no). Functions are listed in the order
of the profiles given (start-up first, then the work that follows), each function once, keeping
only names the binary defines. lld then places these functions side by side, so the code a server
runs at start and while idle fills few pages instead of touching most of the binary's text.

Usage: order_file.py BINARY OUT PROFILE [PROFILE ...]
"""
import re
import subprocess
import sys

NAME = re.compile(r"^c?fn=\((\d+)\)(?: (.*))?$")


def defined_functions(binary):
    """Names of the functions (text symbols) the binary defines."""
    listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in listing.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in ("t", "T", "W", "w"):
            names.add(parts[2])
    return names


def executed(profile):
    """Functions with a cost or a call in one callgrind file, in the order they appear."""
    names_by_id = {}
    with open(profile, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = NAME.match(line.rstrip("\n"))
            if not match:
                continue
            ident, name = match.groups()
            if name is not None:
                names_by_id[ident] = re.sub(r"'\d+$", "", name)  # callgrind marks recursion as name'2
            yield names_by_id.get(ident, "")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, out, profiles = sys.argv[1], sys.argv[2], sys.argv[3:]
    defined = defined_functions(binary)
    # A dict keeps the first place of each name.
    names = dict.fromkeys(name for profile in profiles for name in executed(profile) if name in defined)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(names) + "\n")
    print(f"order_file: {len(names)} functions from {len(profiles)} profiles -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
