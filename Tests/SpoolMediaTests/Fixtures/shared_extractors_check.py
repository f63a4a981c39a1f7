"""Checks the fork server's shared extractor table (ytdlp_helper.py's SharedExtractors) against
yt-dlp's own path, and the helper's read-size cap; run by YtDlpHelperScriptTests as `python3 shared_extractors_check.py HELPER URL`
(URL: a media file on a loopback server). Prints one line per check; exits 1 on the first mismatch."""
import importlib.util
import sys

spec = importlib.util.spec_from_file_location("ytdlp_helper", sys.argv[1])
helper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helper)
media_url = sys.argv[2]

import yt_dlp  # noqa: E402
from yt_dlp.YoutubeDL import YoutubeDL  # noqa: E402


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        sys.exit(1)


def picked(ydl, url):
    """The extractor yt-dlp's own loop picks for url: the first whose pattern matches."""
    return next((key for key, ie in ydl._ies.items() if ie.suitable(url)), None)


options = {"quiet": True, "no_warnings": True}
helper.share_default_extractors(yt_dlp)
shared = helper.SHARED_EXTRACTORS
check(shared is not None, "the table is built")
reference = YoutubeDL(options)
check(reference._ies is not shared.table, "in the server itself YoutubeDL takes yt-dlp's own path")

urls = [
    media_url,
    "https://www.youtube.com/watch?v=BaW_jenozKc",
    "https://youtu.be/BaW_jenozKc",
    "https://www.youtube.com/playlist?list=PLwiyx1dc3P2JR9N8gQaQN_BCvlSlap7re",
    "https://vimeo.com/56015672",
    "https://example.com/some/page.html",
]
for url in urls:
    shared.prepare(["--newline", "-o", "x", "--", url])
    check(shared.hint == (url, picked(reference, url)), f"the hint for {url} is yt-dlp's pick {picked(reference, url)}: {shared.hint}")
shared.prepare(["--", media_url, "https://vimeo.com/56015672"])
check(shared.hint is None, "no hint for more than one URL")

shared.arm()  # as the fork server does in a child before its job
first = YoutubeDL(options)
check(first._ies is shared.table, "a child's first YoutubeDL uses the server's table")
check(list(first._ies) == list(reference._ies), "with the same extractors in the same order")
second = YoutubeDL(options)
check(second._ies is not shared.table and list(second._ies) == list(reference._ies), "a second YoutubeDL takes yt-dlp's own path")

shared.prepare(["--", media_url])
info = first.extract_info(media_url, download=False)
check(info.get("extractor_key") == "Generic" and info.get("ext") == "mp4", f"extraction with the hint: {info.get('extractor_key')} {info.get('ext')}")
from yt_dlp.downloader.common import FileDownloader  # noqa: E402

helper.cap_read_size()
check(FileDownloader.best_block_size(1.0, 8 << 20) == 1 << 20, "reads on a fast link are capped at 1 MiB")
check(FileDownloader.best_block_size(1.0, 2048) == 2048, "a slow link keeps yt-dlp's small reads")
print("all checks passed")
