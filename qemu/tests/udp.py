#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""UDP traffic for the emulated XL710's guest tests (qemu/tests/guest.sh).

  udp.py echo PORT               answer every datagram with its own bytes
  udp.py sink PORT FILE          count datagrams into FILE until killed
  udp.py check HOST PORT SIZE..  one datagram of each payload SIZE, each
                                 answered with exactly its bytes (exit 1
                                 with the first that is not)
  udp.py send HOST PORT N SIZE [SPORT|P1,P2,..]
                                 N datagrams of SIZE bytes, from N source
                                 ports from SPORT up (N flows), from the
                                 ports listed or, without SPORT, from one
  udp.py stream HOST PORT        a datagram a millisecond until killed
  udp.py rss SRC DST PORT N SPORT [sd]
                                 with `ethtool -x` on stdin: a line per
                                 queue, the source ports (P1,P2,.. or -)
                                 of those of the N flows of `send` that
                                 Toeplitz over that key, then that table,
                                 puts there; with sd, Toeplitz over the
                                 addresses only (`ethtool -N rx-flow-hash
                                 udp4 sd`)

Payloads are a pattern that depends on the size and a sequence number, so
that a frame truncated, padded or mixed up with another is seen.
"""
import re
import signal
import socket
import sys
import time


def payload(size, seq):
    head = b"%08d:%05d:" % (seq, size)
    body = bytes((seq * 7 + i) & 0xFF for i in range(max(size - len(head), 0)))
    return (head + body)[:size]


def echo(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    while True:
        data, peer = s.recvfrom(65536)
        s.sendto(data, peer)


def sink(port, path):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    n = 0

    def done(*_):
        with open(path, "w") as f:
            f.write("%d\n" % n)
        sys.exit(0)

    signal.signal(signal.SIGTERM, done)
    with open(path, "w") as f:
        f.write("0\n")
    print("ready", flush=True)
    while True:
        s.recvfrom(65536)
        n += 1


def check(host, port, sizes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    for seq, size in enumerate(sizes):
        want = payload(size, seq)
        got = None
        for attempt in range(5):
            s.sendto(want, (host, port))
            try:
                # A late answer to an earlier datagram (or to an earlier
                # try of this one) is not this one's.
                while True:
                    got = s.recv(65536)
                    if got[:15] == want[:15]:
                        break
            except socket.timeout:
                continue
            break
        else:
            print("# %d-byte payload: no answer in 5 tries" % size)
            return 1
        if got != want:
            print("# %d-byte payload: answered %d bytes that differ"
                  % (size, len(got)))
            return 1
    return 0


def send(host, port, n, size, sports):
    one = None
    if sports is None:
        one = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(n):
        s = one
        if s is None:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", sports[seq]))
        s.sendto(payload(size, seq), (host, port))
        if one is None:
            s.close()
        # Under TCG the receiver is slow: do not outrun its ring.
        time.sleep(0.002)
    return 0


def stream(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    seq = 0
    while True:
        try:
            s.sendto(payload(100, seq), (host, port))
        except OSError:
            pass  # the link is down for a moment: that is the point
        seq += 1
        time.sleep(0.001)


def toeplitz(key, data):
    k, kbits, h = int.from_bytes(key, "big"), len(key) * 8, 0
    for i in range(len(data) * 8):
        if data[i // 8] >> (7 - i % 8) & 1:
            h ^= (k >> (kbits - 32 - i)) & 0xFFFFFFFF
    return h


def tuple4(src, dst, sport, dport):
    return (socket.inet_aton(src) + socket.inet_aton(dst) +
            sport.to_bytes(2, "big") + dport.to_bytes(2, "big"))


# Microsoft's RSS verification vector: the oracle is checked before use.
MS_KEY = bytes.fromhex("6d5a56da255b0ec24167253d43a38fb0d0ca2bcb"
                       "ae7b30b477cb2da38030f20c6a42b73bbeac01fa")
MS_HASH = toeplitz(MS_KEY, tuple4("66.9.149.187", "161.142.100.80",
                                  2794, 1766))


def rss(src, dst, port, n, sport, fields, text):
    if MS_HASH != 0x51CCC178:
        print("# toeplitz() is wrong: %#x" % MS_HASH)
        return 2
    table, key, in_key = [], "", False
    for line in text.splitlines():
        if line.startswith("RSS hash key:"):
            in_key = True
        elif line.startswith("RSS hash function"):
            in_key = False
        elif in_key:
            key += line.strip().replace(":", "")
        elif re.match(r"\s+\d+:", line):
            table += [int(q) for q in line.split(":")[1].split()]
    if not table or len(key) < 32:
        print("# no table or key in the ethtool -x text")
        return 2
    ports = [[] for q in range(max(table) + 1)]
    for p in range(sport, sport + n):
        data = tuple4(src, dst, p, port)
        if fields == "sd":
            data = data[:8]
        h = toeplitz(bytes.fromhex(key), data)
        ports[table[h % len(table)]].append(str(p))
    for q in ports:
        print(",".join(q) or "-")
    return 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "echo":
        echo(int(args[0]))
    elif cmd == "sink":
        sink(int(args[0]), args[1])
    elif cmd == "check":
        return check(args[0], int(args[1]), [int(a) for a in args[2:]])
    elif cmd == "send":
        n, sports = int(args[2]), None
        if len(args) > 4 and "," in args[4]:
            sports = [int(p) for p in args[4].split(",")]
        elif len(args) > 4:
            sports = range(int(args[4]), int(args[4]) + n)
        return send(args[0], int(args[1]), n, int(args[3]), sports)
    elif cmd == "stream":
        stream(args[0], int(args[1]))
    elif cmd == "rss":
        return rss(args[0], args[1], int(args[2]), int(args[3]),
                   int(args[4]), args[5] if len(args) > 5 else "sdfn",
                   sys.stdin.read())
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
