"""Run the HTTP API: one uvicorn process, or a supervisor and N balanced workers.

Screening is CPU-bound Python, so one worker process per core is what uses a machine.
uvicorn's own multi-worker mode shares ONE listening socket among its workers, and the
kernel wakes one worker for a burst of new connections, which accepts all of them:
measured with 50 keep-alive clients on 2 workers, one worker held most connections at
100 % of its core while the other idled (10.0 vs 3.2 CPU seconds), and at 500
requests/s the p99 latency was 2.1 s instead of milliseconds.

On Linux the supervisor here gives each worker its OWN listening socket on the same
address with ``SO_REUSEPORT``: the kernel then picks the socket of every new
connection by a hash of its addresses, so connections spread evenly over the workers
whatever each worker is doing. A worker opens its socket only after its snapshot is
loaded and warmed up (uvicorn listens after the app's start-up), so no connection
ever waits on a loading worker, and while one worker restarts the others take all new
connections. Elsewhere (no load-balancing ``SO_REUSEPORT``) the workers share one
socket as uvicorn does.

The supervisor restarts a worker that died (with a back-off, and gives up when one
keeps dying right after start), and on SIGTERM/SIGINT stops every worker gracefully
(in-flight requests finish) before exiting. On Linux a worker also dies with its
supervisor (``PR_SET_PDEATHSIG``), so a killed supervisor leaves no orphan serving
the port.

Each worker runs uvicorn with uvloop and httptools when they are installed (pinned
in requirements.lock): together about 0.2-0.3 ms less CPU per request than asyncio's
loop and the pure-Python h11 parser, on a request that costs ~2 ms.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, replace
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

#: The ASGI app every worker serves (a factory reading its settings from the
#: environment, which workers inherit from ``embargo serve``).
APP = "embargo.services.api:app_from_env"

#: The logging format of CLI runs (`embargo.services.cli.main`), repeated in workers,
#: which are fresh processes.
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"

#: A worker that exits sooner than this after its start counts as a failed start.
QUICK_EXIT_SECONDS = 30.0
#: Consecutive failed starts of one worker after which the supervisor gives up.
MAX_QUICK_EXITS = 5


def balanced_sockets_supported() -> bool:
    """True where ``SO_REUSEPORT`` balances connections over listening sockets (Linux).

    BSD and macOS have the option, but there the last socket bound takes the
    connections instead of sharing them.
    """
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What a worker needs to start serving (pickled into each worker process)."""

    host: str
    port: int
    app: str = APP
    log_level: str = "warning"
    #: Level of `embargo.services.api`'s logger (INFO: one line per request).
    request_log_level: int = logging.WARNING
    #: Seconds a stopping worker gives in-flight requests before closing them.
    graceful_seconds: int = 15
    backlog: int = 2048
    #: Each worker binds its own SO_REUSEPORT socket (else: one shared socket).
    reuse_port: bool = True


def listening_address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[Any, ...]]:
    """The address family and socket address to bind ``host:port`` to."""
    infos = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE
    )
    family, _, _, _, address = infos[0]
    return family, address


def tcp_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening).

    Created with ``proto=IPPROTO_TCP`` explicitly: asyncio sets ``TCP_NODELAY`` only on
    accepted connections whose Python socket says so, and a socket made with proto 0
    passes 0 on to every connection it accepts; keep-alive requests then wait for the
    client's delayed ACK (uvicorn issue #3149; measured: 44 ms instead of 1 ms).
    """
    family, address = listening_address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def claim_port(host: str, port: int) -> socket.socket:
    """Check that ``host:port`` is free and hold it for the workers' sockets.

    A plain bind first: it fails when anything else listens there, including another
    ``embargo serve`` whose workers would otherwise silently share the port with ours.
    Then the port (resolved when 0) is held by a bound, never-listening SO_REUSEPORT
    socket, which receives no connections but keeps other programs off the port while
    workers restart.
    """
    probe = tcp_socket(host, port, reuse_port=False)
    port = probe.getsockname()[1]
    probe.close()
    return tcp_socket(host, port, reuse_port=True)


def shared_socket(config: Any) -> socket.socket:
    """The one listening socket of workers that share it (a ``uvicorn.Config``'s address)."""
    return tcp_socket(config.host, config.port, reuse_port=False)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent (the supervisor) dies."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _configure_worker_logging(options: ServeOptions) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format=LOG_FORMAT)
    logging.getLogger("embargo.services.api").setLevel(options.request_log_level)


def uvicorn_config(options: ServeOptions, *, workers: int = 1) -> Any:
    """The uvicorn configuration of one worker ("auto": uvloop and httptools if present)."""
    import uvicorn

    return uvicorn.Config(
        options.app,
        factory=True,
        host=options.host,
        port=options.port,
        workers=workers,
        log_level=options.log_level,
        access_log=False,  # the API's middleware logs one line per request itself
        loop="auto",
        http="auto",
        backlog=options.backlog,
        timeout_graceful_shutdown=options.graceful_seconds,
    )


def serve_worker(options: ServeOptions, index: int, parent: int) -> None:
    """A worker process: bind its own SO_REUSEPORT socket and serve until stopped."""
    _die_with_parent()
    if os.getppid() != parent:  # the supervisor died before prctl took effect
        return
    _configure_worker_logging(options)
    import uvicorn

    sock = tcp_socket(options.host, options.port, reuse_port=True)
    log.info("worker %d (pid %d) loading", index, os.getpid())
    # uvicorn runs the app's start-up (loading the snapshot) before it listens
    uvicorn.Server(uvicorn_config(options)).run(sockets=[sock])


@dataclass(slots=True)
class _Slot:
    """One worker position: its current process and its recent failed starts."""

    index: int
    process: BaseProcess | None = None
    started_at: float = 0.0
    quick_exits: int = 0
    restart_at: float = 0.0


class Supervisor:
    """Start N workers, restart the ones that die, stop them all on SIGTERM/SIGINT."""

    def __init__(self, options: ServeOptions, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.options = options
        self.slots = [_Slot(i) for i in range(workers)]
        self._context = multiprocessing.get_context("spawn")  # no fork of a loaded parent
        self._stopping: int | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = signum

    def _start(self, slot: _Slot) -> None:
        process = self._context.Process(
            target=serve_worker,
            args=(self.options, slot.index, os.getpid()),
            name=f"embargo-worker-{slot.index}",
        )
        process.start()
        slot.process, slot.started_at = process, time.monotonic()
        log.info("worker %d started (pid %s)", slot.index, process.pid)

    def _reap(self, slot: _Slot, now: float) -> bool:
        """Handle a dead worker; False when it keeps failing and the supervisor gives up."""
        assert slot.process is not None
        code = slot.process.exitcode
        lived = now - slot.started_at
        slot.process.close()
        slot.process = None
        slot.quick_exits = slot.quick_exits + 1 if lived < QUICK_EXIT_SECONDS else 0
        if slot.quick_exits >= MAX_QUICK_EXITS:
            log.error(
                "worker %d exited %d times in a row right after starting (last exit code %s); "
                "stopping the server",
                slot.index,
                slot.quick_exits,
                code,
            )
            return False
        delay = min(30.0, 0.5 * 2**slot.quick_exits) if slot.quick_exits else 0.0
        log.warning(
            "worker %d exited with code %s after %.0f s; restarting it in %.1f s",
            slot.index,
            code,
            lived,
            delay,
        )
        slot.restart_at = now + delay
        return True

    def run(self) -> int:
        """Serve until a stop signal (exit code 0) or a worker that cannot start (1)."""
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self._on_signal) for sig in handled}
        old_wakeup = signal.set_wakeup_fd(self._wake_w.fileno())
        code = 0
        try:
            for slot in self.slots:
                self._start(slot)
            while self._stopping is None:
                code = self._watch()
                if code:
                    break
        finally:
            signal.set_wakeup_fd(old_wakeup)
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._wake_r.close()
            self._wake_w.close()
        return code

    def _watch(self) -> int:
        """Wait for a worker's exit, a signal or a due restart; 1 to give up."""
        sentinels = [s.process.sentinel for s in self.slots if s.process is not None]
        due = [s.restart_at for s in self.slots if s.process is None]
        timeout = max(0.0, min(due) - time.monotonic()) if due else None
        multiprocessing.connection.wait([*sentinels, self._wake_r], timeout)
        with contextlib.suppress(OSError):
            self._wake_r.recv(512)  # drain the signal bytes
        if self._stopping is not None:
            return 0
        now = time.monotonic()
        for slot in self.slots:
            if slot.process is not None and not slot.process.is_alive():
                if not self._reap(slot, now):
                    return 1
            if slot.process is None and now >= slot.restart_at:
                self._start(slot)
        return 0

    def _stop_all(self) -> None:
        """SIGTERM every worker (graceful: in-flight requests finish), then wait."""
        running = [s.process for s in self.slots if s.process is not None]
        for process in running:
            if process.is_alive() and process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.options.graceful_seconds + 5
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("worker pid %s did not stop in time; killing it", process.pid)
                process.kill()
                process.join(5)
        for slot in self.slots:
            slot.process = None


def run_server(
    host: str,
    port: int,
    workers: int = 1,
    *,
    log_level: str = "warning",
    app: str = APP,
    graceful_seconds: int = 15,
) -> None:
    """Serve the API on ``host:port`` with ``workers`` processes until stopped.

    One worker runs uvicorn in this process. Several are started and watched by a
    `Supervisor`: on Linux each has its own SO_REUSEPORT socket (connections spread by
    the kernel); elsewhere they share one socket, as uvicorn's own multi-worker mode.
    Each worker loads its own snapshot and swaps in new ones by itself (`create_app`).
    Raises SystemExit(1) when a worker cannot start (e.g. the port is taken).
    """
    import uvicorn

    options = ServeOptions(
        host=host,
        port=port,
        app=app,
        log_level=log_level,
        request_log_level=logging.getLogger("embargo.services.api").getEffectiveLevel(),
        graceful_seconds=graceful_seconds,
        reuse_port=balanced_sockets_supported(),
    )
    if workers <= 1:
        uvicorn.Server(uvicorn_config(options)).run()
        return
    if not options.reuse_port:
        _run_shared_socket(options, workers)
        return
    try:
        reserved = claim_port(host, port)
    except OSError as exc:
        reason = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be bound: {exc}"
        log.error("%s:%d %s", host, port, reason)
        raise SystemExit(1) from exc
    with reserved:
        options = replace(options, port=reserved.getsockname()[1])
        code = Supervisor(options, workers).run()
    if code:
        raise SystemExit(code)


def _run_shared_socket(options: ServeOptions, workers: int) -> None:
    """Workers on one shared socket (uvicorn's supervisor), where SO_REUSEPORT does not
    balance connections."""
    from uvicorn.supervisors import Multiprocess

    config = uvicorn_config(options, workers=workers)
    Multiprocess(config, sockets=[shared_socket(config)]).run()


__all__ = [
    "APP",
    "ServeOptions",
    "Supervisor",
    "balanced_sockets_supported",
    "claim_port",
    "run_server",
    "serve_worker",
    "shared_socket",
    "tcp_socket",
]
