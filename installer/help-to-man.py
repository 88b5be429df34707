#!/usr/bin/env python3
"""Writes a gzipped man page from a program's own --help, so the two never disagree.

Reads the two help layouts QuantBench's programs print: CLI11's (quantbench-cli: a description,
"Usage:", then "Options:" and "Subcommands:" tables) and QCommandLineParser's (quantbench:
"Usage:", a description, "Options:" and "Arguments:"). Each subcommand's own --help becomes a
subsection of COMMANDS. Runs in the C locale, without the user's settings, so the page is English.

Usage: help-to-man.py PROGRAM NAME VERSION OUT.1.gz
"""
import gzip
import os
import re
import subprocess
import sys
import tempfile


def run_help(program, *args):
    # English whatever the builder's locale, and no language chosen in their QuantBench settings.
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, LC_ALL="C", LANGUAGE="", LANG="C", XDG_CONFIG_HOME=config)
        done = subprocess.run([program, *args, "--help"], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        sys.exit(f"error: {program} {' '.join(args)} --help failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def roff(text):
    """Escapes text for roff: backslashes, hyphens (so options copy as ASCII) and leading dots."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text)


def parse(text, program_path, name):
    """Splits help text into (usage, description lines, [(heading, [(term, description)])])."""
    usage, description, sections = "", [], []
    rows = None
    for line in text.splitlines():
        if line.startswith("Usage: "):
            usage = line[len("Usage: "):].replace(program_path, name, 1)
            rows = None
        elif re.fullmatch(r"[A-Z][A-Za-z ]*:", line):
            rows = []
            sections.append((line[:-1], rows))
        elif rows is None:
            if line.strip():
                description.append(line.strip())
        elif not line.strip():
            continue
        else:
            # "  term    description"; a row whose description does not fit continues on indented lines.
            m = re.fullmatch(r"  (\S(?:.*?\S)?)(?: {2,}(\S.*))?", line)
            if m and not line.startswith("   "):
                rows.append([m.group(1), m.group(2) or ""])
            elif rows:
                rows[-1][1] = (rows[-1][1] + " " + line.strip()).strip()
    return usage, description, sections


def table(out, rows):
    for term, text in rows:
        out.append(".TP")
        out.append("\\fB" + roff(term) + "\\fR")
        out.append(roff(text))


def page(program, name, version):
    usage, description, sections = parse(run_help(program), program, name)
    summary = description[0].rstrip(".") if description else name
    summary = re.sub(r"^QuantBench: ", "", summary)
    out = [
        f'.TH {roff(name.upper())} 1 "" "{roff(name)} {roff(version)}" "User Commands"',
        ".SH NAME",
        f"{roff(name)} \\- {roff(summary)}",
        ".SH SYNOPSIS",
        ".B " + roff(usage),
        ".SH DESCRIPTION",
    ]
    out += [roff(line) for line in description] or [roff(summary)]
    commands = []
    for heading, rows in sections:
        if heading == "Subcommands":
            commands = rows
            continue
        out.append(".SH " + roff(heading.upper()))
        table(out, rows)
    if commands:
        out.append(".SH COMMANDS")
        for command, _ in commands:
            usage, description, sections = parse(run_help(program, command), program, name)
            out.append(".SS " + roff(command))
            out.append(".B " + roff(usage))
            out.append(".PP")
            out += [roff(line) for line in description]
            for heading, rows in sections:
                if heading == "Options" and rows and rows[0][0].startswith("-h,--help"):
                    rows = rows[1:]
                if rows:
                    out.append(".PP")
                    out.append(roff(heading) + ":")
                    table(out, rows)
    out += [".SH SEE ALSO", "quantbench(1)" if name != "quantbench" else "quantbench\\-cli(1)"]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    program, name, version, target = sys.argv[1:]
    text = page(program, name, version).encode()
    temp = target + ".tmp"
    # mtime 0 and no file name inside: the same help gives the same bytes (reproducible package).
    with open(temp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text)
    os.replace(temp, target)


if __name__ == "__main__":
    main()
