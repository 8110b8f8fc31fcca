"""A real WordPress on 127.0.0.1: Debian's ``wordpress`` package, MariaDB, PHP's server.

Nothing system-wide is started or changed. In a work folder of its own:

- ``db/``: a MariaDB data directory (``mariadb-install-db``), served by ``mariadbd``
  on a Unix socket only (``--skip-networking``), the database created by ``--init-file``;
- ``site/``: the document root: copies of WordPress's top-level PHP files, symlinks to
  ``wp-admin`` and ``wp-includes`` in ``/usr/share/wordpress``, our own ``wp-config.php``
  (Debian's reads ``/etc/wordpress``; ours is found first, since ``wp-load.php`` looks
  beside itself) and a ``wp-content`` with the installed themes, Debian's language
  files and our must-use plugin (``mu-plugins/levant-seo.php``);
- ``php -S 127.0.0.1:PORT`` with ``php/router.php`` (pretty permalinks) and a few workers.

WordPress is installed and filled through its own PHP API (``php/install.php``,
``php/seed.php`` with ``content.plan()``); ``dump()`` reads back what its database
holds. ``python -m levant_dev.wordpress.server`` serves the site until Ctrl-C, for a look
with a browser or ``curl``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from levant_dev.wordpress.content import plan

WORDPRESS = Path("/usr/share/wordpress")
THEMES_DIR = WORDPRESS / "wp-content" / "themes"
LANGUAGES_DIR = WORDPRESS / "wp-content" / "languages"
HERE = Path(__file__).resolve().parent
PHP_DIR = HERE / "php"
SITE_TITLE = "ليفانت نيوز"
PACKAGES = "wordpress mariadb-server php-cli php-mysql php-xml php-mbstring"
_START_SECONDS = 30.0
_PHP_OPTIONS = ("-d", "display_errors=stderr", "-d", "memory_limit=256M")


def missing() -> str | None:
    """Why the real WordPress cannot run here, or None when everything is installed."""
    for binary in ("php", "mariadbd", "mariadb-install-db"):
        if shutil.which(binary) is None:
            return f"{binary} is not installed (apt-get install -y {PACKAGES})"
    if not (WORDPRESS / "wp-settings.php").is_file():
        return f"Debian's wordpress package is not installed (apt-get install -y {PACKAGES})"
    for extension, package in (("mysqli", "php-mysql"), ("simplexml", "php-xml")):
        check = f"exit(extension_loaded('{extension}') ? 0 : 1);"
        if subprocess.run(["php", "-r", check], capture_output=True).returncode != 0:
            return f"PHP has no {extension} (apt-get install -y {package})"
    return None


def installed_themes() -> set[str]:
    """Themes Debian's packages installed (wordpress-theme-*)."""
    if not THEMES_DIR.is_dir():
        return set()
    return {p.name for p in THEMES_DIR.iterdir() if (p / "style.css").is_file()}


@dataclass
class WordPress:
    workdir: Path
    docroot: Path
    base_url: str
    database: subprocess.Popen[bytes]
    web: subprocess.Popen[bytes] | None = None

    def php(self, script: str, *args: str, timeout: float = 120) -> str:
        """Run ``php/<script>`` against this site; its standard output."""
        command = ["php", *_PHP_OPTIONS, str(PHP_DIR / script), str(self.docroot), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{script} failed ({done.returncode}): {done.stderr[-2000:]}")
        return done.stdout

    def configure(self, theme: str, seo: bool) -> dict[str, Any]:
        """Switch the theme, and the SEO plugin on or off."""
        return json.loads(self.php("configure.php", theme, "1" if seo else "0"))

    def api_mode(self, mode: str) -> None:
        """Open the REST API, or close it: "disabled" (404), "forbidden" (403),
        "unauthorized" (401) (``mu-plugins/levant-api.php``)."""
        self.php("api_mode.php", mode)

    def publish(self, new: int, edited: int) -> dict[str, list[int]]:
        """Publish *new* posts and edit the *edited* most recent ones, as an editor
        does between two crawls (``php/publish.php``)."""
        return json.loads(self.php("publish.php", str(new), str(edited)))

    def dump(self) -> dict[str, Any]:
        """Every published post as WordPress's database holds it (``php/dump.php``)."""
        return json.loads(self.php("dump.php"))

    def get(self, path: str) -> str:
        """A page of the site, as text."""
        with urllib.request.urlopen(self.base_url.rstrip("/") + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        """Stop the web server and MariaDB, and delete the work folder."""
        for process in (self.web, self.database):
            if process is not None:
                _stop_group(process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_wordpress(workdir: Path, workers: int = 4) -> WordPress:
    """Start MariaDB and PHP's server in ``workdir``, install WordPress and its content.

    Call :func:`missing` first: this assumes the packages are there."""
    workdir.mkdir(parents=True, exist_ok=True)
    database, socket_path = _start_mariadb(workdir)
    wordpress = WordPress(workdir, workdir / "site", "", database)
    try:
        _docroot(wordpress.docroot)
        wordpress.web, port = _start_php(wordpress.docroot, workdir, workers)
        wordpress.base_url = f"http://127.0.0.1:{port}/"
        _write_config(wordpress.docroot, socket_path, wordpress.base_url)
        wordpress.php("install.php", SITE_TITLE)
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan(), ensure_ascii=False), "utf-8")
        image = workdir / "image.png"
        image.write_bytes(_png(64, 36))
        wordpress.php("seed.php", str(plan_file), str(image))
    except BaseException:
        wordpress.stop()
        raise
    return wordpress


# -- MariaDB --------------------------------------------------------------------------


def _start_mariadb(workdir: Path) -> tuple[subprocess.Popen[bytes], Path]:
    datadir = workdir / "db"
    socket_path = workdir / "db.sock"
    if len(str(socket_path)) > 100:
        raise RuntimeError(f"socket path too long for a Unix socket: {socket_path}")
    user = ["--user=root"] if os.geteuid() == 0 else []
    small = ["--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M"]
    install = ["mariadb-install-db", "--no-defaults", f"--datadir={datadir}", *user]
    install += ["--auth-root-authentication-method=normal", "--skip-test-db", *small]
    done = subprocess.run(install, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"mariadb-install-db failed: {done.stdout[-1000:]}{done.stderr[-1000:]}")
    init = workdir / "init.sql"
    init.write_text("CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n")
    command = [
        "mariadbd", "--no-defaults", f"--datadir={datadir}", f"--socket={socket_path}",
        "--skip-networking", f"--pid-file={workdir / 'db.pid'}",
        f"--log-error={workdir / 'db.err'}", f"--tmpdir={workdir}", f"--init-file={init}",
        "--skip-log-bin", *small, *user,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + _START_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        if socket_path.exists():
            with socket.socket(socket.AF_UNIX) as probe:
                try:
                    probe.connect(str(socket_path))
                    return process, socket_path
                except OSError:
                    pass
        time.sleep(0.05)
    _stop_group(process)
    log = (workdir / "db.err").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"mariadbd did not start: {log}")


# -- WordPress's document root and PHP's server ---------------------------------------


def _docroot(docroot: Path) -> None:
    """Our own copy of WordPress's entry points around Debian's code (see the module doc)."""
    docroot.mkdir()
    for entry in WORDPRESS.iterdir():
        if entry.name == "wp-config.php" or entry.name == "wp-content":
            continue
        if entry.is_dir():
            (docroot / entry.name).symlink_to(entry)
        else:
            shutil.copy(entry, docroot / entry.name)
    content = docroot / "wp-content"
    (content / "themes").mkdir(parents=True)
    for theme in installed_themes():
        (content / "themes" / theme).symlink_to(THEMES_DIR / theme)
    if LANGUAGES_DIR.is_dir():
        (content / "languages").symlink_to(LANGUAGES_DIR)
    (content / "plugins").mkdir()
    (content / "uploads").mkdir()
    (content / "mu-plugins").symlink_to(HERE / "mu-plugins")


def _write_config(docroot: Path, socket_path: Path, base_url: str) -> None:
    salts = "".join(
        f"define('{name}', '{os.urandom(24).hex()}');\n"
        for name in (
            "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
            "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
        )
    )  # fmt: skip
    home = base_url.rstrip("/")
    (docroot / "wp-config.php").write_text(
        "<?php\n"
        "// Written by levant_dev/wordpress/server.py for one test session.\n"
        "define('DB_NAME', 'wordpress');\n"
        "define('DB_USER', 'root');\n"
        "define('DB_PASSWORD', '');\n"
        f"define('DB_HOST', 'localhost:{socket_path}');\n"
        "define('DB_CHARSET', 'utf8mb4');\n"
        "define('DB_COLLATE', '');\n"
        f"{salts}"
        "$table_prefix = 'wp_';\n"
        f"define('WP_HOME', '{home}');\n"
        f"define('WP_SITEURL', '{home}');\n"
        "define('WP_CONTENT_DIR', __DIR__ . '/wp-content');\n"
        "define('DISABLE_WP_CRON', true);\n"
        "define('AUTOMATIC_UPDATER_DISABLED', true);\n"
        "define('WP_AUTO_UPDATE_CORE', false);\n"
        "define('WP_HTTP_BLOCK_EXTERNAL', true);\n"
        "define('WP_DEBUG', false);\n"
        "if (!defined('ABSPATH')) {\n    define('ABSPATH', __DIR__ . '/');\n}\n"
        "require_once ABSPATH . 'wp-settings.php';\n",
        "utf-8",
    )


def _start_php(docroot: Path, workdir: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """``php -S`` on a free port of 127.0.0.1; returns once it answers."""
    env = {**os.environ, "PHP_CLI_SERVER_WORKERS": str(workers)}
    options = ["-d", "display_errors=0", "-d", "log_errors=1"]
    options += ["-d", f"error_log={workdir / 'php-errors.log'}", "-d", "memory_limit=256M"]
    for _ in range(5):  # a port found free may be taken before the server binds it
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = ["php", *options, "-S", f"127.0.0.1:{port}", "-t", str(docroot)]
        with open(workdir / "php-server.log", "ab") as log:
            process = subprocess.Popen(
                [*command, str(PHP_DIR / "router.php")],
                cwd=docroot,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        probe_url = f"http://127.0.0.1:{port}/wp-includes/images/blank.gif"
        deadline = time.monotonic() + _START_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(probe_url, timeout=2):
                    return process, port
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        _stop_group(process)
    raise RuntimeError("php -S did not start on a free 127.0.0.1 port")


def _stop_group(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """SIGTERM to the process group we started (PHP's workers, mariadbd), then SIGKILL."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            process.wait()
    else:
        with contextlib.suppress(ProcessLookupError):  # the leader is gone; its workers?
            os.killpg(process.pid, signal.SIGKILL)


def _png(width: int, height: int) -> bytes:
    """A plain PNG image (one colour), for the captioned images."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes((70, 110, 140)) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    """Serve the test site until Ctrl-C or SIGTERM:
    ``python -m levant_dev.wordpress.server [THEME] [--seo]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("theme", nargs="?", default="twentytwentythree")
    parser.add_argument("--seo", action="store_true", help="the SEO plugin's head tags on")
    parser.add_argument("--samples", type=Path, help="save a post and a section page here, exit")
    options = parser.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(reason)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill PID` cleans up too
    wordpress = start_wordpress(Path(tempfile.mkdtemp(prefix="levant-wp-")))
    try:
        print(wordpress.configure(options.theme, options.seo))
        if options.samples:
            name = options.theme + ("-seo" if options.seo else "")
            save_samples(wordpress, options.samples, name)
            return
        print(f"WordPress at {wordpress.base_url} (Ctrl-C stops it)")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        wordpress.stop()


def save_samples(wordpress: WordPress, folder: Path, name: str) -> None:
    """One rendered post page and one section page of the site, as HTML files."""
    folder.mkdir(parents=True, exist_ok=True)
    posts = wordpress.dump()["posts"]
    post = next(p for p in posts if "wp:image" in p["content"] and p["links"])
    path = "/" + post["permalink"].split("/", 3)[3]
    (folder / f"{name}-post.html").write_text(wordpress.get(path), "utf-8")
    (folder / f"{name}-category.html").write_text(wordpress.get("/category/politics/"), "utf-8")


if __name__ == "__main__":
    main()
