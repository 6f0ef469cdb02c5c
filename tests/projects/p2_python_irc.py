#!/usr/bin/python3
"""A real IRC client library (python3-irc, Debian's) against project 2.

Starts `p2-chat-server run --port 0 --irc-port 0`, reads the ports it
prints, connects two python3-irc clients and one line-protocol client,
and checks that they register, join, and see each other's messages.
SIGTERM at the end: the server must exit 0 with its summary.
Exit 77 (skipped) when python3-irc is not installed.
"""
import signal
import socket
import subprocess
import sys
import time

try:
    import irc.client
except ImportError:
    print("python3-irc is not installed (apt-get install -y python3-irc): skipped")
    sys.exit(77)

DEADLINE = time.monotonic() + 20


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


server = subprocess.Popen([sys.argv[1], "run", "--port", "0", "--irc-port", "0", "--quiet"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ports = {}
while len(ports) < 2:
    line = server.stdout.readline()
    if not line:
        fail("the server printed no listener lines")
    name, _, addr = line.partition(" listening on ")
    ports[name.strip()] = int(addr.rsplit(":", 1)[1])

seen = {"alice": [], "bob": []}
welcomed = set()
joined = set()
reactor = (getattr(irc.client, "Reactor", None) or irc.client.IRC)()  # IRC: python3-irc before 11


def on_welcome(conn, event):
    welcomed.add(conn.get_nickname())
    conn.join("#room")
    conn.join("#lobby")


def on_join(conn, event):
    if irc.client.NickMask(event.source).nick == conn.get_nickname():
        joined.add((conn.get_nickname(), event.target))


def on_pubmsg(conn, event):
    seen[conn.get_nickname()].append((irc.client.NickMask(event.source).nick, event.target, event.arguments[0]))


def on_privmsg(conn, event):
    seen[conn.get_nickname()].append((irc.client.NickMask(event.source).nick, "private", event.arguments[0]))


for kind, fn in (("welcome", on_welcome), ("join", on_join), ("pubmsg", on_pubmsg), ("privmsg", on_privmsg)):
    reactor.add_global_handler(kind, fn)

alice = reactor.server().connect("127.0.0.1", ports["irc"], "alice", ircname="Alice A")
bob = reactor.server().connect("127.0.0.1", ports["irc"], "bob", ircname="Bob B")


def pump_until(cond, what):
    while not cond():
        if time.monotonic() > DEADLINE:
            fail("timed out waiting for " + what)
        reactor.process_once(0.05)


pump_until(lambda: len(joined) == 4, "both clients to register and join #room and #lobby")
print("PASS  both python3-irc clients registered (001) and joined #room and #lobby")

line = socket.create_connection(("127.0.0.1", ports["line chat"]), timeout=5)
line_buf = b""


def line_until(text):
    global line_buf
    while text.encode() not in line_buf:
        if time.monotonic() > DEADLINE:
            fail("the line client never saw " + repr(text))
        reactor.process_once(0)
        line.settimeout(0.05)
        try:
            line_buf += line.recv(4096)
        except socket.timeout:
            pass


alice.privmsg("#room", "hello bob")
bob.privmsg("alice", "hello alice, privately")
pump_until(lambda: ("alice", "#room", "hello bob") in seen["bob"], "bob to see alice's channel message")
pump_until(lambda: ("bob", "private", "hello alice, privately") in seen["alice"], "alice to see bob's private message")
print("PASS  a channel message and a private message arrived, sender and target intact")

line_until("* welcome, you are user-1")
line.sendall(b"hi from nc\n")
pump_until(lambda: ("user-1", "#lobby", "hi from nc") in seen["alice"], "the line user's message in #lobby")
alice.privmsg("#lobby", "hi line user")
line_until("alice: hi line user")
print("PASS  the line user and the IRC users talk in #lobby")

alice.quit("done")
bob.quit("done")
line.close()
reactor.process_once(0.1)
server.send_signal(signal.SIGTERM)
try:
    out, err = server.communicate(timeout=10)
except subprocess.TimeoutExpired:
    server.kill()
    fail("the server did not stop on SIGTERM")
if server.returncode != 0 or "summary:" not in err:
    fail("the server exited %d without its summary:\n%s" % (server.returncode, err))
print("PASS  SIGTERM: the server exited 0 with its summary")
