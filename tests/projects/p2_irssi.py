#!/usr/bin/python3
"""irssi, a real terminal IRC client, against project 2.

Starts `p2-chat-server run --port 0 --irc-port 0 --quiet`, then irssi in a
pseudo-terminal (`script`), with a home directory of its own: a config
that autoconnects to our IRC port and autojoins #lobby, logs #lobby to a
file, and a small perl script that says a line once it has joined and
quits when told to.  A line-protocol client in #lobby checks every step:

  line client            server              irssi
  -----------            ------              -----
  sees "* alice joined"  <- JOIN #lobby  --  autojoin
  sees "alice: hello from irssi" <- PRIVMSG  perl: on 'channel joined'
  says "bye irssi"  ->   PRIVMSG #lobby  ->  perl: on 'message public': /quit
  sees "* alice left (Quit: done)"           exits; its log has our line

irssi paces its own commands (about 2 s apart after the first few), so
this takes ~10 s.  Exit 77 (skipped) when irssi or script is missing.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

IRSSI, SCRIPT = shutil.which("irssi"), shutil.which("script")
if IRSSI is None or SCRIPT is None:
    print("irssi or script(1) is not installed (apt-get install -y irssi bsdutils): skipped")
    sys.exit(77)

DEADLINE = time.monotonic() + 40


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


CONFIG = """servers = ( { address = "127.0.0.1"; chatnet = "p2"; port = "%d"; autoconnect = "yes"; } );
chatnets = { p2 = { type = "IRC"; }; };
channels = ( { name = "#lobby"; chatnet = "p2"; autojoin = "yes"; } );
settings = {
  core = { real_name = "Alice"; user_name = "alice"; nick = "alice"; settings_autosave = "no"; };
  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/logs/$0.log"; };
};
"""

PERL = """use strict;
use Irssi;
Irssi::signal_add('channel joined', sub {
    my ($chan) = @_;
    $chan->{server}->command('msg #lobby hello from irssi') if $chan->{name} eq '#lobby';
});
Irssi::signal_add('message public', sub {
    my ($server, $msg, $nick, $address, $target) = @_;
    $server->command('quit done') if $msg eq 'bye irssi';
});
"""

server = subprocess.Popen([sys.argv[1], "run", "--port", "0", "--irc-port", "0", "--quiet"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ports = {}
while len(ports) < 2:
    line = server.stdout.readline()
    if not line:
        fail("the server printed no listener lines")
    name, _, addr = line.partition(" listening on ")
    ports[name.strip()] = int(addr.rsplit(":", 1)[1])

home = tempfile.mkdtemp(prefix="p2-irssi-")
os.makedirs(os.path.join(home, "scripts", "autorun"))
with open(os.path.join(home, "config"), "w") as f:
    f.write(CONFIG % (ports["irc"], home))
with open(os.path.join(home, "scripts", "autorun", "p2.pl"), "w") as f:
    f.write(PERL)
with open(os.path.join(home, "startup"), "w") as f:
    f.write("/load perl\n")

line = socket.create_connection(("127.0.0.1", ports["line chat"]))
line.settimeout(0.2)
got = b""


def expect(text):
    """Read the line client until `text` arrives (bounded by DEADLINE)."""
    global got
    while text.encode() not in got:
        if time.monotonic() > DEADLINE:
            fail("the line client never saw %r; it saw:\n%s" % (text, got.decode(errors="replace")))
        try:
            data = line.recv(4096)
        except socket.timeout:
            continue
        if not data:
            fail("the server closed the line client")
        got += data


expect("* welcome, you are user-1")
env = dict(os.environ, TERM="xterm", HOME=home)
# script(1) gives irssi a terminal; its stdin stays open (a pipe we never write)
irssi = subprocess.Popen([SCRIPT, "-qfc", "%s --home=%s" % (IRSSI, home), "/dev/null"], env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    expect("* alice joined")
    expect("alice: hello from irssi")
    line.sendall(b"bye irssi\n")
    expect("* alice left (Quit: done)")
    try:
        irssi.wait(timeout=max(1, DEADLINE - time.monotonic()))
    except subprocess.TimeoutExpired:
        fail("irssi did not exit after /quit")
finally:
    if irssi.poll() is None:
        irssi.kill()
        irssi.wait()

log = open(os.path.join(home, "logs", "#lobby.log"), errors="replace").read()
if "< user-1> bye irssi" not in log:
    fail("irssi's log of #lobby lacks our line:\n" + log)
line.close()
server.send_signal(signal.SIGTERM)
try:
    out, err = server.communicate(timeout=10)
except subprocess.TimeoutExpired:
    server.kill()
    fail("the server did not stop on SIGTERM")
shutil.rmtree(home, ignore_errors=True)
if server.returncode != 0 or "summary:" not in err:
    fail("the server exited %d; stderr:\n%s" % (server.returncode, err))
print("PASS: irssi registered, joined #lobby, talked with a line client and quit; irssi's log:")
print(log)
