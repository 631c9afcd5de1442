#!/usr/bin/env python3
"""Writes the function tables of docs/checks/*.md and docs/catalogue.md from the one blocking
catalogue, checks/BlockingCatalogue.def.

  gen-catalogue-docs.py          rewrite the tables in place
  gen-catalogue-docs.py --check  exit 1 if any table differs from the catalogue (used by tests)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(ROOT, "checks", "BlockingCatalogue.def")
CATEGORY_CHECK = {
    "Sleep": "async-blocking-sleep", "FileIo": "async-blocking-file-io",
    "Http": "async-blocking-http", "Network": "async-blocking-network", "Db": "async-blocking-db",
    "DeviceIo": "async-blocking-device-io", "Process": "async-blocking-process",
    "Sync": "async-blocking-sync",
}
STRING_OR_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_\-]+)')


def parse():
    text = open(DEF, encoding="utf-8").read()
    # Rows may span lines: join each macro call up to its closing parenthesis.
    rows = []
    for m in re.finditer(r'^ASYNC_BLOCKING\(', text, re.M):
        depth, i, in_str = 1, m.end(), False
        while depth:
            c = text[i]
            if c == '"' and text[i - 1] != '\\':
                in_str = not in_str
            elif not in_str:
                depth += {'(': 1, ')': -1}.get(c, 0)
            i += 1
        body = text[m.end():i - 1]
        fields = [string if word == "" else word for string, word in STRING_OR_WORD.findall(body)]
        if len(fields) != 7:
            sys.exit("cannot parse catalogue row: ASYNC_BLOCKING(%s)" % body)
        cat, name, cond, arg, waits, repl, source = fields
        rows.append(dict(category=cat, name=name, condition=cond, arg=arg, waits=waits,
                         replacement=repl, source=source))
    return rows


# How each BlockingCondition (checks/BlockingCatalogue.h) reads in the "not reported when"
# column; {arg} is the row's argument index (0 is the object of a member call).
CONDITION_TEXT = {
    "Always": "",
    "UnlessConsoleFile": "the stream (argument {arg}) is `stdout` or `stderr`",
    "FileDescriptor": "the descriptor (argument {arg}) is not known to be a file: only one this "
                      "function got from `open`/`creat` on a non-`/dev/` path, or standard input "
                      "(0), is reported; also not under the non-blocking idiom",
    "DeviceDescriptor": "the descriptor (argument {arg}) was not opened in this function from a "
                        "`/dev/...` literal; also not under the non-blocking idiom",
    "NotDevicePath": "the path (argument {arg}) is a `/dev/...` literal (async-blocking-device-io's), "
                     "or a `/proc/...` or `/sys/...` literal (the kernel's memory, no disk)",
    "NotNumericHost": "the host (the first string argument) is a numeric address literal: "
                      "`\"0.0.0.0\"`, `\"127.0.0.1\"`, `\"::1\"`",
    "DevicePath": "the path (argument {arg}) is not a `/dev/...` literal, or under the "
                  "non-blocking idiom (`O_NONBLOCK`)",
    "FileOrStdinStream": "the stream (argument {arg}) is not a file stream or `std::cin`: "
                         "`std::cout`/`cerr`/`clog`, string streams and streams of unknown kind "
                         "are not reported",
    "ArgumentPassed": "argument {arg} is not written (default construction opens nothing)",
    "PathArgument": "the argument is a `file_status`, not a path",
    "UnlessZeroTimeout": "the timeout (argument {arg}) is zero: `0`, `0s`, `duration::zero()`, "
                         "`now()`, an all-zero `timeval`",
    "UnlessPolledReady": "the same future is polled in the function with a zero timeout "
                         "(`f.wait_for(0s)`): then `get()` returns at once",
    "UnlessNonBlockingIdiom": "the function shows the non-blocking idiom (`EAGAIN`, "
                              "`EWOULDBLOCK`, `EINPROGRESS`, `O_NONBLOCK`, `SOCK_NONBLOCK`, "
                              "`MSG_DONTWAIT`, `FIONBIO`, `FIONREAD`, `WNOHANG`, `PQisBusy`, ...)",
    "NotQtResource": "the path is a literal Qt resource (`\":/...\"`, `\"qrc:...\"`, also through "
                     "`QStringLiteral`): argument {arg}, or the object was constructed on one; "
                     "or `open(int fd, ...)`/`open(FILE *, ...)`, which adopt an open handle",
    "QtFileDevice": "the object (argument {arg}) is not a `QFileDevice` by its static type "
                    "(a `QIODevice&`, `QBuffer`, socket), or was constructed on a literal Qt "
                    "resource path",
    "UnlessAwaitedBefore": "the coroutine awaited the same future before the call "
                           "(`co_await future`, `co_await qCoro(future).waitForFinished()`)",
}


def table(rows, with_check=False):
    head = "| function | waits for | use instead | not reported when | source |\n|---|---|---|---|---|\n"
    if with_check:
        head = "| check | function | waits for | use instead | not reported when | source |\n|---|---|---|---|---|---|\n"
    out = [head]
    for r in rows:
        if r["condition"] not in CONDITION_TEXT:
            sys.exit("no CONDITION_TEXT for condition %s" % r["condition"])
        cond = CONDITION_TEXT[r["condition"]].replace("{arg}", r["arg"])
        cells = ["`%s`" % r["name"].lstrip(":"), r["waits"], "`%s`" % r["replacement"], cond,
                 r["source"]]
        if with_check:
            cells.insert(0, CATEGORY_CHECK[r["category"]])
        out.append("| " + " | ".join(cells) + " |\n")
    return "".join(out)


def replace_block(text, check, body):
    pattern = re.compile(r"(<!-- BEGIN CATALOGUE %s[^>]*-->\n).*?(<!-- END CATALOGUE -->)" % re.escape(check), re.S)
    if not pattern.search(text):
        return None
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main():
    check_only = "--check" in sys.argv
    rows = parse()
    stale = []
    targets = {}
    for category, check in CATEGORY_CHECK.items():
        mine = [r for r in rows if r["category"] == category]
        if not mine:
            continue
        path = os.path.join(ROOT, "docs", "checks", check + ".md")
        if not os.path.exists(path):
            stale.append("%s: missing (the catalogue has %d %s rows)" % (path, len(mine), category))
            continue
        targets[path] = (check, table(mine))
    whole = ("# The blocking catalogue\n\nGenerated by `scripts/gen-catalogue-docs.py` from "
             "`checks/BlockingCatalogue.def`, the one list every front-end is built with. "
             "Add your own blocking functions with the `BlockingFunctions` option of "
             "`async-blocking-call`.\n\n" + table(rows, with_check=True))
    for path, (check, body) in targets.items():
        text = open(path, encoding="utf-8").read()
        new = replace_block(text, check, body)
        if new is None:
            stale.append("%s: no '<!-- BEGIN CATALOGUE %s -->' block" % (path, check))
        elif new != text:
            stale.append("%s: function table differs from the catalogue" % path)
            if not check_only:
                open(path, "w", encoding="utf-8").write(new)
    cat_path = os.path.join(ROOT, "docs", "catalogue.md")
    old = open(cat_path, encoding="utf-8").read() if os.path.exists(cat_path) else ""
    if old != whole:
        stale.append("%s: differs from the catalogue" % cat_path)
        if not check_only:
            open(cat_path, "w", encoding="utf-8").write(whole)
    if check_only and stale:
        print("\n".join(stale))
        print("run scripts/gen-catalogue-docs.py to regenerate")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
