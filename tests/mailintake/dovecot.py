"""A real IMAP server for the mail-intake tests: Debian's Dovecot, started as an ordinary process with
a generated configuration in a temporary folder (loopback only, a free port, plain login against a
passwd-file, maildir in that folder). Never the system's service, never port 143 or 993.

Installed with `make imap-deps` (apt-get install dovecot-imapd), which `.ci/run` and `make test` run."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "test-imap-wachtwoord"
USERS = [f"loket{i}" for i in range(200)]  # one mailbox per test: a fresh, empty maildir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def available() -> bool:
    return os.path.exists(DOVECOT)


class Dovecot:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="loket-dovecot-"))
        self.process: subprocess.Popen | None = None
        self._next_user = 0

    def _config(self) -> str:
        me = pwd.getpwuid(os.getuid())
        if os.getuid() == 0:  # Dovecot never runs mail processes as root: its own unprivileged users
            internal, login = "dovecot", "dovenull"
            mail_user = pwd.getpwnam("dovecot")
        else:
            internal = login = me.pw_name
            mail_user = me
        os.chmod(self.dir, 0o755)  # noqa: S103 (Dovecot's own users read the passwd-file, write the maildirs)
        mail_dir = self.dir / "mail"
        mail_dir.mkdir(exist_ok=True)
        os.chown(mail_dir, mail_user.pw_uid, mail_user.pw_gid)
        (self.dir / "passwd").write_text(
            "".join(
                f"{user}:{{PLAIN}}{PASSWORD}:{mail_user.pw_uid}:{mail_user.pw_gid}::{mail_dir}/{user}::\n"
                for user in USERS
            )
        )
        return f"""
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.dir}/dovecot.log
info_log_path = {self.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {min(mail_user.pw_uid, 100)}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {self.dir}/passwd
}}
userdb {{
  driver = passwd-file
  args = {self.dir}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

    def start(self) -> None:
        conf = self.dir / "dovecot.conf"
        conf.write_text(self._config())
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace")
                raise RuntimeError(f"Dovecot stopte: {error} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Dovecot kwam niet op: {self.log()}")

    def log(self) -> str:
        path = self.dir / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def new_user(self) -> str:
        user = USERS[self._next_user % len(USERS)]
        self._next_user += 1
        return user

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)
