#!/usr/bin/env python3
"""Writes the function tables of docs/checks/*.md and docs/catalogue.md from the one blocking
catalogue, checks/BlockingCatalogue.def, and the per-runtime advice tables of docs/checks/*.md
and docs/runtimes.md from checks/RuntimeProfiles.def.

  gen-catalogue-docs.py          rewrite the tables in place
  gen-catalogue-docs.py --check  exit 1 if any table differs from the catalogue (used by tests)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(ROOT, "checks", "BlockingCatalogue.def")
PROFILES = os.path.join(ROOT, "checks", "RuntimeProfiles.def")
PROFILE_FIELDS = ["id", "name", "types", "requires", "sleep_for", "sleep_until", "offload",
                  "file_open", "file_read", "file_write", "db_open", "db_query", "db_close",
                  "async_op", "gather", "spawn", "run", "sleep_for_fix", "sleep_until_fix",
                  "fix_names", "fix_headers", "source"]
# The words RuntimeProfiles.cpp uses for a runtime it does not know (keep in step with it).
GENERIC = dict(id="generic", name="a runtime async-tidy does not know",
               sleep_for="your runtime's awaitable timer",
               sleep_until="your runtime's awaitable timer (until the time point)",
               offload="your runtime's thread pool (run the call there and resume after it)",
               gather="your runtime's when_all",
               spawn="your runtime's fire-and-forget API (a detached spawn)", run="",
               async_op="", sleep_for_fix="", sleep_until_fix="", types="", requires="",
               file_open="", file_read="", file_write="", db_open="", db_query="", db_close="",
               fix_names="", fix_headers="", source="checks/RuntimeProfiles.cpp")
# Which kinds of advice each check's page shows, with the column's heading.
CHECK_KINDS = {
    "async-blocking-sleep": [("sleep_for", "sleep for a duration"), ("sleep_until", "sleep until a time point"),
                             ("sleep_for_fix", "fix-it for `std::this_thread::sleep_for(d)`")],
    "async-blocking-file-io": [("file_read", "file I/O (`{file_read}`, `{file_open}`, `{file_write}`)")],
    "async-blocking-db": [("db_query", "database (`{db_query}`, `{db_open}`, `{db_close}`)")],
    "async-blocking-network": [("offload", "`{offload}`"), ("async_op", "`{async_op|...}`: an Asio-style operation")],
    "async-blocking-http": [("offload", "`{offload}`")],
    "async-blocking-device-io": [("offload", "`{offload}`")],
    "async-blocking-process": [("offload", "`{offload}`")],
    "async-blocking-sync": [("offload", "`{offload}`")],
    "async-blocking-call": [("offload", "`{offload}`")],
    "async-unawaited-task": [("spawn", "hand it to"), ("run", "run it on an event loop (outside coroutines)")],
    "async-await-in-loop": [("gather", "await them together")],
    "async-nested-run": [("run", "the loop entry that stays, at the program's edge")],
}
CATEGORY_CHECK = {
    "Sleep": "async-blocking-sleep", "FileIo": "async-blocking-file-io",
    "Http": "async-blocking-http", "Network": "async-blocking-network", "Db": "async-blocking-db",
    "DeviceIo": "async-blocking-device-io", "Process": "async-blocking-process",
    "Sync": "async-blocking-sync",
}
STRING_OR_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_\-]+)')


def macro_rows(text, macro):
    """The fields of every `MACRO(...)` row of a .def file (rows may span lines)."""
    rows = []
    for m in re.finditer(r'^%s\(' % macro, text, re.M):
        depth, i, in_str = 1, m.end(), False
        while depth:
            c = text[i]
            if c == '"' and text[i - 1] != '\\':
                in_str = not in_str
            elif not in_str:
                depth += {'(': 1, ')': -1}.get(c, 0)
            i += 1
        body = text[m.end():i - 1]
        rows.append((body, [string if word == "" else word
                            for string, word in STRING_OR_WORD.findall(body)]))
    return rows


def parse():
    rows = []
    for body, fields in macro_rows(open(DEF, encoding="utf-8").read(), "ASYNC_BLOCKING"):
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
    "GeneratedStub": "(a shape: matched by signature, not name) the code under analysis defines the "
                     "function (a wrapper or a mock: followed by the transitive analysis instead)",
    "UnlessDontWait": "the flags (the last argument) carry `ZMQ_DONTWAIT` (`ZMQ_NOBLOCK`, "
                      "`zmq::recv_flags::dontwait`, `zmq::send_flags::dontwait`) or are not a "
                      "constant; also not under the non-blocking idiom",
    "NotQtResource": "the path is a literal Qt resource (`\":/...\"`, `\"qrc:...\"`, also through "
                     "`QStringLiteral`): argument {arg}, or the object was constructed on one; "
                     "or `open(int fd, ...)`/`open(FILE *, ...)`, which adopt an open handle",
    "QtFileDevice": "the object (argument {arg}) is not a `QFileDevice` by its static type "
                    "(a `QIODevice&`, `QBuffer`, socket), or was constructed on a literal Qt "
                    "resource path",
    "UnlessAwaitedBefore": "the coroutine awaited the same future before the call "
                           "(`co_await future`, `co_await qCoro(future).waitForFinished()`)",
}


def parse_profiles():
    text = open(PROFILES, encoding="utf-8").read()
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)  # comments, also those inside a row
    rows = []
    for body, fields in macro_rows(text, "ASYNC_RUNTIME"):
        if len(fields) != len(PROFILE_FIELDS):
            sys.exit("cannot parse runtime profile: ASYNC_RUNTIME(%s)" % body[:80])
        rows.append(dict(zip(PROFILE_FIELDS, fields)))
    return rows


def spelled(profile, kind):
    """What a kind of advice reads in a profile, with the fallbacks the checks use."""
    value = profile.get(kind, "")
    if not value and kind.startswith(("file_", "db_")):
        value = profile["offload"] or GENERIC["offload"]
    if not value and kind == "async_op":
        return "'OP' with a completion token your coroutine can co_await" if not profile["async_op"] else ""
    if not value and kind.endswith("_fix"):
        return "none: advice only"
    if not value:
        value = GENERIC.get(kind, "")
    if kind in ("file_read", "file_open", "file_write", "db_query", "db_open", "db_close",
                "offload", "sleep_for", "sleep_until", "sleep_for_fix"):
        value = value.replace("$", "..." if kind in ("offload", "file_read", "file_open",
                                                       "file_write", "db_query", "db_open",
                                                       "db_close") else "d").replace("#", "...")
    return value or "none"


def md(text):
    return text.replace("|", "\\|")


def runtime_table(profiles, kinds):
    head = "| runtime (`Runtime` id) | " + " | ".join(h for _, h in kinds) + " |\n"
    head += "|---|" + "---|" * len(kinds) + "\n"
    out = [head]
    for p in profiles + [GENERIC]:
        cells = ["%s (`%s`)" % (p["name"], p["id"])] + [md(spelled(p, k)) for k, _ in kinds]
        out.append("| " + " | ".join(cells) + " |\n")
    return "".join(out)


def runtimes_page(profiles):
    out = ["# Advice in your coroutine runtime\n\n"
           "Generated by `scripts/gen-catalogue-docs.py` from `checks/RuntimeProfiles.def`.\n\n"
           "Every warning's advice is spelled in the runtime the coroutine runs on, told by the "
           "coroutine's return type (or the dropped task's type): the first row whose task types "
           "name it (through aliases: a project's `template <class T> using task = "
           "boost::asio::awaitable<T>` is Asio's) and whose required names are declared. "
           "The global option `Runtime` (`CheckOptions: {Runtime: asio}`) forces one row; the "
           "per-check `SleepFunction`/`SleepUntilFunction` options of async-blocking-sleep win "
           "over both. A coroutine of a runtime no row knows gets advice that names no library, "
           "and its note says how to set `Runtime`.\n\n"
           "The catalogue (docs/catalogue.md) names KINDS of replacement: `{sleep_for}`, "
           "`{sleep_until}`, `{offload}` (run the blocking call on a thread pool and resume after "
           "it), `{file_open}`/`{file_read}`/`{file_write}` and `{db_open}`/`{db_query}`/"
           "`{db_close}` (the runtime's async file or database API, else `{offload}`), "
           "`{async_op|op}` (an Asio-style operation awaited with the runtime's completion "
           "token).\n\n"]
    out.append("| runtime (`Runtime` id) | recognized by | requires one of |\n|---|---|---|\n")
    for p in profiles:
        out.append("| %s (`%s`) | %s | %s |\n" % (p["name"], p["id"],
                   ", ".join("`%s`" % t for t in p["types"].split(";")),
                   ", ".join("`%s`" % t for t in p["requires"].split(";") if t) or "—"))
    out.append("\n## Every kind of advice\n\n")
    kinds = [("sleep_for", "sleep for"), ("sleep_until", "sleep until"), ("offload", "offload"),
             ("file_read", "file I/O"), ("db_query", "database"), ("async_op", "Asio-style op"),
             ("gather", "together"), ("spawn", "fire-and-forget"), ("run", "loop entry")]
    out.append(runtime_table(profiles, kinds))
    out.append("\n## Fix-its\n\nasync-blocking-sleep rewrites `std::this_thread::sleep_for(d)` "
               "and `sleep_until(t)` only where the rewrite is mechanical and compiles: the "
               "runtime is told by the coroutine's own type (not a forced `Runtime`), every name "
               "it uses is declared before the call or its header is inserted, and no executor "
               "or scheduler has to be invented.\n\n"
               "| runtime | sleep_for fix | sleep_until fix | headers inserted when missing |\n"
               "|---|---|---|---|\n")
    for p in profiles:
        out.append("| %s | %s | %s | %s |\n" % (
            p["id"], md("`%s`" % p["sleep_for_fix"].replace("$", "d")) if p["sleep_for_fix"] else "none",
            md("`%s`" % p["sleep_until_fix"].replace("$", "t")) if p["sleep_until_fix"] else "none",
            ", ".join("`%s`" % h for h in p["fix_headers"].split(";") if h) or "—"))
    out.append("\n## Sources\n\n| runtime | read in |\n|---|---|\n")
    for p in profiles:
        out.append("| %s | %s |\n" % (p["id"], md(p["source"])))
    return "".join(out)


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


def replace_runtime_block(text, check, body):
    pattern = re.compile(r"(<!-- BEGIN RUNTIMES %s[^>]*-->\n).*?(<!-- END RUNTIMES -->)" % re.escape(check), re.S)
    if not pattern.search(text):
        return None
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main():
    check_only = "--check" in sys.argv
    rows = parse()
    profiles = parse_profiles()
    stale = []
    targets = {}
    for check, kinds in CHECK_KINDS.items():
        path = os.path.join(ROOT, "docs", "checks", check + ".md")
        text = open(path, encoding="utf-8").read()
        new = replace_runtime_block(text, check, runtime_table(profiles, kinds))
        if new is None:
            stale.append("%s: no '<!-- BEGIN RUNTIMES %s -->' block" % (path, check))
        elif new != text:
            stale.append("%s: advice table differs from checks/RuntimeProfiles.def" % path)
            if not check_only:
                open(path, "w", encoding="utf-8").write(new)
    rt_path = os.path.join(ROOT, "docs", "runtimes.md")
    old_rt = open(rt_path, encoding="utf-8").read() if os.path.exists(rt_path) else ""
    if old_rt != runtimes_page(profiles):
        stale.append("%s: differs from checks/RuntimeProfiles.def" % rt_path)
        if not check_only:
            open(rt_path, "w", encoding="utf-8").write(runtimes_page(profiles))
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
             "`async-blocking-call`. `{kind}` in the \"use instead\" column is a kind of "
             "replacement, spelled in the coroutine's own runtime: see [runtimes.md](runtimes.md)."
             "\n\n" + table(rows, with_check=True))
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
