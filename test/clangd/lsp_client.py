"""A small Language Server Protocol client (stdlib only), enough to drive clangd in tests.

    with LspClient([clangd, "--background-index=false"], root) as lsp:
        lsp.initialize()
        lsp.open(path, text)
        diags = lsp.diagnostics(path, version=1)

Every wait has a timeout, and the server is killed when the client closes, so a hung or crashed
server fails the caller with its stderr instead of hanging a test run.
"""
import json
import os
import queue
import subprocess
import threading
import time
import urllib.parse
import urllib.request


class LspError(Exception):
    pass


def path_to_uri(path):
    return "file://" + urllib.request.pathname2url(os.path.abspath(path))


def uri_to_path(uri):
    return urllib.request.url2pathname(urllib.parse.urlparse(uri).path)


class LspClient:
    def __init__(self, command, root, env=None, timeout=60.0, stderr_path=None):
        self.root = os.path.abspath(root)
        self.timeout = timeout
        self._stderr_path = stderr_path or os.path.join(self.root, "server.stderr")
        self._stderr = open(self._stderr_path, "wb")
        self.proc = subprocess.Popen(command, cwd=self.root, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._stderr)
        self._next_id = 0
        self._responses = {}
        self._notifications = queue.Queue()
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._versions = {}

    # --- framing -----------------------------------------------------------------------------

    def _read_loop(self):
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                message = json.loads(stream.read(length))
                self._dispatch(message)
        except (EOFError, ValueError, OSError):
            pass
        with self._cond:
            self._cond.notify_all()

    def _dispatch(self, message):
        if "id" in message and "method" in message:
            # A request from the server (workDoneProgress/create, ...): accept it.
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif "id" in message:
            with self._cond:
                self._responses[message["id"]] = message
                self._cond.notify_all()
        else:
            self._notifications.put(message)

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise LspError("the server exited\n" + self.stderr_tail())

    # --- requests and notifications ----------------------------------------------------------

    def request(self, method, params, timeout=None):
        self._next_id += 1
        ident = self._next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while ident not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError("no answer to %s within %ss\n%s" % (
                        method, timeout or self.timeout, self.stderr_tail()))
                if self.proc.poll() is not None and not self._reader.is_alive():
                    raise LspError("the server exited while answering %s\n%s" % (
                        method, self.stderr_tail()))
                self._cond.wait(min(left, 0.5))
            response = self._responses.pop(ident)
        if "error" in response:
            raise LspError("%s failed: %s" % (method, response["error"]))
        return response.get("result")

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_notification(self, method, predicate=lambda params: True, timeout=None):
        """The params of the next `method` notification that satisfies `predicate`."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("no %s notification within %ss\n%s" % (
                    method, timeout or self.timeout, self.stderr_tail()))
            try:
                message = self._notifications.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise LspError("the server exited while waiting for %s\n%s" % (
                        method, self.stderr_tail()))
                continue
            if message.get("method") == method and predicate(message.get("params", {})):
                return message["params"]

    # --- the session -------------------------------------------------------------------------

    def initialize(self):
        result = self.request("initialize", {
            "processId": os.getpid(),
            "rootUri": path_to_uri(self.root),
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}},
                    "synchronization": {"didSave": True},
                },
                "workspace": {"workspaceEdit": {"documentChanges": False}},
            },
            "workspaceFolders": [{"uri": path_to_uri(self.root), "name": "test"}],
        })
        self.notify("initialized", {})
        return result

    def open(self, path, text, language="cpp"):
        self._versions[path] = 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": path_to_uri(path), "languageId": language, "version": 1, "text": text}})
        return 1

    def change(self, path, text):
        """Replaces the whole document; returns its new version."""
        self._versions[path] += 1
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": path_to_uri(path), "version": self._versions[path]},
            "contentChanges": [{"text": text}]})
        return self._versions[path]

    def close_document(self, path):
        self.notify("textDocument/didClose", {"textDocument": {"uri": path_to_uri(path)}})

    def diagnostics(self, path, version, timeout=None):
        """The diagnostics clangd publishes for `path` at `version`."""
        uri = path_to_uri(path)
        params = self.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p.get("uri") == uri and p.get("version") == version, timeout)
        return params["diagnostics"]

    def code_actions(self, path, diagnostic):
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": path_to_uri(path)},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]},
        })

    def shutdown(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (LspError, subprocess.TimeoutExpired):
            pass

    def stderr_tail(self, lines=40):
        try:
            self._stderr.flush()
            with open(self._stderr_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "--- server stderr (last %d lines) ---\n%s" % (
            lines, "\n".join(text.splitlines()[-lines:]))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.shutdown()
        self.close()
        return False
