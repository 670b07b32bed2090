# One cfn-lint for a whole test run. Importing cfnlint and loading its rules and schemas costs
# about 3 s of CPU; every test (and every `ecs-arch lint` the tests run) used to pay it again.
# This process pays it once, then forks per request: the child runs cfn-lint's own command line
# (cfnlint.runner.main) with the request's arguments and working directory, so the output, exit
# code and checks are exactly those of the cfn-lint executable, and no state leaks between runs.
# Started and stopped by test/support/probe-tools.ts; clients are test/support/cfn-lint-shim.mjs.
# Protocol: one JSON request {"argv": [...], "cwd": "..."} per connection, closed by the client's
# write shutdown; one JSON reply {"code": n, "stdout": "...", "stderr": "..."}.
import contextlib
import io
import json
import os
import socketserver
import sys
import threading

import cfnlint.runner


def run(argv, cwd):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    os.chdir(cwd)
    sys.argv = ["cfn-lint", *argv]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            cfnlint.runner.main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:  # noqa: BLE001 - reported like the executable's traceback
            import traceback

            traceback.print_exc()
            code = 1
    return {"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        request = json.loads(self.rfile.read())
        self.wfile.write(json.dumps(run(request["argv"], request["cwd"])).encode())


class Server(socketserver.ForkingMixIn, socketserver.TCPServer):
    allow_reuse_address = True


def stop_at_end_of_input():
    sys.stdin.read()
    # Reap every lint still running, so its CPU time is counted where the run is measured.
    with contextlib.suppress(ChildProcessError):
        while True:
            os.waitpid(-1, 0)
    os._exit(0)


def main():
    # Warm up in the parent (a compiled template with most resource types we emit) so each fork
    # inherits loaded rules and schemas.
    here = os.path.dirname(os.path.abspath(__file__))
    with contextlib.suppress(BaseException):
        run(["--format", "json", "--", os.path.join(here, "..", "golden", "full", "template.json")], here)
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    # Stop when the test run that started us closes stdin or goes away, even if it crashed.
    threading.Thread(target=stop_at_end_of_input, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
