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
"""

import json
import os
import signal
import sys
import threading
import time
import zipfile

READY_KEY = "spoolHelper"
EXIT_NO_YT_DLP = 3
EXIT_BAD_JOB = 4


def main():
    executable = sys.argv[1] if len(sys.argv) > 1 else ""
    if executable and zipfile.is_zipfile(executable):
        sys.path.insert(0, executable)  # the standalone zipapp build of yt-dlp
    try:
        import yt_dlp
    except Exception as error:  # ImportError, or anything the import raises
        print(f"ERROR: cannot import yt_dlp: {error}", file=sys.stderr, flush=True)
        return EXIT_NO_YT_DLP

    warm_up(yt_dlp)
    version = getattr(getattr(yt_dlp, "version", None), "__version__", "unknown")
    print(json.dumps({READY_KEY: "ready", "version": version}), flush=True)

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    try:
        job = json.loads(line)
        argv = job["argv"]
        if not isinstance(argv, list) or not all(isinstance(item, str) for item in argv):
            raise ValueError("argv must be a list of strings")
        cwd = job.get("cwd")
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


if __name__ == "__main__":
    sys.exit(main())
