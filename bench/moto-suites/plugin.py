"""pytest plugin for bench/moto-suites: runs moto's own tests in server mode against one endpoint and records each result.

Loaded with `-p plugin` (run.sh puts this directory on PYTHONPATH). It changes nothing in moto or in the tests; it
  - records, per test, the outcome, the exception and every AWS call the test made (service, operation, and the
    error code the server answered, if any) as one JSON line in $MOTO_SUITES_RESULTS;
  - when $MOTO_SUITES_BERTHD is set, gives every test a berthd of its own: a fresh data directory, on one of
    $MOTO_SUITES_PORTS, stopped after the test and its task containers removed. Berth has no reset call and should
    not grow a test-only one; moto's decorator still POSTs /moto-api/reset, which Berth answers like any unknown path.
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import traceback
import urllib.request

import botocore.client
import pytest

_calls = []  # the AWS calls of the running test


def _record_calls():
    """Wraps botocore's one entry point for API calls (instrumentation only: arguments and results pass unchanged)."""
    original = botocore.client.BaseClient._make_api_call

    def make_api_call(self, operation_name, api_params):
        service = self.meta.service_model.service_name
        region = self.meta.region_name
        try:
            result = original(self, operation_name, api_params)
        except botocore.exceptions.ClientError as e:
            err = e.response.get("Error", {})
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            _calls.append({"op": f"{service}:{operation_name}", "code": err.get("Code"), "message": (err.get("Message") or "")[:300], "status": status, "region": region})
            raise
        except Exception as e:  # parameter validation, connection errors: the call never got an AWS answer
            _calls.append({"op": f"{service}:{operation_name}", "code": type(e).__name__, "message": str(e)[:300], "status": None, "region": region})
            raise
        _calls.append({"op": f"{service}:{operation_name}", "code": None, "region": region})
        return result

    botocore.client.BaseClient._make_api_call = make_api_call


class _Berthd:
    """One berthd on one port; started afresh (new data directory) for every test it serves."""

    def __init__(self, binary, port, subnet, slot):
        self.binary, self.port, self.subnet = binary, port, subnet
        # Stable across restarts, so one label finds every container and network this slot's berthds made.
        self.instance = f"motosuites{os.getpid()}s{slot}"
        self.log = os.environ.get("MOTO_SUITES_BERTHD_LOG", "/dev/null")
        self.proc = None
        self.dir = None

    @property
    def endpoint(self):
        return f"http://localhost:{self.port}"

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="berth-moto-")
        with open(os.path.join(self.dir, "instance-id"), "w") as f:
            f.write(self.instance)
        env = dict(os.environ, BERTH_DATA_DIR=self.dir, BERTH_PORT=str(self.port), BERTH_LISTEN="127.0.0.1", BERTH_SUBNET=self.subnet)
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen([self.binary], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"berthd exited with {self.proc.returncode} at start (see {self.log})")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"berthd was not ready in 120 s (see {self.log})")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self._remove("ps", "-aq", rm=["rm", "-f"])
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def remove_networks(self):
        self._remove("network", "ls", "-q", rm=["network", "rm"])
        # berthd leaves its packet filter table in place when it stops (it is its own on the next start).
        table = "berth_" + self.subnet.replace(".", "_").replace("/", "_")
        subprocess.run(["nft", "delete", "table", "inet", table], capture_output=True)

    def _remove(self, *ls, rm):
        ids = subprocess.run(["docker", *ls, "--filter", f"label=io.berth.instance={self.instance}"], capture_output=True, text=True).stdout.split()
        if ids:
            subprocess.run(["docker", *rm, *ids], capture_output=True)


class _Pool:
    """berthds that start while other tests run: a berthd takes seconds to be ready, a test a fraction of that.
    Each has its own port and its own quarter of the task range, so their engine networks and packet filters are
    apart. A test gets the next one; when the test ends it is stopped and started afresh for a later test."""

    def __init__(self, binary, ports, subnet):
        import ipaddress
        net = ipaddress.ip_network(subnet)
        parts = list(net.subnets(new_prefix=net.prefixlen + 2))
        if len(ports) > len(parts):
            raise RuntimeError(f"at most {len(parts)} berthds share {subnet}")
        self.slots = [_Berthd(binary, p, str(parts[i]), i) for i, p in enumerate(ports)]
        self.next = 0
        self.current = None
        for b in self.slots:
            b.start()

    def take(self):
        b = self.slots[self.next]
        self.next = (self.next + 1) % len(self.slots)
        b.wait_ready()
        self.current = b
        return b

    def release(self):
        if self.current is not None:
            self.current.stop()
            self.current.start()
            self.current = None

    def close(self):
        for b in self.slots:
            b.stop()
            b.remove_networks()


def _dynamic_endpoint():
    """moto's decorator reads TEST_SERVER_MODE_ENDPOINT once, when a test module is imported; read it at each use
    instead, so every test can talk to its own berthd. Changes where requests go, nothing of what they say."""
    from moto.core.models import ServerModeMockAWS

    ServerModeMockAWS._test_server_mode_endpoint = property(lambda self: os.environ["TEST_SERVER_MODE_ENDPOINT"], lambda self, value: None)


_pool = None
_out = None


def pytest_configure(config):
    global _pool, _out
    _record_calls()
    _out = open(os.environ["MOTO_SUITES_RESULTS"], "a")
    if os.environ.get("MOTO_SUITES_BERTHD"):
        ports = [int(p) for p in os.environ["MOTO_SUITES_PORTS"].split(",")]
        _pool = _Pool(os.environ["MOTO_SUITES_BERTHD"], ports, os.environ["BERTH_SUBNET"])
        _dynamic_endpoint()


def pytest_unconfigure(config):
    if _pool is not None:
        _pool.close()
    if _out is not None:
        _out.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _calls.clear()
    if _pool is not None:
        try:
            os.environ["TEST_SERVER_MODE_ENDPOINT"] = _pool.take().endpoint
        except RuntimeError as e:
            pytest.exit(f"moto-suites: {e}", returncode=3)  # every later test would wait as long
    yield


class TestTimeout(Exception):
    pass


def _timeout(signum, frame):
    raise TestTimeout(f"the test ran longer than {os.environ.get('MOTO_SUITES_TEST_TIMEOUT')} s")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    # Bounds each test (pytest-timeout is not at hand): SIGALRM raises in the test's own thread.
    seconds = int(os.environ.get("MOTO_SUITES_TEST_TIMEOUT", "0"))
    if seconds:
        signal.signal(signal.SIGALRM, _timeout)
        signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _pool is not None:
        _pool.release()


def _describe(excinfo):
    """The exception a failed test ended with: its type, its first lines, and the test line that raised it."""
    e = excinfo.value
    text = str(e)
    if isinstance(e, botocore.exceptions.ClientError):
        err = e.response.get("Error", {})
        text = f"{err.get('Code')}: {err.get('Message')}"
    tb = traceback.extract_tb(excinfo.tb)
    where = next((f"{os.path.basename(f.filename)}:{f.lineno}: {f.line}" for f in reversed(tb) if "/tests/" in f.filename), None)
    return {"type": type(e).__name__, "message": text[:1200], "where": where}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # One line per test: the call phase, or the phase that failed or skipped before it.
    if report.when == "call" or (report.when == "setup" and not report.passed):
        row = {"test": item.nodeid, "outcome": report.outcome if report.when == "call" else ("error" if report.failed else "skipped"),
               "seconds": round(report.duration, 3), "calls": list(_calls),
               # moto marks the tests it has also run against AWS: their expectations are AWS's, not moto's.
               "aws_verified": item.get_closest_marker("aws_verified") is not None}
        if call.excinfo is not None:
            row["error"] = _describe(call.excinfo)
        _out.write(json.dumps(row) + "\n")
        _out.flush()
