#!/usr/bin/env python3
"""Checks that the GUI is translated completely (ctest translations_complete).

1. Runs lupdate over the GUI sources into a temporary .ts: the messages the code has today.
   Each committed .ts must hold every one of them, finished (not "unfinished", not empty, every
   plural form filled), not marked obsolete or vanished, and with the same %1..%9 and %n
   placeholders as the source text.
2. Scans the same sources for user-visible text outside tr(): a string literal passed to a Qt call
   that shows text (setText, QLabel, addAction, showMessage, ...) or prose (two words or more)
   anywhere else. A literal that is meant to stay as it is carries `// untranslated: why` on its
   line, or is listed in translations/untranslated.tsv (file, literal, why).

3. A string not yet in a .ts file but listed with both translations in a branch's
   translations/pending-<branch>.tsv (context, source, German, Chinese) counts as translated and is
   listed as pending: the lead runs lupdate after merging and fills the .ts files from the list.

Every problem is printed as `file:line: [context] "source": what is wrong` (one per .ts file),
so a failure says exactly which string to wrap or translate.
Usage: check-translations.py ROOT LUPDATE TS_FILE... -- SOURCE...   (paths printed relative to ROOT)
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%(?:n|L?[1-9])")
TRANSLATE_CALLS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "QT_TR_N_NOOP", "QT_TRANSLATE_N_NOOP"}
# Calls whose string argument is shown to the user as it is.
UI_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText",
    "showMessage", "setTitle", "addAction", "addMenu", "addTab", "insertTab", "setTabText", "setLabelText",
    "setHeaderLabels", "setHorizontalHeaderLabels", "setItemText", "addItem", "addItems", "setSuffix",
    "setPrefix", "setSpecialValueText", "setInformativeText", "setDetailedText", "setButtonText",
    "information", "warning", "critical", "question", "getOpenFileName", "getSaveFileName",
    "getExistingDirectory", "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton",
    "QGroupBox", "QAction", "QMenu", "QDockWidget", "QMessageBox", "setLabel", "setName",
    "addDock", "setAccessibleName", "info", "error", "warn",
}
# The arguments of a call that hold its text (the others are object names, user data, ...).
TEXT_ARGUMENTS = {"addItem": {0}, "addDock": {0}, "insertItem": {1}, "setItemText": {1}, "addTab": {1},
                  "insertTab": {2}, "setTabText": {1}, "addAction": {0, 1}, "QAction": {0, 1}}
# Calls whose string argument is never shown: names, keys, formats, diagnostics.
NOT_UI_CALLS = {
    "setObjectName", "findChild", "findChildren", "value", "setValue", "contains", "remove", "beginGroup",
    "qDebug", "qWarning", "qCritical", "qFatal", "qInfo", "Q_ASSERT", "Q_ASSERT_X", "setProperty",
    "property", "startsWith", "endsWith", "compare", "indexOf", "split", "section", "QRegularExpression",
    "setStyleSheet", "fromStdString", "QUrl", "setPattern", "string", "runtime_error", "invalid_argument", "logic_error",
}


def lupdate_messages(lupdate, sources, root):
    """(context, source, comment) -> (numerus, [(file, line)]) of the messages the code has."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "sources.lst")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(sources) + "\n")
        ts = os.path.join(tmp, "current.ts")
        done = subprocess.run([lupdate, "-silent", "-locations", "absolute", "-I", root, "@" + listing, "-ts", ts],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"error: lupdate failed ({done.returncode}): {done.stderr.strip()}")
        messages = {}
        for key, message in ts_messages(ts):
            # lupdate writes file names relative to the .ts file.
            locations = [(os.path.normpath(os.path.join(tmp, loc.get("filename"))), loc.get("line"))
                         for loc in message.findall("location")]
            messages[key] = (message.get("numerus") == "yes", locations)
        return messages


def ts_messages(path):
    for context in ET.parse(path).getroot().findall("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            yield key, message


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


def translation_problem(key, message, numerus):
    translation = message.find("translation")
    if translation is None:
        return "no translation"
    kind = translation.get("type")
    if kind in ("obsolete", "vanished"):
        return f"marked {kind}, but the code still uses it"
    if kind == "unfinished":
        return "unfinished"
    forms = [f.text or "" for f in translation.findall("numerusform")] if numerus else [translation.text or ""]
    if not forms or any(not f.strip() for f in forms):
        return "empty translation" + (" (a plural form)" if numerus else "")
    wanted = placeholders(key[1])
    for form in forms:
        # A plural form may leave out %n ("one file" for the singular), nothing else.
        got = placeholders(form)
        if got != wanted and not (numerus and got == [p for p in wanted if p != "%n"]):
            return f"placeholders {' '.join(got) or 'none'} in \"{form}\", the source has {' '.join(wanted) or 'none'}"
    return None


def pending_translations(root):
    """translations/pending-<branch>.tsv: strings a branch added before the lead's lupdate run.
    (context, source) -> {language: (translation, file)}, from context<TAB>source<TAB>de<TAB>zh_CN rows."""
    folder = os.path.join(root, "translations")
    pending = {}
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("pending-") and name.endswith(".tsv")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for number, row in enumerate(f, 1):
                if not row.strip() or row.startswith("#"):
                    continue
                parts = row.rstrip("\n").split("\t")
                if len(parts) != 4:
                    sys.exit(f"error: translations/{name}:{number}: not context<TAB>source<TAB>German<TAB>Chinese")
                where = f"translations/{name}:{number}"
                pending[(parts[0], parts[1])] = {"de": (parts[2], where), "zh_CN": (parts[3], where)}
    return pending


def pending_problem(key, numerus, entry):
    translation, where = entry
    if not translation.strip():
        return f"empty translation in {where}"
    got, wanted = placeholders(translation), placeholders(key[1])
    if got != wanted and not (numerus and got == [p for p in wanted if p != "%n"]):
        return f"placeholders {' '.join(got) or 'none'} in {where}, the source has {' '.join(wanted) or 'none'}"
    return None


def check_ts_files(ts_files, messages, root, pending):
    problems, waiting = [], set()
    for ts in ts_files:
        committed = {key: message for key, message in ts_messages(ts)}
        name = os.path.basename(ts)
        language = re.sub(r"^quantbench_|\.ts$", "", name)
        for key, (numerus, locations) in sorted(messages.items(), key=lambda kv: kv[1][1]):
            where = ":".join(locations[0]) if locations else "?"
            where = os.path.relpath(where, root) if locations else where
            message = committed.get(key)
            if message is None and not key[2] and language in pending.get(key[:2], {}):
                # Translated in a branch's list; the lead moves it into the .ts with lupdate.
                problem = pending_problem(key, numerus, pending[key[:2]][language])
                waiting.add(key[:2])
            else:
                problem = "missing" if message is None else translation_problem(key, message, numerus)
            if problem:
                comment = f" ({key[2]})" if key[2] else ""
                problems.append(f"{where}: [{key[0]}] \"{key[1]}\"{comment}: {problem} in {name}")
    return problems, waiting


def strip_comments(code):
    """Blanks out comments (keeping line breaks and string literals) so positions still match."""
    out, i, n = [], 0, len(code)
    while i < n:
        if code.startswith("//", i):
            j = code.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", code[i:j]))
            i = j
        elif code[i] in "\"'":
            j = literal_end(code, i)
            out.append(code[i:j])
            i = j
        else:
            out.append(code[i])
            i += 1
    return "".join(out)


def literal_end(code, start):
    quote, i = code[start], start + 1
    while i < len(code) and code[i] != quote:
        i += 2 if code[i] == "\\" else 1
    return i + 1


def enclosing_calls(code, pos):
    """The calls around code[pos], innermost first, as (name, index of the argument pos is in)."""
    calls, depth, commas, i = [], 0, 0, pos - 1
    while i >= 0 and len(calls) < 3:
        c = code[i]
        if c in "\"'":
            # Skip back over a literal.
            i -= 1
            while i >= 0 and not (code[i] == c and code[i - 1] != "\\"):
                i -= 1
        elif c in ")]}":
            depth += 1
        elif c == "," and depth == 0:
            commas += 1
        elif c in "([{":
            if depth == 0:
                # A call, or an initialiser list: the name before it; an index or a lambda: none.
                m = re.search(r"([A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*$", code[:i]) if c != "[" else None
                calls.append((m.group(1) if m else "", commas))
                commas = 0
            else:
                depth -= 1
        elif c == ";" and depth == 0:
            break
        i -= 1
    return calls


def visible_words(text):
    """The words a user would read: without HTML tags, entities, placeholders and escapes."""
    text = re.sub(r"<[^>]*>|&\w+;|%\d|\\.", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def allowed_literals(path):
    """translations/untranslated.tsv: file, literal and why it stays as it is, one per line."""
    allowed = set()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in f:
                if row.strip() and not row.startswith("#"):
                    parts = row.rstrip("\n").split("\t")
                    if len(parts) != 3 or not parts[2].strip():
                        sys.exit(f"error: {path}: '{row.strip()}' is not file<TAB>literal<TAB>reason")
                    allowed.add((parts[0], parts[1]))
    return allowed


def untranslated_literals(path, root, allowed):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    raw_lines = raw.splitlines()
    code = strip_comments(raw)
    rel = os.path.relpath(path, root)
    problems = []
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"', code):
        line = code.count("\n", 0, m.start()) + 1
        text = m.group(0)[1:-1]
        source_line = raw_lines[line - 1]
        if "untranslated:" in source_line or source_line.lstrip().startswith("#") or (rel, text) in allowed:
            continue
        words = visible_words(text)
        if not words:
            continue
        calls = enclosing_calls(code, m.start())
        # Look through the string wrappers to the call that gets the text.
        while calls and calls[0][0] in ("QStringLiteral", "QLatin1String", "QString", "u8", "QByteArray",
                                        "QLatin1StringView"):
            calls = calls[1:]
        if any(name in TRANSLATE_CALLS for name, _ in calls[:2]):
            continue
        name, arg = calls[0] if calls else ("", 0)
        if name in NOT_UI_CALLS or name == "arg" or arg not in TEXT_ARGUMENTS.get(name, {arg}):
            continue
        prose = len(words) >= 2 and " " in text.strip()
        if name in UI_CALLS or prose:
            problems.append(f"{rel}:{line}: \"{text}\" is shown without tr() (in {name or 'an expression'}); "
                            "wrap it in tr(), or list it in translations/untranslated.tsv with the reason")
    return problems


def main():
    if "--" not in sys.argv or sys.argv.index("--") < 4:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    root, lupdate, ts_files = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:split]
    sources = [os.path.abspath(p) for p in sys.argv[split + 1:]]
    messages = lupdate_messages(lupdate, sources, root)
    pending = pending_translations(root)
    problems, waiting = check_ts_files(ts_files, messages, root, pending)
    for context, source in sorted(waiting):
        print(f"pending: [{context}] \"{source}\" is translated in {pending[(context, source)]['de'][1]}, "
              "not yet in the .ts files (lupdate, then fill them from the list)")
    allowed = allowed_literals(os.path.join(root, "translations", "untranslated.tsv"))
    for source in sources:
        problems += untranslated_literals(source, root, allowed)
    for p in problems:
        print(p)
    print(f"{len(messages)} messages in {len(sources)} sources, {len(ts_files)} translations: "
          + (f"{len(problems)} problems" if problems else "complete"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
