"""What the benchmark and load commands share: paths, servers, nginx, waiting.

Imported by bench/run.py and bench/load.py (run as scripts) and by the tests of
the nginx recipe, as ``bench.servers``.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
# The request limits production runs with (deploy/gunicorn.conf.py).
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(args, work=WORK):
    """Return the environment of a production-mode server on plain-HTTP localhost."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": args.database_url,
        "VAR_DIR": str(work / "var"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        # Production settings over plain HTTP on localhost: no HTTPS redirect.
        "FORCE_HTTPS": "0",
    }


def manage(env, *command, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def reset_database(url):
    """Drop and re-create the database at URL: only one named for benchmarks."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    if not any(word in name for word in ("bench", "load")):
        sys.exit(
            f"refusing to wipe {name!r}: the benchmark database's name must contain "
            "'bench' or 'load' (see --database-url)"
        )
    if url.startswith("sqlite"):
        Path(url.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def ensure_tools():
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing and os.geteuid() == 0:
        log(f"installing {', '.join(missing)} with apt-get")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    elif missing:
        sys.exit(
            f"bench needs {', '.join(missing)} (apt-get install {' '.join(missing)})"
        )


class Servers:
    """The processes under test; all are stopped when the run ends."""

    def __init__(self):
        self.procs = []

    def gunicorn(self, env, workers, **extra_env):
        port = free_port()
        proc = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "cms.wsgi", "-c", str(GUNICORN_CONFIG),
                "-b", f"127.0.0.1:{port}",
                "-w", str(workers), "--worker-class", "sync", "--backlog", "2048",
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env={**env, **extra_env},
        )  # fmt: skip
        self.procs.append(proc)
        return port, proc

    def nginx(self, conf):
        proc = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def nginx_config(static_port, front_port, upstream_port, static_root, work=WORK):
    """Return an nginx.conf: the static limit, and deploy/nginx/vetted.conf in front.

    Its cache, temporary files, pid and error log go under WORK.
    """
    site = (ROOT / "deploy" / "nginx" / "vetted.conf").read_text()
    for placeholder, value in {
        "__CACHE_DIR__": str(work / "nginx-cache"),
        "__UPSTREAM__": f"127.0.0.1:{upstream_port}",
        "__LISTEN__": f"127.0.0.1:{front_port}",
        "__STATIC_ROOT__": str(work / "var" / "static"),
        "__MEDIA_ROOT__": str(work / "var" / "media"),
        # Measure the server, not the disk.
        "access_log /var/log/nginx/vetted.access.log vetted_private;": (
            "access_log off;"
        ),
    }.items():
        site = site.replace(placeholder, value)
    temp = work / "nginx-temp"
    return f"""
worker_processes 2;
pid {work / "nginx.pid"};
error_log {work / "nginx-error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    keepalive_requests 100000;
    # As in Debian's stock nginx.conf, which a deployment of the recipe would use.
    sendfile on;
    tcp_nopush on;
    default_type text/html;
    server {{
        listen 127.0.0.1:{static_port};
        location / {{ root {static_root}; }}
    }}
{site}
}}
"""
