#!/usr/bin/env python3
"""Drives async-clangd over LSP the way an editor does, and checks what a user would see.

  check_lsp_session.py --clangd BIN --async-tidy BIN --clangxx CLANG++ --asyncrt INCLUDE-DIR
                       --source-root DIR --build-dir DIR

Projects in a fresh directory under the system temp dir (so no .clang-tidy or .clangd of
an enclosing checkout applies), each with a compile_commands.json, opened in one server with no
user config and no .clangd:

- configured: a .clang-tidy enabling async-* and readability-braces-around-statements. The sleep
  is reported with its check name, at the call, with a note at the coroutine; the quick
  fix rewrites it to co_await asyncrt::sleep_for; after that edit (didChange) the warning is gone
  and the built-in check still reports; undo brings it back, deleting the call clears it.
- quick-fixes: async-unawaited-task and async-nested-run offer their fix-its (co_await
  inserted; asyncrt::run(x) -> co_await x) as code actions.
- defaults: no .clang-tidy. async-* runs with clangd's default checks (the braces check, which is
  not one of them, stays quiet).
- opted-out: a .clang-tidy without async-*: the project's choice is obeyed.
- preamble-promise: a lazy task whose promise and awaiter are in a header (so in clangd's
  preamble, whose function bodies clangd does not parse): the dropped task's message is the
  CLI's, word for word ("lazy task ... its body never runs").
- broken-config, unknown-option: a .clang-tidy that does not parse is an error at the top of
  the file, one with an unknown check option a warning, in async-tidy's words.
- sleep-function: a .clang-tidy setting async-blocking-sleep.SleepFunction to the project's own
  awaitable sleep (myrt::nap, declared in the file): the message names it, as the fix inserts
  it, and the quick fix's edit is co_await myrt::nap(...) with no include; the result is clean.
- shipped-example: examples/async-blocking-sleep/bad.cpp as shipped (no asyncrt/sleep.hpp):
  one quick fix whose edits both rewrite the sleep to co_await asyncrt::sleep_for(...) and
  insert #include <asyncrt/sleep.hpp> among its includes; the fixed file is clean.

And in every session: the answer to initialize names async-clangd and its version (the
project's, from CMakeLists.txt, beside clangd's); the async-* diagnostics link to this
project's page for the check (ASYNC_TIDY_HOMEPAGE, as SARIF's rule help does), the built-in
checks to clang.llvm.org as clangd links them.

Every wait is bounded, and a watchdog kills the run, so this can fail but never hang.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient, LspError, path_to_uri  # noqa: E402

SOURCE = """\
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <thread>

int sign(int x) {
  if (x < 0) return -1;
  return 1;
}

asyncrt::task<void> heartbeat() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  co_return;
}

int main() { asyncrt::run(heartbeat()); }
"""
# The fix rewrites the whole call (a runtime's sleep may put the duration elsewhere), and clangd
# widens the diagnostic's range to the fix's, so the warning underlines the call.
SLEEP_CALL = "std::this_thread::sleep_for(std::chrono::milliseconds(10))"
FIXED_CALL = "co_await asyncrt::sleep_for(std::chrono::milliseconds(10))"
SLEEP_MESSAGE = ("'std::this_thread::sleep_for' waits for a timer and blocks the event loop "
                 "running coroutine 'heartbeat'; use 'co_await asyncrt::sleep_for(duration)' "
                 "instead")

# The other checks' quick fixes, one file: (check, the line before, the line after the fix).
QUICK_FIX_SOURCE = """\
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>

asyncrt::task<int> load_rate() {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  co_return 3;
}

asyncrt::task<void> audit(int request) {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(request));
}

asyncrt::task<int> price(int net) {
  audit(net);
  int rate = asyncrt::run(load_rate());
  co_return net * rate;
}

int main() { return asyncrt::run(price(20)) == 60 ? 0 : 1; }
"""
QUICK_FIXES = [
    ("async-unawaited-task", "  audit(net);\n", "  co_await audit(net);\n"),
    ("async-nested-run", "  int rate = asyncrt::run(load_rate());\n",
     "  int rate = co_await load_rate();\n"),
]

# A lazy task type whose promise and initial awaiter are defined in a header: clangd builds its
# preamble from it, skipping function bodies, and the awaiter's await_ready/await_suspend bodies
# are what says "lazy".
PREAMBLE_HEADER = """\
#pragma once
#include <coroutine>
#include <exception>

namespace lazy {

struct start_later {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

class [[nodiscard]] job {
 public:
  struct promise_type {
    std::coroutine_handle<> continuation;
    job get_return_object() {
      return job(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    start_later initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  job(job&& other) noexcept : handle_(other.handle_) { other.handle_ = {}; }
  ~job() { if (handle_) handle_.destroy(); }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
    handle_.promise().continuation = caller;
    return handle_;
  }
  void await_resume() const noexcept {}

 private:
  explicit job(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
  std::coroutine_handle<promise_type> handle_;
};

}  // namespace lazy
"""
PREAMBLE_SOURCE = """\
#include "lazy_task.hpp"

lazy::job audit(int request) {
  (void)request;
  co_return;
}

lazy::job handle(int request) {
  audit(request);
  co_await audit(request);
}
"""

# The project's own awaitable sleep, named by the .clang-tidy's SleepFunction.
SLEEP_FUNCTION_SOURCE = """\
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <coroutine>
#include <thread>

namespace myrt {
struct nap_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
nap_awaiter nap(std::chrono::nanoseconds duration);
}  // namespace myrt

asyncrt::task<void> poll_queue() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return;
}

int main() { asyncrt::run(poll_queue()); }
"""
SLEEP_FUNCTION_CONFIG = ("Checks: '-*,async-*'\nCheckOptions:\n"
                         "  async-blocking-sleep.SleepFunction: 'myrt::nap'\n")
SLEEP_FUNCTION_MESSAGE = ("'std::this_thread::sleep_for' waits for a timer and blocks the event "
                          "loop running coroutine 'poll_queue'; use 'co_await myrt::nap(duration)'"
                          " instead")
EXAMPLE = os.path.join("examples", "async-blocking-sleep", "bad.cpp")

BROKEN_CONFIG = "Checks: '-*,async-*'\nChekcs: '-*'\n"
UNKNOWN_OPTION_CONFIG = ("Checks: '-*,async-*'\nCheckOptions:\n"
                         "  async-blocking-sleep.SleepFuntion: 'asyncrt::sleep_for'\n")
CONFIG_DOCS = "/blob/main/docs/editors.md#a-clang-tidy-that-does-not-parse"
BRACES_DOCS = ("https://clang.llvm.org/extra/clang-tidy/checks/readability/"
               "braces-around-statements.html")

failures = []
# Filled in by main(): this build's documentation base and the project's version.
project = {}


def summary(value):
    """Diagnostics as one line each (code, range, message); anything else as JSON."""
    if isinstance(value, list) and all(isinstance(d, dict) and "message" in d for d in value):
        return "\n".join("  %s %d:%d-%d:%d %s" % (
            d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"],
            d["range"]["end"]["line"], d["range"]["end"]["character"], d["message"])
            for d in value)
    return "  " + json.dumps(value)


def expect(condition, what, context=None):
    if not condition:
        failures.append(what + ("\n" + summary(context) if context is not None else ""))
    return condition


def position_of(text, needle, nth_line_hint=None):
    """(line, character) of the first `needle` in `text` (ASCII source, so UTF-16 = bytes)."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def lsp_range(text, needle):
    line, col = position_of(text, needle)
    return {"start": {"line": line, "character": col},
            "end": {"line": line, "character": col + len(needle)}}


def apply_edits(text, edits):
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(pos):
        return offsets[pos["line"]] + pos["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def by_code(diagnostics, code):
    return [d for d in diagnostics if d.get("code") == code]


def capitalized(message):
    """clangd starts every diagnostic's message with a capital letter."""
    return message[:1].upper() + message[1:]


def without_fix_mark(message):
    """clangd ends the message of a diagnostic with a fix-it with " (fix available)"."""
    suffix = " (fix available)"
    return message[:-len(suffix)] if message.endswith(suffix) else message


def cli_output(args, root, source):
    """async-tidy on one file of a project: (exit status, stdout, stderr)."""
    done = subprocess.run([args.async_tidy, "-p", root, source], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)
    return done.returncode, done.stdout, done.stderr


def make_project(base, name, clang_tidy, args, text=SOURCE, headers=None,
                 file_name="main.cpp"):
    root = os.path.join(base, name)
    os.makedirs(root)
    for header, header_text in (headers or {}).items():
        with open(os.path.join(root, header), "w") as f:
            f.write(header_text)
    source = os.path.join(root, file_name)
    with open(source, "w") as f:
        f.write(text)
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump([{"directory": root, "file": source,
                    "arguments": [args.clangxx, "-std=c++20", "-I" + args.asyncrt, "-c",
                                  source]}], f)
    if clang_tidy is not None:
        with open(os.path.join(root, ".clang-tidy"), "w") as f:
            f.write(clang_tidy)
    return source


def check_configured(lsp, source):
    lsp.open(source, SOURCE)
    diags = lsp.diagnostics(source, version=1)
    expect(not [d for d in diags if d.get("severity") == 1], "configured: compile errors", diags)

    sleeps = by_code(diags, "async-blocking-sleep")
    if not expect(len(sleeps) == 1, "configured: expected one async-blocking-sleep diagnostic",
                  diags):
        return
    sleep = sleeps[0]
    expect(sleep.get("source") == "clang-tidy", "configured: source is not clang-tidy", sleep)
    expect(sleep.get("severity") == 2, "configured: severity is not warning", sleep)
    expect(sleep["range"] == lsp_range(SOURCE, SLEEP_CALL),
           "configured: range is not the sleep_for call " + json.dumps(
               lsp_range(SOURCE, SLEEP_CALL)), sleep)
    expect(sleep.get("message", "").startswith(SLEEP_MESSAGE), "configured: message", sleep)
    notes = sleep.get("relatedInformation", [])
    coroutine = lsp_range(SOURCE, "heartbeat")
    expect(any(n["message"] == "Coroutine 'heartbeat' declared here"
               and n["location"]["range"] == coroutine
               and n["location"]["uri"] == path_to_uri(source) for n in notes),
           "configured: no note at the coroutine", notes)
    braces = by_code(diags, "readability-braces-around-statements")
    expect(len(braces) == 1,
           "configured: the built-in readability-braces-around-statements did not report", diags)
    # The documentation links: this project's page for an async-* check, clangd's for the others.
    expect(sleep.get("codeDescription", {}).get("href") ==
           project["homepage"] + "/blob/main/docs/checks/async-blocking-sleep.md",
           "configured: the sleep's documentation link is not this project's page for the check",
           [sleep.get("codeDescription")])
    expect(all(b.get("codeDescription", {}).get("href") == BRACES_DOCS for b in braces),
           "configured: the built-in check's documentation link changed",
           [b.get("codeDescription") for b in braces])

    actions = lsp.code_actions(source, sleep)
    fixes = [a for a in actions or [] if a.get("kind") == "quickfix"
             and a.get("diagnostics") and a["diagnostics"][0].get("code") == "async-blocking-sleep"]
    if not expect(len(fixes) == 1, "configured: expected one quick fix for the sleep", actions):
        return
    fix = fixes[0]
    # clangd's title quotes both sides, each cut short with an ellipsis past 50 characters.
    expect(re.fullmatch(r"change 'std::this_thread::sleep_for\(.*' to "
                        r"'co_await asyncrt::sleep_for\(.*'", fix.get("title", "")),
           "configured: quick fix title", fix)
    edits = fix.get("edit", {}).get("changes", {}).get(path_to_uri(source), [])
    expect(edits == [{"newText": FIXED_CALL, "range": lsp_range(SOURCE, SLEEP_CALL)}],
           "configured: quick fix edit", fix)

    # The user applies the fix: the editor sends the edited text.
    fixed = apply_edits(SOURCE, edits)
    expect("  co_await asyncrt::sleep_for(std::chrono::milliseconds(10));\n" in fixed,
           "configured: the fixed text", fixed)
    version = lsp.change(source, fixed)
    diags = lsp.diagnostics(source, version=version)
    expect(not by_code(diags, "async-blocking-sleep"),
           "configured: async-blocking-sleep still reported after the fix", diags)
    expect(not [d for d in diags if d.get("severity") == 1],
           "configured: the fixed file has errors", diags)
    expect(len(by_code(diags, "readability-braces-around-statements")) == 1,
           "configured: the built-in check stopped reporting after the edit", diags)

    # Undo brings the warning back; deleting the call instead clears it again.
    version = lsp.change(source, SOURCE)
    diags = lsp.diagnostics(source, version=version)
    expect(len(by_code(diags, "async-blocking-sleep")) == 1,
           "configured: the warning did not come back after undo", diags)
    without_call = SOURCE.replace(
        "  std::this_thread::sleep_for(std::chrono::milliseconds(10));\n", "")
    version = lsp.change(source, without_call)
    diags = lsp.diagnostics(source, version=version)
    expect(not by_code(diags, "async-blocking-sleep"),
           "configured: async-blocking-sleep still reported after deleting the call", diags)
    lsp.close_document(source)


def check_quick_fixes(lsp, source):
    """Each async check's fix-it is offered as a code action that makes the expected line."""
    lsp.open(source, QUICK_FIX_SOURCE)
    diags = lsp.diagnostics(source, version=1)
    expect(not [d for d in diags if d.get("severity") == 1], "quick-fixes: compile errors", diags)
    for check, before, after in QUICK_FIXES:
        found = by_code(diags, check)
        line = QUICK_FIX_SOURCE[:QUICK_FIX_SOURCE.index(before)].count("\n")
        if not expect([d["range"]["start"]["line"] for d in found] == [line],
                      "quick-fixes: expected one %s diagnostic on line %d" % (check, line + 1),
                      diags):
            continue
        actions = [a for a in lsp.code_actions(source, found[0]) or []
                   if a.get("kind") == "quickfix" and a.get("diagnostics")
                   and a["diagnostics"][0].get("code") == check]
        if not expect(len(actions) == 1, "quick-fixes: expected one quick fix for " + check,
                      actions):
            continue
        fixed = apply_edits(QUICK_FIX_SOURCE,
                            actions[0]["edit"]["changes"][path_to_uri(source)])
        expect(after in fixed and before not in fixed,
               "quick-fixes: %s's fix should turn %r into %r" % (check, before, after), fixed)
    lsp.close_document(source)


def check_defaults(lsp, source):
    lsp.open(source, SOURCE)
    diags = lsp.diagnostics(source, version=1)
    expect(len(by_code(diags, "async-blocking-sleep")) == 1,
           "defaults: with no .clang-tidy the async checks should run", diags)
    expect(not by_code(diags, "readability-braces-around-statements"),
           "defaults: a check outside clangd's defaults ran", diags)
    lsp.close_document(source)


def check_opted_out(lsp, source):
    lsp.open(source, SOURCE)
    diags = lsp.diagnostics(source, version=1)
    expect(not by_code(diags, "async-blocking-sleep"),
           "opted-out: a .clang-tidy without async-* still got async diagnostics", diags)
    expect(len(by_code(diags, "readability-braces-around-statements")) == 1,
           "opted-out: the .clang-tidy's own check did not run", diags)
    lsp.close_document(source)


def check_preamble_promise(lsp, args, source):
    """A promise in the preamble reads as on the command line: the same message, word for word."""
    root = os.path.dirname(source)
    status, out, err = cli_output(args, root, source)
    line = PREAMBLE_SOURCE[:PREAMBLE_SOURCE.index("  audit(request);")].count("\n")
    pattern = re.compile(r"^%s:%d:3: warning: (.*) \[async-unawaited-task\]$" % (
        re.escape(source), line + 1), re.M)
    cli = pattern.findall(out)
    if not expect(len(cli) == 1 and "lazy task" in cli[0],
                  "preamble-promise: the CLI does not report the dropped lazy task (exit %d)\n%s%s"
                  % (status, out, err)):
        return
    lsp.open(source, PREAMBLE_SOURCE)
    diags = lsp.diagnostics(source, version=1)
    expect(not [d for d in diags if d.get("severity") == 1], "preamble-promise: compile errors",
           diags)
    found = by_code(diags, "async-unawaited-task")
    expect([(d["range"]["start"]["line"], without_fix_mark(d["message"])) for d in found] ==
           [(line, capitalized(cli[0]))],
           "preamble-promise: the editor's message differs from the CLI's:\n  CLI: %s" % cli[0],
           diags)
    lsp.close_document(source)


def config_diagnostics(lsp, source, what):
    """The clang-tidy-config diagnostics of a file, and the async-blocking-sleep ones."""
    lsp.open(source, SOURCE)
    diags = lsp.diagnostics(source, version=1)
    lsp.close_document(source)
    config = by_code(diags, "clang-tidy-config")
    for d in config:
        expect(d["range"]["start"] == {"line": 0, "character": 0},
               what + ": the configuration problem is not at the top of the file", d)
        expect(d.get("codeDescription", {}).get("href") == project["homepage"] + CONFIG_DOCS,
               what + ": the configuration problem's documentation link", d)
    return config, diags


def check_broken_config(lsp, args, source):
    """A .clang-tidy that does not parse: the CLI stops with exit 2, the editor shows an error."""
    status, out, err = cli_output(args, os.path.dirname(source), source)
    cli = re.findall(r"^async-tidy: error: (cannot read the configuration .*)$", err, re.M)
    if not expect(status == 2 and len(cli) == 1,
                  "broken-config: the CLI did not stop on the configuration (exit %d)\n%s"
                  % (status, err)):
        return
    config, diags = config_diagnostics(lsp, source, "broken-config")
    expect([(d.get("severity"), d["message"]) for d in config] ==
           [(1, capitalized(cli[0]) + "; clangd ignores this file")],
           "broken-config: expected one error with the CLI's message:\n  CLI: " + cli[0], diags)


def check_unknown_option(lsp, args, source):
    """An unknown check option: a warning, as the CLI's, and the file's checks still run."""
    status, out, err = cli_output(args, os.path.dirname(source), source)
    cli = re.findall(r"^async-tidy: warning: (.*unknown option.*) \(see --dump-config\)$", err,
                     re.M)
    if not expect(len(cli) == 1, "unknown-option: the CLI did not warn (exit %d)\n%s"
                  % (status, err)):
        return
    config, diags = config_diagnostics(lsp, source, "unknown-option")
    expect([(d.get("severity"), d["message"]) for d in config] == [(2, capitalized(cli[0]))],
           "unknown-option: expected one warning with the CLI's message:\n  CLI: " + cli[0],
           diags)
    expect(len(by_code(diags, "async-blocking-sleep")) == 1,
           "unknown-option: the .clang-tidy's checks did not run", diags)


def sleep_fix(lsp, source, text, what):
    """The one async-blocking-sleep diagnostic of a file and its one quick fix's edits."""
    lsp.open(source, text)
    diags = lsp.diagnostics(source, version=1)
    expect(not [d for d in diags if d.get("severity") == 1], what + ": compile errors", diags)
    sleeps = by_code(diags, "async-blocking-sleep")
    if not expect(len(sleeps) == 1, what + ": expected one async-blocking-sleep diagnostic",
                  diags):
        return None, None
    actions = lsp.code_actions(source, sleeps[0])
    fixes = [a for a in actions or [] if a.get("kind") == "quickfix" and a.get("diagnostics")
             and a["diagnostics"][0].get("code") == "async-blocking-sleep"]
    if not expect(len(fixes) == 1, what + ": expected one quick fix for the sleep", actions):
        return sleeps[0], None
    changes = fixes[0].get("edit", {}).get("changes", {})
    expect(list(changes) == [path_to_uri(source)], what + ": the fix edits another file", fixes)
    return sleeps[0], changes.get(path_to_uri(source), [])


def check_fixed_is_clean(lsp, source, fixed, what):
    """The editor sends the fixed text: no sleep warning and no error is left."""
    version = lsp.change(source, fixed)
    diags = lsp.diagnostics(source, version=version)
    expect(not by_code(diags, "async-blocking-sleep"),
           what + ": async-blocking-sleep still reported after the fix", diags)
    expect(not [d for d in diags if d.get("severity") == 1],
           what + ": the fixed file has errors", diags)


def check_sleep_function(lsp, source):
    """SleepFunction: the message names the configured sleep, which is what the fix inserts."""
    what = "sleep-function"
    sleep, edits = sleep_fix(lsp, source, SLEEP_FUNCTION_SOURCE, what)
    if sleep is not None:
        expect(without_fix_mark(sleep["message"]) == capitalized(SLEEP_FUNCTION_MESSAGE),
               what + ": the message should name myrt::nap:\n  want: "
               + capitalized(SLEEP_FUNCTION_MESSAGE), [sleep])
    if edits is None:
        lsp.close_document(source)
        return
    call = "std::this_thread::sleep_for(std::chrono::milliseconds(5))"
    fixed = apply_edits(SLEEP_FUNCTION_SOURCE, edits)
    expect(fixed == SLEEP_FUNCTION_SOURCE.replace(
               call, "co_await myrt::nap(std::chrono::milliseconds(5))"),
           what + ": the fix should rewrite only the call, to co_await myrt::nap(...), and "
           "insert no include", edits)
    check_fixed_is_clean(lsp, source, fixed, what)
    lsp.close_document(source)


def check_shipped_example(lsp, source, text):
    """The shipped bad example lacks asyncrt/sleep.hpp: the one quick fix also inserts it."""
    what = "shipped-example"
    sleep, edits = sleep_fix(lsp, source, text, what)
    if sleep is not None:
        expect(sleep["message"].startswith(capitalized(
                   "'std::this_thread::sleep_for' waits for a timer and blocks the event loop "
                   "running coroutine 'heartbeat'")), what + ": message", [sleep])
    if edits is None:
        lsp.close_document(source)
        return
    call = "std::this_thread::sleep_for(std::chrono::milliseconds(120));"
    rewrite = "co_await asyncrt::sleep_for(std::chrono::milliseconds(120));"
    include = "#include <asyncrt/sleep.hpp>\n"
    expect(len(edits) == 2, what + ": expected two edits (the call, the include) in the fix",
           edits)
    fixed = apply_edits(text, edits)
    expect(fixed.count(rewrite) == 1 and call not in fixed,
           what + ": the sleep is not rewritten to " + rewrite, fixed)
    # The include goes among the example's own, in sorted order (IncludeStyle llvm).
    expect(fixed.count(include) == 1 and
           "#include <asyncrt/run.hpp>\n" + include + "#include <asyncrt/task.hpp>\n" in fixed,
           what + ": the fix does not insert " + include.strip() + " between run.hpp and "
           "task.hpp", fixed)
    expect(fixed.replace(include, "", 1).replace(rewrite, call) == text,
           what + ": the fix changes more than the call and the include", fixed)
    check_fixed_is_clean(lsp, source, fixed, what)
    lsp.close_document(source)


def check_server_info(result):
    info = (result or {}).get("serverInfo", {})
    expect(info.get("name") == "async-clangd", "initialize: serverInfo.name", [info])
    version = info.get("version", "")
    expect(version.startswith("async-clangd %s (" % project["version"])
           and re.search(r"\(.*clangd version \d+\.\d+\.\d+", version),
           "initialize: serverInfo.version should be 'async-clangd %s (... clangd version ...)'"
           % project["version"], [info])


def read_project(args):
    with open(os.path.join(args.source_root, "CMakeLists.txt")) as f:
        version = re.search(r"^project\(async-tidy VERSION ([0-9.]+)", f.read(), re.M).group(1)
    with open(os.path.join(args.build_dir, "CMakeCache.txt")) as f:
        homepage = re.search(r"^ASYNC_TIDY_HOMEPAGE:STRING=(.*)$", f.read(), re.M).group(1)
    project.update(version=version, homepage=homepage)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--async-tidy", required=True)
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--asyncrt", required=True)
    parser.add_argument("--timeout", type=float, default=240,
                        help="seconds before the whole session is abandoned")
    args = parser.parse_args()
    # The server runs in the temp dir: resolve a relative or PATH-found binary first.
    args.clangd = os.path.abspath(shutil.which(args.clangd) or args.clangd)
    args.async_tidy = os.path.abspath(shutil.which(args.async_tidy) or args.async_tidy)
    read_project(args)
    args.asyncrt = os.path.abspath(args.asyncrt)

    def give_up():
        sys.stderr.write("check_lsp_session: timed out after %ss\n" % args.timeout)
        sys.stderr.flush()
        os._exit(2)

    watchdog = threading.Timer(args.timeout, give_up)
    watchdog.daemon = True
    watchdog.start()

    base = tempfile.mkdtemp(prefix="async-clangd-lsp-")
    try:
        configured = make_project(
            base, "configured", "Checks: '-*,async-*,readability-braces-around-statements'\n",
            args)
        quick_fixes = make_project(base, "quick-fixes", "Checks: '-*,async-*'\n", args,
                                   QUICK_FIX_SOURCE)
        defaults = make_project(base, "defaults", None, args)
        opted_out = make_project(
            base, "opted-out", "Checks: '-*,readability-braces-around-statements'\n", args)
        preamble = make_project(base, "preamble-promise", "Checks: '-*,async-*'\n", args,
                                PREAMBLE_SOURCE, {"lazy_task.hpp": PREAMBLE_HEADER})
        broken = make_project(base, "broken-config", BROKEN_CONFIG, args)
        unknown_option = make_project(base, "unknown-option", UNKNOWN_OPTION_CONFIG, args)
        sleep_function = make_project(base, "sleep-function", SLEEP_FUNCTION_CONFIG, args,
                                      SLEEP_FUNCTION_SOURCE)
        with open(os.path.join(args.source_root, EXAMPLE)) as f:
            example_text = f.read()
        example = make_project(base, "shipped-example", "Checks: '-*,async-*'\n", args,
                               example_text, file_name=os.path.basename(EXAMPLE))
        # No user config (XDG_CONFIG_HOME/clangd/config.yaml) may loosen anything.
        home = os.path.join(base, "home")
        os.makedirs(home)
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
        env.pop("CLANGD_FLAGS", None)
        command = [args.clangd, "--background-index=false", "-j=2"]
        with LspClient(command, base, env=env, timeout=90,
                       stderr_path=os.path.join(base, "clangd.stderr")) as lsp:
            try:
                check_server_info(lsp.initialize())
                check_configured(lsp, configured)
                check_quick_fixes(lsp, quick_fixes)
                check_defaults(lsp, defaults)
                check_opted_out(lsp, opted_out)
                check_preamble_promise(lsp, args, preamble)
                check_broken_config(lsp, args, broken)
                check_unknown_option(lsp, args, unknown_option)
                check_sleep_function(lsp, sleep_function)
                check_shipped_example(lsp, example, example_text)
            except LspError as e:
                failures.append(str(e))
            if failures:
                failures.append(lsp.stderr_tail())
    finally:
        watchdog.cancel()
        shutil.rmtree(base, ignore_errors=True)

    if failures:
        for failure in failures:
            print("FAIL: " + failure)
        return 1
    print("async-clangd LSP session: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
