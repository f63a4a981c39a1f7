"""Spool's warm yt-dlp helper: one pre-started process per download.

Spool (SpoolMedia's YtDlp) starts this script ahead of time with the Python interpreter that runs
yt-dlp:

    python3 ytdlp_helper.py [YT_DLP_EXECUTABLE]

It imports yt_dlp, does the per-process work every yt-dlp run repeats (compiling ~1,800 extractor
URL patterns, probing ffmpeg), prints one ready line on stdout and then blocks reading ONE line of
JSON on stdin:

    {"argv": ["--newline", "...", "--", "https://..."], "cwd": "/media/tmp/<job>"}

It then runs yt_dlp.main(argv) exactly like the `yt-dlp` command and exits with its exit code.
Spool reads stdout/stderr and signals the process group like any yt-dlp process.

Lifetime: end of input before a job line (Spool closed the pipe, or died) makes it exit at once.
While a job runs, a watcher thread ends the process group if the parent process goes away.
Own exit codes: 3 = yt_dlp cannot be imported, 4 = malformed job line.

Format check (`--check-format EXPRESSION` before the executable): parses one format expression with
yt-dlp's parser, prints `{"format": "ok"}` or `{"formatError": "..."}` and exits 0 (the cold
fallback when no fork server is running).

Fork server (`--fork-server` before the executable): the process imports and warms yt_dlp once and
then forks a child per job, so a job costs a fork instead of an import. stdin is a Unix stream
socket; each request is one JSON line `{"id": "...", "argv": [...], "cwd": "..."}` sent together
with two file descriptors (SCM_RIGHTS): the write ends of the pipes that become the child's stdout
and stderr. Replies are JSON lines on stdout: `{"id": ..., "pid": N}` once the child is forked
(it leads its own process group, so Spool signals it like any yt-dlp), `{"id": ..., "exit": N}` or
`{"id": ..., "signal": N}` once it is reaped, `{"id": ..., "error": "..."}` when the request cannot
run. A request `{"id": ..., "checkFormat": "b[height<=720]"}` (sent without descriptors) runs no
child: the server parses the format expression with yt-dlp's own parser (no network) and answers
`{"id": ..., "format": "ok"}` or `{"id": ..., "formatError": "<yt-dlp's message>"}`. End of input (Spool closed the socket, or died) sends SIGTERM to every child's group, SIGKILL
after 3 s, and exits; each child also gets SIGTERM if the server dies (PR_SET_PDEATHSIG).
"""

import ctypes
import gc
import json
import os
import re
import selectors
import signal
import socket
import sys
import threading
import time
import zipfile

READY_KEY = "spoolHelper"
EXIT_NO_YT_DLP = 3
EXIT_BAD_JOB = 4


def main():
    arguments = sys.argv[1:]
    fork_server = arguments[:1] == ["--fork-server"]
    if fork_server:
        arguments = arguments[1:]
    format_check = None
    if arguments[:1] == ["--check-format"] and len(arguments) >= 2:
        format_check, arguments = arguments[1], arguments[2:]
    executable = arguments[0] if arguments else ""
    if executable and zipfile.is_zipfile(executable):
        sys.path.insert(0, executable)  # the standalone zipapp build of yt-dlp
    try:
        import yt_dlp
    except Exception as error:  # ImportError, or anything the import raises
        print(f"ERROR: cannot import yt_dlp: {error}", file=sys.stderr, flush=True)
        return EXIT_NO_YT_DLP

    if format_check is not None:
        print(json.dumps(FormatChecker(yt_dlp).verdict(format_check)), flush=True)
        return 0
    warm_up(yt_dlp)
    version = getattr(getattr(yt_dlp, "version", None), "__version__", "unknown")
    if fork_server:
        remember_default_extractors()
        remember_ssl_contexts()
        rehearse(yt_dlp)
        share_default_extractors(yt_dlp)
        # Everything imported so far is shared with each child; freezing it keeps the children's
        # garbage collector from walking (and so copying) those pages.
        gc.collect()
        gc.freeze()
        print(json.dumps({READY_KEY: "ready", "version": version, "mode": "fork"}), flush=True)
        return ForkServer(yt_dlp).serve()
    print(json.dumps({READY_KEY: "ready", "version": version}), flush=True)

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    try:
        argv, cwd = parse_job(json.loads(line))
        if cwd:
            os.chdir(cwd)
    except (ValueError, KeyError, TypeError, OSError) as error:
        print(f"ERROR: malformed job for the yt-dlp helper: {error}", file=sys.stderr, flush=True)
        return EXIT_BAD_JOB

    watch_parent()
    yt_dlp.main(argv)  # raises SystemExit with yt-dlp's exit code
    return 0


def warm_up(yt_dlp):
    """Pays the start-up costs of a yt-dlp run once, before any job arrives."""
    cap_read_size()
    if hasattr(re, "_MAXCACHE"):  # keep every pattern compiled here (the default holds 512)
        re._MAXCACHE = max(re._MAXCACHE, 8192)
    try:
        from yt_dlp.extractor import gen_extractor_classes

        for extractor in gen_extractor_classes():
            try:
                extractor._match_valid_url("")  # compiles and caches the class's URL patterns
            except Exception:
                pass
        from yt_dlp.postprocessor.ffmpeg import FFmpegPostProcessor

        ffmpeg = FFmpegPostProcessor()  # caches the ffmpeg/ffprobe version probe per class
        ffmpeg.available
        ffmpeg.probe_available
        import yt_dlp.downloader.hls  # noqa: F401
        import yt_dlp.downloader.http  # noqa: F401
        import yt_dlp.extractor.generic  # noqa: F401
        from yt_dlp.utils import unified_strdate, unified_timestamp

        unified_timestamp("Sun, 22 Nov 2026 10:00:00 GMT")  # compiles strptime patterns
        unified_strdate("20261122")
        options = yt_dlp.parse_options(["--ignore-config", "--newline", "--progress", "--", "http://127.0.0.1/"])
        with yt_dlp.YoutubeDL(options.ydl_opts):
            pass
    except Exception as error:  # warming is an optimisation; a job still runs without it
        print(f"WARNING: yt-dlp helper warm-up incomplete: {error}", file=sys.stderr, flush=True)


READ_SIZE_LIMIT = 1 << 20


def cap_read_size():
    """Keeps yt-dlp's HTTP reads at most 1 MiB.

    yt-dlp sizes each read to about a second of data, starting at 1 KiB (so a slow link still
    reports progress often) and growing up to 4 MiB; each read is a new bytes object. On a fast
    link the 4 MiB reads held ~9 MiB more per download than 1 MiB reads, which are as fast (a
    158 MB file on loopback: 0.93 s against 1.00 s, medians of 5).
    """
    try:
        from yt_dlp.downloader.common import FileDownloader

        original = FileDownloader.best_block_size
        FileDownloader.best_block_size = staticmethod(
            lambda elapsed_time, bytes: min(original(elapsed_time, bytes), READ_SIZE_LIMIT))
    except Exception as error:  # an optimisation; yt-dlp's own sizes still work
        print(f"WARNING: yt-dlp helper cannot cap its read size: {error}", file=sys.stderr, flush=True)


def watch_parent():
    """Ends this process group when the parent that started it goes away (re-parenting)."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        if os.getpgrp() == os.getpid():  # Spool starts the helper as its own group leader
            os.killpg(os.getpgrp(), signal.SIGTERM)
        else:
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="spool-parent-watch", daemon=True).start()


def remember_default_extractors():
    """Computes the default extractor list once for every YoutubeDL the children create.

    Each YoutubeDL expands `allowed_extractors=["default"]` into ~1,800 names with a quadratic
    search (~40 ms a run). The result depends only on the extractor classes imported, so the fork
    server keeps it; any other call goes to yt-dlp unchanged.
    """
    module = sys.modules.get("yt_dlp.YoutubeDL")
    original = getattr(module, "orderedSet_from_options", None)
    if original is None:
        return
    remembered = {}

    def ordered_set_from_options(options, alias_dict, *, use_regex=False, start=None):
        if use_regex and start is None and list(options) == ["default"] and set(alias_dict) == {"all", "default"}:
            key = (len(alias_dict["all"]), len(alias_dict["default"]))
            if key not in remembered:
                remembered[key] = original(options, alias_dict, use_regex=use_regex)
            return list(remembered[key])
        return original(options, alias_dict, use_regex=use_regex, start=start)

    module.orderedSet_from_options = ordered_set_from_options


def remember_ssl_contexts():
    """Builds each kind of TLS context once (loading the CA bundle costs ~20 ms a run).

    Every request handler of a YoutubeDL makes one; keyed by all of its options, the server's
    contexts are copied into each child by fork and used only there.
    """
    module = sys.modules.get("yt_dlp.networking.common")
    original = getattr(module, "make_ssl_context", None)
    if original is None:
        return
    made = {}

    def make_ssl_context(**options):
        key = (os.environ.get("SSLKEYLOGFILE"), *sorted(options.items()))
        try:
            hash(key)
        except TypeError:
            return original(**options)
        if key not in made:
            made[key] = original(**options)
        return made[key]

    module.make_ssl_context = make_ssl_context


def rehearse(yt_dlp):
    """Runs one tiny download in this process before the first fork, from a loopback server on a
    thread that is stopped again, so the code and caches a real download uses (option parsing,
    format selection, the HTTP stack, output templates) are warm in every child."""
    import contextlib
    import http.server
    import io
    import tempfile

    body = bytes(4096)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    try:
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    except OSError:
        return
    thread = threading.Thread(target=server.serve_forever, name="spool-rehearsal", daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="spool-rehearsal-") as folder:
            argv = [
                "--ignore-config", "--color", "never", "--newline", "--progress",
                "--progress-template", 'download:{"b":%(progress.downloaded_bytes|null)j}',
                "--print", 'after_move:{"filepath":%(filepath|null)j}',
                "--write-info-json", "--no-playlist", "--continue", "--socket-timeout", "5",
                "-o", folder + "/%(title)s [%(id)s].%(ext)s", "--format=bv*+ba/b",
                "--", f"http://127.0.0.1:{server.server_port}/rehearsal.mp4",
            ]
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                try:
                    yt_dlp.main(argv)
                except SystemExit:
                    pass
    except Exception as error:  # a rehearsal is an optimisation; jobs run without it
        print(f"WARNING: yt-dlp fork server rehearsal failed: {error}", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class SharedExtractors:
    """The fork server's table of default extractors, for each child's first YoutubeDL as it is.

    Every YoutubeDL puts its ~1,800 extractor classes in a new dict, and its first extract_info
    tries each class's URL pattern in turn until one matches (the generic extractor is last); both
    write the reference count of every class, so a forked child would copy all the pages those
    classes live on (~4 MiB measured). Instead:

    - the server builds the table once, as yt-dlp builds it for the default options;
    - a child is armed (``arm``) before it runs its job, and its first YoutubeDL with the default
      extractors uses that very dict (the child's own copy, by fork);
    - before forking, the server finds the extractor yt-dlp would pick for the job's URL (the first
      whose pattern matches, ~4 ms), and the child's first extract_info of that URL names it.

    Anything else (more YoutubeDLs, other extractor options, other URLs) takes yt-dlp's own path.
    """

    def __init__(self, yt_dlp):
        from yt_dlp.YoutubeDL import YoutubeDL

        with YoutubeDL({"quiet": True, "no_warnings": True}) as probe:
            self.table = dict(probe._ies)
        if not self.table or not all(isinstance(ie, type) for ie in self.table.values()):
            raise ValueError("the default extractors include instances, which each YoutubeDL must own")
        self.armed = False  # in a child until its first YoutubeDL has taken the table
        self.hint = None  # (url, extractor key) for the next child
        shared = self
        add_defaults = YoutubeDL.add_default_info_extractors
        extract = YoutubeDL.extract_info

        def add_default_info_extractors(ydl):
            if not shared.armed or ydl._ies or ydl.params.get("allowed_extractors", ["default"]) != ["default"]:
                return add_defaults(ydl)
            shared.armed = False
            ydl._ies = shared.table
            ydl.write_debug(f"Loaded {len(shared.table)} extractors")

        def extract_info(ydl, url, download=True, ie_key=None, *args, **kwargs):
            hint = shared.hint
            if ie_key is None and hint is not None and url == hint[0] and ydl._ies is shared.table and not args and not kwargs.get("force_generic_extractor"):
                ie_key = hint[1]
            return extract(ydl, url, download, ie_key, *args, **kwargs)

        YoutubeDL.add_default_info_extractors = add_default_info_extractors
        YoutubeDL.extract_info = extract_info

    def arm(self):
        """In a forked child, before its job: its first YoutubeDL takes the server's table."""
        self.armed = True

    def prepare(self, argv):
        """Sets the hint for the child about to run `argv` (one URL after `--`), or clears it."""
        self.hint = None
        if argv.count("--") != 1 or argv.index("--") != len(argv) - 2:
            return
        url = argv[-1]
        try:
            key = next((key for key, ie in self.table.items() if ie.suitable(url)), None)
        except Exception:  # a pattern that fails on this URL: let yt-dlp decide in the child
            return
        if key is not None:
            self.hint = (url, key)


SHARED_EXTRACTORS = None


def share_default_extractors(yt_dlp):
    """Installs ``SharedExtractors`` (an optimisation: without it the children run yt-dlp's own path)."""
    global SHARED_EXTRACTORS
    try:
        SHARED_EXTRACTORS = SharedExtractors(yt_dlp)
    except Exception as error:
        print(f"WARNING: yt-dlp fork server cannot share its extractor table: {error}", file=sys.stderr, flush=True)


def parse_job(job):
    """The validated (argv, cwd) of a job object; raises ValueError when malformed."""
    argv = job.get("argv") if isinstance(job, dict) else None
    if not isinstance(argv, list) or not all(isinstance(item, str) for item in argv):
        raise ValueError("argv must be a list of strings")
    cwd = job.get("cwd")
    if cwd is not None and not isinstance(cwd, str):
        raise ValueError("cwd must be a string")
    return argv, cwd


class FormatChecker:
    """yt-dlp's own format parser (`YoutubeDL.build_format_selector`), without any network."""

    def __init__(self, yt_dlp):
        self.yt_dlp = yt_dlp
        self.ydl = None

    def verdict(self, spec):
        """`{"format": "ok"}`, or `{"formatError": message}` with yt-dlp's message without the lines
        that echo the expression and point at it with a caret."""
        if not isinstance(spec, str):
            return {"formatError": "the format must be a string"}
        try:
            if self.ydl is None:
                self.ydl = self.yt_dlp.YoutubeDL({"quiet": True, "no_warnings": True, "noprogress": True})
            self.ydl.build_format_selector(spec)
            return {"format": "ok"}
        except Exception as error:  # SyntaxError for a bad expression; anything else is also a no
            lines = [line.strip() for line in str(error).splitlines()]
            meaningful = [line for line in lines if line.strip("^~ ") and line != spec.strip()]
            return {"formatError": meaningful[0] if meaningful else type(error).__name__}


def format_check_request(line):
    """(id, expression) of a format check request line, else None (a download request)."""
    try:
        request = json.loads(line)
    except ValueError:
        return None
    if isinstance(request, dict) and "checkFormat" in request:
        return request.get("id"), request.get("checkFormat")
    return None


class ForkServer:
    """Forks one yt-dlp child per request; single-threaded, so forking is safe."""

    KILL_GRACE = 3.0

    def __init__(self, yt_dlp):
        self.yt_dlp = yt_dlp
        self.server_pid = os.getpid()
        self.control = socket.socket(fileno=0)
        self.control.setblocking(True)
        self.pending = b""
        self.descriptors = []
        self.children = {}  # pid -> request id
        self.formats = FormatChecker(yt_dlp)
        self.wake_read, self.wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: self.stop_children_and_exit())

    def serve(self):
        selector = selectors.DefaultSelector()
        selector.register(self.control, selectors.EVENT_READ, "control")
        selector.register(self.wake_read, selectors.EVENT_READ, "wake")
        while True:
            for key, _ in selector.select():
                if key.data == "wake":
                    self.drain_wakeups()
                    self.reap()
                elif not self.read_requests():
                    self.stop_children_and_exit()

    def read_requests(self):
        """Reads what the socket has; runs every complete request. False at end of input."""
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 16)
        except InterruptedError:
            return True
        self.descriptors.extend(fds)
        if not data:
            return False
        self.pending += data
        while b"\n" in self.pending:
            line, self.pending = self.pending.split(b"\n", 1)
            self.start(line)
        return True

    def start(self, line):
        check = format_check_request(line)
        if check is not None:  # no child and no descriptors: answered here, at once
            request_id, spec = check
            self.reply({"id": request_id, **self.formats.verdict(spec)})
            return
        request_id = None
        pipes = self.descriptors[:2]
        del self.descriptors[:2]
        try:
            job = json.loads(line)
            request_id = job.get("id") if isinstance(job, dict) else None
            argv, cwd = parse_job(job)
            if len(pipes) != 2:
                raise ValueError("the request came without its two pipes")
        except (ValueError, TypeError) as error:
            for fd in pipes:
                os.close(fd)
            self.reply({"id": request_id, "error": f"malformed job: {error}"})
            return
        if SHARED_EXTRACTORS is not None:
            SHARED_EXTRACTORS.prepare(argv)
        try:
            pid = os.fork()
        except OSError as error:
            for fd in pipes:
                os.close(fd)
            self.reply({"id": request_id, "error": f"fork failed: {error}"})
            return
        if pid == 0:
            self.run_child(argv, cwd, pipes)  # never returns
        for fd in pipes:
            os.close(fd)
        try:
            os.setpgid(pid, pid)  # also done in the child: whichever runs first wins the race
        except OSError:
            pass
        self.children[pid] = request_id
        self.reply({"id": request_id, "pid": pid})

    def run_child(self, argv, cwd, pipes):
        code = 1
        try:
            os.setpgid(0, 0)
            signal.set_wakeup_fd(-1)
            for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
                signal.signal(number, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            end_with_parent(self.server_pid)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(pipes[0], 1)
            os.dup2(pipes[1], 2)
            for fd in [null, *pipes, *self.descriptors, self.wake_read, self.wake_write]:
                if fd > 2:
                    os.close(fd)
            self.control.detach()
            if SHARED_EXTRACTORS is not None:
                SHARED_EXTRACTORS.arm()
            if cwd:
                os.chdir(cwd)
            sys.argv = ["yt-dlp", *argv]  # the program name yt-dlp's messages print
            try:
                self.yt_dlp.main(argv)
                code = 0
            except SystemExit as end:
                code = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
            except Exception as error:  # yt-dlp raised instead of exiting (a --format it cannot parse)
                lines = [line.strip() for line in str(error).splitlines() if line.strip("^~ \t")]
                print(f"ERROR: {lines[0] if lines else type(error).__name__}", file=sys.stderr, flush=True)
        except BaseException as error:  # the child must never return into the server's loop
            try:
                print(f"ERROR: the yt-dlp fork server could not run the job: {error}", file=sys.stderr, flush=True)
            except Exception:
                pass
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)

    def drain_wakeups(self):
        try:
            while os.read(self.wake_read, 512):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def reap(self):
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            request_id = self.children.pop(pid, None)
            if os.WIFSIGNALED(status):
                self.reply({"id": request_id, "signal": os.WTERMSIG(status)})
            else:
                self.reply({"id": request_id, "exit": os.waitstatus_to_exitcode(status)})

    def reply(self, message):
        data = (json.dumps(message) + "\n").encode()
        while data:
            try:
                data = data[os.write(1, data):]
            except InterruptedError:
                continue
            except OSError:  # Spool is gone; end of input follows
                return

    def stop_children_and_exit(self):
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + self.KILL_GRACE
        while self.children and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.05)
            else:
                self.children.pop(pid, None)
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        os._exit(0)


def end_with_parent(parent):
    """Asks Linux to send SIGTERM to this process when its parent (the fork server) dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        watch_parent()
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


if __name__ == "__main__":
    sys.exit(main())
