#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side unit test of the emulated XL710 against bad guest input.

Runs the built QEMU under the qtest accelerator (no guest code at all),
maps BAR0 by hand and drives the device's registers, admin queue, HMC and
rings with indices, lengths and DMA addresses a buggy or hostile driver
could give.  Every case checks the device's answer (an admin-queue error
code, a status bit that stays clear) and that QEMU is still alive.

    qemu/tests/xl710-qtest.py QEMU_BINARY
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

BAR0 = 0xE0000000
BAR0_SIZE = 0x800000
DEV = 4                              # PCI slot on bus 0
RAM = 0x00100000                     # guest RAM used for descriptors

ATQBAL, ATQBAH, ATQLEN, ATQH, ATQT = (0x80000, 0x80100, 0x80200,
                                      0x80300, 0x80400)
GLNVM_SRCTL, GLNVM_SRDATA = 0xB6110, 0xB6114
PFHMC_SDCMD, PFHMC_SDDATALOW, PFHMC_SDDATAHIGH = 0xC0000, 0xC0100, 0xC0200
GLHMC_LANTXBASE, GLHMC_LANTXCNT = 0xC6200, 0xC6300
GLHMC_LANRXBASE, GLHMC_LANRXCNT = 0xC6400, 0xC6500
QTX_ENA, QTX_TAIL, QRX_ENA, QRX_TAIL = 0x100000, 0x108000, 0x120000, 0x128000
QTX_HEAD = 0xE4000
ICR0 = 0x38780
PCI_INTERRUPT_LINE = 0x3C            # and PCI_INTERRUPT_PIN, 0x3D
PFGEN_CTRL, GLGEN_RTRIG = 0x92400, 0xB8190
GLPRT_UPRCL, GLPRT_UPTCL = 0x3005A0, 0x3009C0
PFQF_CTL_1, PFQF_FDSTAT, PFQF_HENA0 = 0x245D80, 0x246380, 0x245900
PFINT_ICR0_ENA = 0x38800
FD_DTYPE, FD_PCMD_ADD, FD_DEST_QINDEX = 0x8, 1 << 4, 1 << 7
FD_PCMD_REMOVE = 2 << 4
GL_MDET_TX, PF_MDET_TX, ICR0_MAL_DETECT = 0xE6480, 0xE6400, 1 << 19


class QTest:
    """QEMU under qtest with PORTS XL710s on hub 0: port i at PCI slot
    DEV + i, BAR0 at BAR0 + i * 8 MB, MAC 52:54:00:71:00:0i; with qmp, a
    QMP socket as well (stop/cont, link changes)."""

    def __init__(self, qemu, ports=1, qmp=False):
        # -qtest-log: not to the stderr pipe, which would fill and stall
        args = [qemu, '-machine', 'q35', '-accel', 'qtest', '-qtest', 'stdio',
                '-qtest-log', '/dev/null',
                '-display', 'none', '-nodefaults', '-m', '64M',
                '-L', '/usr/share/seabios', '-L', '/usr/share/qemu']
        for i in range(ports):
            args += ['-netdev', 'hubport,id=n%d,hubid=0' % i,
                     '-device', 'xl710,netdev=n%d,addr=%d,mac=%s' %
                     (i, DEV + i, mac_str(i))]
        self.qmp = None
        if qmp:
            self.qmp_dir = tempfile.mkdtemp()
            self.qmp_path = os.path.join(self.qmp_dir, 'qmp')
            args += ['-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        for i in range(ports):
            self.cfg_w(0x10, BAR0 + i * BAR0_SIZE, dev=DEV + i)
            self.cfg_w(0x14, 0, dev=DEV + i)
            self.cfg_w(0x04, 0x6, size=2, dev=DEV + i)  # memory, bus master
        if qmp:
            self.qmp = socket.socket(socket.AF_UNIX)
            self.qmp.connect(self.qmp_path)
            self.qmp_f = self.qmp.makefile('rw')
            self.qmp_f.readline()                       # greeting
            self.qmp_cmd('qmp_capabilities')

    def qmp_cmd(self, name, **args):
        self.qmp_f.write(json.dumps({'execute': name, 'arguments': args}) +
                         '\n')
        self.qmp_f.flush()
        while True:
            r = json.loads(self.qmp_f.readline())
            if 'return' in r:
                return r['return']
            if 'error' in r:
                raise RuntimeError('%s: %s' % (name, r['error']))

    def cmds(self, lines):
        """Send LINES in one write: QEMU runs them all in one go, with no
        main-loop iteration (timers, bottom halves) in between."""
        self.p.stdin.write(''.join(line + '\n' for line in lines))
        self.p.stdin.flush()
        out = []
        while len(out) < len(lines):
            r = self.p.stdout.readline()
            if not r:
                raise RuntimeError('QEMU died on: ' + ' / '.join(lines) +
                                   '\n' + self.p.stderr.read())
            if not (r.startswith('OK') or r.startswith('FAIL') or
                    r.startswith('ERR')):
                continue
            if not r.startswith('OK'):
                raise RuntimeError(lines[len(out)] + ': ' + r)
            out.append(r.split()[1] if len(r.split()) > 1 else None)
        return out

    def cmd(self, line):
        return self.cmds([line])[0]

    def cfg_addr(self, reg, dev):
        self.cmd('outl 0xcf8 0x%x' % (0x80000000 | dev << 11 | (reg & ~3)))

    def cfg_w(self, reg, val, size=4, dev=DEV):
        self.cfg_addr(reg, dev)
        if size == 4:
            self.cmd('outl 0xcfc 0x%x' % val)
        else:
            self.cmd('outw 0x%x 0x%x' % (0xcfc + (reg & 2), val))

    def cfg_r(self, reg, dev=DEV):
        self.cfg_addr(reg, dev)
        return int(self.cmd('inl 0xcfc'), 16)

    def w(self, off, val, port=0):
        self.cmd('writel 0x%x 0x%x' % (BAR0 + port * BAR0_SIZE + off, val))

    def r(self, off, port=0):
        return int(self.cmd('readl 0x%x' % (BAR0 + port * BAR0_SIZE + off)),
                   16)

    def mem_w(self, addr, data):
        self.cmd('write 0x%x 0x%x 0x%s' % (addr, len(data), data.hex()))

    def mem_r(self, addr, n):
        return bytes.fromhex(self.cmd('read 0x%x 0x%x' % (addr, n))[2:])

    def close(self):
        if self.qmp:
            self.qmp.close()
            shutil.rmtree(self.qmp_dir)
        self.p.stdin.close()
        self.p.terminate()
        self.p.wait(timeout=10)


def mac_str(port):
    return '52:54:00:71:00:%02x' % port


class Port:
    """One XL710 of a QTest, brought up the way i40e does it, on guest RAM
    from MEM on: the admin queue, one direct HMC segment with TX contexts
    for queues 0-3 and RX contexts after them, rings."""

    def __init__(self, q, port, mem):
        self.q, self.port, self.mem = q, port, mem
        self.sd = mem + 0x200000

    def atq(self, ring):
        """An ATQ of 8 entries at RING; returns the function that sends a
        command and answers (flags, retval, datalen, descriptor)."""
        self.w(ATQH, 0)
        self.w(ATQT, 0)
        self.w(ATQBAL, ring)
        self.w(ATQBAH, 0)
        self.w(ATQLEN, 8 | 1 << 31)
        slot = [0]

        def aq(d):
            i = slot[0]
            self.q.mem_w(ring + 32 * i, d)
            slot[0] = (i + 1) % 8
            self.w(ATQT, slot[0])
            wb = self.q.mem_r(ring + 32 * i, 32)
            flags, _, dlen, ret = struct.unpack('<HHHH', wb[:8])
            return flags, ret, dlen, wb
        return aq

    def w(self, off, val):
        self.q.w(off, val, self.port)

    def r(self, off):
        return self.q.r(off, self.port)

    def hmc(self):
        """HMC segment 0 and the LAN object bases (again after a reset)."""
        self.w(PFHMC_SDDATALOW, self.sd | 3)
        self.w(PFHMC_SDDATAHIGH, 0)
        self.w(PFHMC_SDCMD, 1 << 31 | 0)
        self.w(GLHMC_LANTXBASE, 0)
        self.w(GLHMC_LANTXCNT, 4)
        self.w(GLHMC_LANRXBASE, 1)              # 512 bytes in
        self.w(GLHMC_LANRXCNT, 4)

    def txq(self, qi, ring, qlen=64):
        ctx = (ring // 128) << 32 | qlen << 161
        self.q.mem_w(self.sd + 128 * qi, ctx.to_bytes(128, 'little'))
        self.w(QTX_ENA + 4 * qi, 1)
        self.tx = {'q': qi, 'ring': ring, 'qlen': qlen, 'tail': 0}

    def tx_post(self, descs, write_tail=True):
        """Put (qw0, qw1) descriptors on the TX ring and move its tail."""
        t = self.tx
        for qw0, qw1 in descs:
            self.q.mem_w(t['ring'] + 16 * t['tail'],
                         struct.pack('<QQ', qw0, qw1))
            t['tail'] = (t['tail'] + 1) % t['qlen']
        if write_tail:
            self.w(QTX_TAIL + 4 * t['q'], t['tail'])

    def tx_frame(self, frame, buf):
        """One frame in one data descriptor (EOP, RS)."""
        self.q.mem_w(buf, frame)
        self.tx_post([tx_data(buf, len(frame), TXCMD_EOP | TXCMD_RS)])

    def rxq(self, qi, ring, bufs, qlen=8, dbuff=2048):
        """RX queue qi with 32-byte descriptors, qlen - 1 buffers posted."""
        for i in range(qlen):
            self.q.mem_w(ring + 32 * i,
                         struct.pack('<QQQQ', bufs + dbuff * i, 0, 0, 0))
        ctx = (ring // 128) << 32 | qlen << 89 | (dbuff // 128) << 102 | \
            1 << 116
        self.q.mem_w(self.sd + 512 + 32 * qi, ctx.to_bytes(32, 'little'))
        self.w(QRX_ENA + 4 * qi, 1)
        self.w(QRX_TAIL + 4 * qi, qlen - 1)

    def rx_done(self, ring, i):
        """Whether RX descriptor i was written back (DD)."""
        return struct.unpack('<Q', self.q.mem_r(ring + 32 * i + 8, 8))[0] & 1


TXCMD_EOP, TXCMD_RS, TXCMD_DUMMY, TXCMD_L4T_TCP = 0x1, 0x2, 0x10, 0x100
TXCMD_IIPT_V4CS = 0x60


def tx_data(addr, size, cmd, off=0):
    return addr, cmd << 4 | off << 16 | size << 34


def tx_tso_ctx(tso_len, mss):
    return 0, 1 | 1 << 4 | tso_len << 30 | mss << 50


def udp_frame(dst_port, src_port, payload=b'x' * 18):
    """IPv4 UDP from port src_port's MAC to port dst_port's MAC."""
    def mac(p):
        return bytes.fromhex(mac_str(p).replace(':', ''))

    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 28 + len(payload), 0, 0, 64,
                     17, 0, bytes([10, 0, 0, src_port + 1]),
                     bytes([10, 0, 0, dst_port + 1]))
    udp = struct.pack('>HHHH', 5000, 9000, 8 + len(payload), 0)
    return mac(dst_port) + mac(src_port) + b'\x08\x00' + ip + udp + payload


def desc(opcode, flags=0, datalen=0, params=b''):
    return struct.pack('<HHHHII', flags, opcode, datalen, 0, 0, 0) + \
        params.ljust(16, b'\0')


failed = 0
cases = 0


def check(name, ok):
    """One TAP line (make check counts them), named xl710-qtest: NAME."""
    global failed, cases
    cases += 1
    print('%sok %d xl710-qtest: %s' % ('' if ok else 'not ', cases, name),
          flush=True)
    if not ok:
        failed += 1


def bad_input(qemu):
    q = QTest(qemu)

    # admin queue: 8 entries at RAM
    aq = Port(q, 0, RAM).atq(RAM)

    f, ret, _, wb = aq(desc(0x0001))
    check('get_version answers API 1.15',
          ret == 0 and f & 1 and struct.unpack('<HH', wb[28:32]) == (1, 15))

    f, ret, _, _ = aq(desc(0x7777))
    check('unknown opcode gets ENOSYS (17) with ERR', ret == 17 and f & 4)

    buf = RAM + 0x10000
    p = struct.pack('<II', 0, 0) + struct.pack('>II', 0, 0)
    p = struct.pack('<IIII', 0, 0, 0, buf)
    f, ret, _, _ = aq(desc(0x000A, 0x1000 | 0x200, 0xFFFF, p))
    check('indirect buffer longer than 4 KB gets E2BIG (7)', ret == 7)

    p = struct.pack('<IIII', 0, 0, 0xFF, 0xF0000000)
    f, ret, _, _ = aq(desc(0x000A, 0x1000, 1024, p))
    check('buffer outside guest RAM gets BAD_ADDR (20)', ret == 20)

    p = struct.pack('<BBHIII', 0, 0, 4096, 8000, 0, buf)
    f, ret, _, _ = aq(desc(0x0701, 0x1000, 4096, p))
    check('NVM read beyond the shadow RAM gets EINVAL (14)', ret == 14)

    p = struct.pack('<BBHIII', 0, 0, 64, 0, 0, buf)
    f, ret, _, _ = aq(desc(0x0701, 0x1000, 16, p))
    check('NVM read longer than its buffer gets EINVAL (14)', ret == 14)

    p = struct.pack('<IIII', 0, 0x7FFFFFF0, 0, 0)
    f, ret, _, _ = aq(desc(0xFF03, 0, 0, p))
    check('debug register read beyond BAR0 gets EINVAL (14)', ret == 14)

    p = struct.pack('<IIII', 0, PFINT_ICR0_ENA, 0, 0x1234)
    f, ret, _, _ = aq(desc(0x0207, 0, 0, p))
    check('RX control write to a non-RX-control register gets EPERM (1)',
          ret == 1 and q.r(PFINT_ICR0_ENA) == 0)
    p = struct.pack('<IIII', 0, PFINT_ICR0_ENA, 0, 0)
    f, ret, _, _ = aq(desc(0x0206, 0, 0, p))
    check('RX control read of a non-RX-control register gets EPERM (1)',
          ret == 1)
    p = struct.pack('<IIII', 0, PFQF_HENA0, 0, 0x1234)
    f, ret, _, _ = aq(desc(0x0207, 0, 0, p))
    check('RX control write to PFQF_HENA(0) is done',
          ret == 0 and q.r(PFQF_HENA0) == 0x1234)

    p = struct.pack('<HHI', 0, 0x8000 | 999, 0) + struct.pack('<II', 0, buf)
    f, ret, _, _ = aq(desc(0x0250, 0x1000 | 0x400, 16, p))
    check('MAC filter on a VSI that does not exist gets ENOENT (2)',
          ret == 2)

    p = struct.pack('<HHI', 300, 0x8000 | 390, 0) + struct.pack('<II', 0, buf)
    f, ret, _, _ = aq(desc(0x0250, 0x1000 | 0x400, 16, p))
    check('MAC filter count beyond the buffer gets EINVAL (14)', ret == 14)

    f, ret, _, _ = aq(desc(0x0210, 0x1000 | 0x400, 16,
                           struct.pack('<HBBBBHII', 2, 1, 0, 0, 0, 2, 0,
                                       buf)))
    check('add VSI with a short buffer gets EINVAL (14)', ret == 14)

    # ATQ tail beyond the ring length: critical error, nothing processed
    q.w(ATQT, 200)
    check('ATQ tail beyond its length sets ATQCRIT',
          q.r(ATQLEN) & (1 << 30) != 0)
    q.w(ATQLEN, 8 | 1 << 31 | 1 << 30)   # clear CRIT (write 1)

    # ATQ base outside guest RAM
    q.w(ATQH, 0)
    q.w(ATQBAL, 0)
    q.w(ATQBAH, 0xFF)
    q.w(ATQLEN, 8 | 1 << 31)
    q.w(ATQT, 1)
    check('ATQ ring outside guest RAM sets ATQCRIT',
          q.r(ATQLEN) & (1 << 30) != 0)

    # shadow RAM through SRCTL, out of range
    q.w(GLNVM_SRCTL, 0x7000 << 14 | 1 << 30)
    check('SRCTL read beyond the shadow RAM completes with 0xFFFF',
          q.r(GLNVM_SRCTL) & (1 << 31) and q.r(GLNVM_SRDATA) >> 16 == 0xFFFF)

    # HMC: a segment descriptor index out of range raises an HMC error
    q.w(0x38800, 1 << 26)                # ICR0_ENA: HMC error
    q.w(PFHMC_SDDATALOW, 0x200000 | 3)
    q.w(PFHMC_SDDATAHIGH, 0)
    q.w(PFHMC_SDCMD, 1 << 31 | 0xFFF)
    check('SD index out of range reports an HMC error',
          q.r(ICR0) & (1 << 26) != 0)

    # queues enabled with no HMC backing stay disabled
    q.w(QRX_ENA, 1)
    q.w(QTX_ENA, 1)
    check('RX/TX queue enable with no context: QENA_STAT stays 0',
          q.r(QRX_ENA) & 4 == 0 and q.r(QTX_ENA) & 4 == 0)

    # a direct SD at 2M, with contexts pointing outside guest RAM
    port = Port(q, 0, 0)
    port.hmc()
    sd = port.sd
    # TX context: base 0xFF00000000 (in 128-byte units), qlen 64, head 0
    tx = (0xFF00000000 // 128) << 32 | 64 << 161
    q.mem_w(sd, tx.to_bytes(128, 'little'))
    q.w(QTX_ENA, 1)
    check('TX context outside guest RAM enables (the driver said so)',
          q.r(QTX_ENA) & 4 != 0)
    q.w(QTX_TAIL, 5)
    check('TX descriptors outside guest RAM disable the queue, no crash',
          q.r(QTX_ENA) & 4 == 0)
    q.w(QTX_TAIL + 4 * 63, 1)
    q.w(QTX_TAIL + 4 * 1000, 1)
    check('tail writes to queues the PF does not have are ignored', True)

    # TX context with a bad length
    tx = (RAM // 128) << 32 | 0 << 161
    q.mem_w(sd + 128, tx.to_bytes(128, 'little'))
    q.w(QTX_ENA + 4, 1)
    check('TX context with qlen 0 does not enable', q.r(QTX_ENA + 4) & 4 == 0)

    # RX context with dbuff 0
    rx = (RAM // 128) << 32 | 64 << 89
    q.mem_w(sd + 512, rx.to_bytes(32, 'little'))
    q.w(QRX_ENA, 1)
    check('RX context with a zero buffer size does not enable',
          q.r(QRX_ENA) & 4 == 0)

    # an RX queue whose tail is beyond its length
    rx = (RAM // 128) << 32 | 64 << 89 | 16 << 102 | 1 << 116
    q.mem_w(sd + 512 + 32, rx.to_bytes(32, 'little'))
    q.w(QRX_ENA + 4, 1)
    q.w(QRX_TAIL + 4, 5000)
    check('RX tail beyond the ring: queue stays, QEMU alive',
          q.r(QRX_ENA + 4) & 4 != 0)

    q.close()


# Guest RAM of the cases below: port i's from RAM + i * 4 MB, in it
RX_RING, RX_BUFS, TX_RING, TX_BUFS = 0x1000, 0x10000, 0x3000, 0x30000
AQ_RING = 0x5000


def no_intx(qemu):
    q = QTest(qemu)
    check('PCI interrupt pin 0: no INTx (the device does MSI-X only)',
          q.cfg_r(PCI_INTERRUPT_LINE) >> 8 & 0xff == 0)
    q.close()


def port_to_port(qemu):
    """The working path the cases below build on: a frame from port 1's
    TX queue 0 arrives on port 0's RX queue 0, counted at both ends."""
    q = QTest(qemu, ports=2)
    a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
    a.hmc()
    b.hmc()
    a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
    b.txq(0, b.mem + TX_RING)
    b.tx_frame(udp_frame(0, 1), b.mem + TX_BUFS)
    check('a frame from port 1 arrives on port 0, counted at both ends',
          a.rx_done(a.mem + RX_RING, 0) and b.r(GLPRT_UPTCL) == 1 and
          a.r(GLPRT_UPRCL) == 1)
    q.close()


def fd_clear_table(qemu):
    """PFQF_CTL_1.CLEARFDTABLE: the table empties and the bit clears, as
    i40e_fdir_flush_and_replay() polls for."""
    q = QTest(qemu)
    a = Port(q, 0, RAM)
    a.hmc()
    a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
    a.txq(0, a.mem + TX_RING)
    a.q.mem_w(a.mem + TX_BUFS, udp_frame(1, 0))
    # a filter programming descriptor (add, to queue 0, pctype 31: IPv4
    # UDP), then its programming packet
    a.tx_post([(31 << 17, FD_DTYPE | FD_PCMD_ADD | FD_DEST_QINDEX),
               tx_data(a.mem + TX_BUFS, len(udp_frame(1, 0)),
                       TXCMD_DUMMY | TXCMD_EOP | TXCMD_RS)])
    check('a flow director filter programmed: PFQF_FDSTAT counts 1',
          a.r(PFQF_FDSTAT) == 1)
    a.w(PFQF_CTL_1, 1)
    check('CLEARFDTABLE clears itself and the table (PFQF_FDSTAT 0)',
          a.r(PFQF_CTL_1) == 0 and a.r(PFQF_FDSTAT) == 0)
    q.close()


def reset_purges_rx(qemu):
    """A frame QEMU holds for port 0 when port 0 is reset does not arrive
    after the driver has set its RX queue up again.  The VM is stopped
    for QEMU to hold it: port 1 sends it then, and it waits in the hub."""
    q = QTest(qemu, ports=2, qmp=True)
    a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
    a.hmc()
    b.hmc()
    a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
    b.txq(0, b.mem + TX_RING)
    q.qmp_cmd('stop')
    b.tx_frame(udp_frame(0, 1), b.mem + TX_BUFS)
    a.w(PFGEN_CTRL, 1)                          # PFSWR
    a.hmc()
    a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
    q.qmp_cmd('cont')
    q.r(PFGEN_CTRL)                             # a main loop iteration
    check('PF reset: a frame queued before it is not received after it',
          not a.rx_done(a.mem + RX_RING, 0))
    b.tx_frame(udp_frame(0, 1), b.mem + TX_BUFS)
    check('PF reset: the next frame is received', a.rx_done(a.mem + RX_RING, 0))
    q.close()


def core_reset_counters(qemu):
    """A core reset zeroes the port counters, and they count on from 0."""
    q = QTest(qemu)
    a = Port(q, 0, RAM)
    a.hmc()
    a.txq(0, a.mem + TX_RING)
    a.tx_frame(udp_frame(1, 0), a.mem + TX_BUFS)
    sent = a.r(GLPRT_UPTCL)
    a.w(GLGEN_RTRIG, 1)                         # CORER
    zeroed = a.r(GLPRT_UPTCL) == 0
    a.hmc()
    a.txq(0, a.mem + TX_RING)
    a.tx_frame(udp_frame(1, 0), a.mem + TX_BUFS)
    check('core reset: port counters zeroed, then count from 0',
          sent == 1 and zeroed and a.r(GLPRT_UPTCL) == 1)
    q.close()


def aq_buffer_high(qemu):
    """An AQ buffer at an address with bit 31 set (port 1's BAR0, 0x1000
    on: a plain register) gets the answer, shadow RAM words 0x300 and
    0x301 (5, 'QE')."""
    q = QTest(qemu, ports=2)
    a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
    aq = a.atq(a.mem + AQ_RING)
    p = struct.pack('<BBHIII', 0, 0, 4, 0x300 * 2, 0,
                    BAR0 + BAR0_SIZE + 0x1000)
    f, ret, _, _ = aq(desc(0x0701, 0x1000, 4, p))
    check('AQ buffer at 0x%x (bit 31 set) is written' %
          (BAR0 + BAR0_SIZE + 0x1000),
          ret == 0 and b.r(0x1000) == 0x51450005)
    q.close()


def aq_buffer_per_port(qemu):
    """Each port has its own admin-queue buffer.  Port 0 answers an NVM
    read of 16 bytes (shadow RAM words 0x300-0x307: 5, then the PBA
    string) into port 1's BAR0 at PF_ATQT: its first 4 bytes write port
    1's ATQ tail (5), and port 1 runs 5 commands (empty descriptors,
    ENOSYS) before port 0 writes its last 8 bytes to port 1's registers
    0x80408 and 0x8040C.  Those must be port 0's answer."""
    q = QTest(qemu, ports=2)
    a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
    b.atq(b.mem + AQ_RING)
    aq = a.atq(a.mem + AQ_RING)
    p = struct.pack('<BBHIII', 0, 0, 16, 0x300 * 2, 0,
                    BAR0 + BAR0_SIZE + ATQT)
    f, ret, _, _ = aq(desc(0x0701, 0x1000, 16, p))
    check("port 0's AQ answer is not port 1's (buffer per port)",
          ret == 0 and b.r(ATQH) == 5 and b.r(ATQT + 8) == 0x3731)
    q.close()


def tso_frame(payload):
    """Port 0 to port 1: Ethernet, IPv4 and TCP headers, PAYLOAD bytes."""
    f = udp_frame(1, 0, b'\0' * (payload + 12))
    ip = bytearray(f[14:34])
    ip[9] = 6                                   # TCP
    tcp = struct.pack('>HHIIBBHHH', 5000, 9000, 1, 0, 5 << 4, 0x18, 65535,
                      0, 0)
    return f[:14] + bytes(ip) + tcp + b'y' * payload


def tx_budget(qemu):
    """One TX tail write of 4 TSO packets of 100 segments each: the model
    sends part of them at once and the rest from a bottom half, with no
    other tail write; all 400 segments go out."""
    q = QTest(qemu)
    a = Port(q, 0, RAM)
    a.hmc()
    a.txq(0, a.mem + TX_RING)
    f = tso_frame(6400)
    off = 14 // 2 | 20 // 4 << 7 | 20 // 4 << 14
    descs = []
    for i in range(4):
        buf = a.mem + TX_BUFS + 0x2000 * i
        q.mem_w(buf, f)
        descs += [tx_tso_ctx(6400, 64),
                  tx_data(buf, len(f), TXCMD_EOP | TXCMD_RS | TXCMD_L4T_TCP |
                          TXCMD_IIPT_V4CS, off)]
    a.tx_post(descs, write_tail=False)
    bar = BAR0 + QTX_TAIL
    head_now = int(q.cmds(['writel 0x%x %d' % (bar, len(descs)),
                           'readl 0x%x' % (BAR0 + QTX_HEAD)])[1], 16)
    for _ in range(100):
        if a.r(QTX_HEAD) == len(descs):
            break
    check('one TX tail write: part of 400 TSO segments at once (head %d '
          'of %d), all of them after' % (head_now, len(descs)),
          0 < head_now < len(descs) and a.r(QTX_HEAD) == len(descs) and
          a.r(GLPRT_UPTCL) == 400)
    q.close()


def rx_wb(port, ring, i):
    """RX descriptor i's write-back: (qword 0, qword 1)."""
    return struct.unpack('<QQ', port.q.mem_r(ring + 32 * i, 16))


def tx_mdd(qemu):
    """TX packets the hardware cannot take, each posted on port 1's TX
    queue 1 in a QEMU of its own: malicious driver detection.  The queue
    stops with nothing of the packet sent or completed (QTX_ENA.QENA_STAT
    clear, QTX_HEAD at the packet), GL_MDET_TX says which queue and
    function (PF 0), PF_MDET_TX flags the PF, PFINT_ICR0 has MAL_DETECT;
    a good frame posted after it does not go out; the driver's writes
    (i40e_handle_mdd_event: all ones) clear both registers."""
    f = udp_frame(0, 1)
    big = udp_frame(0, 1, b'x' * (9729 - 42))
    out = 0xFF00000000                          # no RAM there
    bad = [('a 16-byte frame (below the 17-byte minimum)', [(f[:16], 0)]),
           ('a frame of length 0', [(b'', 0)]),
           ('a 9729-byte frame (over the 9728-byte maximum)', [(big, 0)]),
           ('a frame whose buffer is outside guest RAM', [(f, out)]),
           ('a two-buffer frame whose first buffer is outside guest RAM',
            [(f[:30], out), (f[30:], 0)])]
    for name, bufs in bad:
        q = QTest(qemu, ports=2)
        a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
        a.hmc()
        b.hmc()
        a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
        b.w(PFINT_ICR0_ENA, ICR0_MAL_DETECT)
        b.txq(1, b.mem + TX_RING)
        descs = []
        for i, (data, addr) in enumerate(bufs):
            if not addr:
                addr = b.mem + TX_BUFS + 0x3000 * i
                if data:
                    q.mem_w(addr, data)
            last = i == len(bufs) - 1
            descs.append(tx_data(addr, len(data),
                                 TXCMD_EOP | TXCMD_RS if last else 0))
        b.tx_post(descs)
        gl, pf, icr0 = b.r(GL_MDET_TX), b.r(PF_MDET_TX), b.r(ICR0)
        stopped = b.r(QTX_ENA + 4) & 4 == 0 and b.r(QTX_HEAD + 4) == 0
        b.tx_frame(f, b.mem + TX_BUFS + 0x8000)
        check('MDD on %s: queue 1 stops, GL_MDET_TX 0x%08x, PF_MDET_TX %d, '
              'ICR0 0x%08x' % (name, gl, pf, icr0),
              gl & (1 << 31) and gl & 0xfff == 1 and gl >> 21 & 0xf == 0 and
              pf == 1 and icr0 & ICR0_MAL_DETECT and stopped and
              not a.rx_done(a.mem + RX_RING, 0) and b.r(GLPRT_UPTCL) == 0)
        b.w(GL_MDET_TX, 0xffffffff)
        b.w(PF_MDET_TX, 0xffff)
        check('MDD on %s: the driver clears GL_MDET_TX and PF_MDET_TX' %
              name, b.r(GL_MDET_TX) == 0 and b.r(PF_MDET_TX) == 0)
        q.close()


def tx_pad(qemu):
    """Frames of 17 to 59 bytes go on the wire padded with zeros to 60
    bytes, as the MAC pads them: port 0 receives 60 bytes."""
    for n in (17, 59):
        q = QTest(qemu, ports=2)
        a, b = Port(q, 0, RAM), Port(q, 1, RAM + 0x400000)
        a.hmc()
        b.hmc()
        q.mem_w(a.mem + RX_BUFS, b'\xaa' * 64)
        a.rxq(0, a.mem + RX_RING, a.mem + RX_BUFS)
        b.txq(0, b.mem + TX_RING)
        f = udp_frame(0, 1)[:n]
        b.tx_frame(f, b.mem + TX_BUFS)
        _, qw1 = rx_wb(a, a.mem + RX_RING, 0)
        got = q.mem_r(a.mem + RX_BUFS, 64)
        check('a %d-byte frame arrives as 60 bytes, zero-padded (length %d)'
              % (n, qw1 >> 38 & 0x3fff),
              qw1 & 1 and qw1 >> 38 & 0x3fff == 60 and
              got[:60] == f + bytes(60 - n) and b.r(QTX_ENA) & 4)
        q.close()


def fd_prog(port, buf, frame, qindex, fd_id, remove=False):
    """A flow director programming descriptor (IPv4 UDP, to queue
    QINDEX, FD_ID fd_id) and its programming packet FRAME at BUF."""
    port.q.mem_w(buf, frame)
    port.tx_post([(qindex | 31 << 17,
                   FD_DTYPE | (FD_PCMD_REMOVE if remove else FD_PCMD_ADD) |
                   FD_DEST_QINDEX | fd_id << 32),
                  tx_data(buf, len(frame), TXCMD_DUMMY | TXCMD_EOP |
                          TXCMD_RS)])


def fd_prog_status(qemu):
    """Flow director programming status, as i40e_fd_handle_status()
    reads it: programmed from TX queue 0 with QINDEX 1, a status
    descriptor goes to RX queue 1 (never to RX queue 0) for an error
    only: DD, PROG_ID 1, the error bit, SPH (bit 63), the FD_ID in qword
    0's upper half."""
    q = QTest(qemu)
    a = Port(q, 0, RAM)
    a.hmc()
    ring0, ring1 = a.mem + RX_RING, a.mem + RX_RING + 0x400
    a.rxq(0, ring0, a.mem + RX_BUFS)
    a.rxq(1, ring1, a.mem + RX_BUFS + 0x4000)
    a.txq(0, a.mem + TX_RING)
    buf = a.mem + TX_BUFS
    f = udp_frame(1, 0)

    def none():
        return not a.rx_done(ring0, 0) and not a.rx_done(ring1, 0)

    fd_prog(a, buf, f, 1, 7)
    check('FD add: counted (PFQF_FDSTAT 1), no programming status',
          a.r(PFQF_FDSTAT) == 1 and none())
    fd_prog(a, buf, f, 1, 7)
    check('FD add of the same filter again updates it: PFQF_FDSTAT 1, '
          'no status', a.r(PFQF_FDSTAT) == 1 and none())
    fd_prog(a, buf, f, 1, 7, remove=True)
    check('FD remove: PFQF_FDSTAT 0, no status',
          a.r(PFQF_FDSTAT) == 0 and none())
    fd_prog(a, buf, f, 1, 9, remove=True)
    qw0, qw1 = rx_wb(a, ring1, 0)
    check('FD remove of a missing filter: status NO_FD_ENTRY on RX queue 1 '
          '(qw0 0x%x qw1 0x%x), none on RX queue 0' % (qw0, qw1),
          qw1 == 1 | 1 << 2 | 2 << 19 | 1 << 63 and qw0 >> 32 == 9 and
          not a.rx_done(ring0, 0) and a.r(QRX_TAIL + 4) == 7)
    # 512 filters fill the table (the guaranteed count the model reports)
    for i in range(512):
        g = bytearray(f)
        g[34:36] = struct.pack('>H', 10000 + i)     # UDP source port
        fd_prog(a, buf + 0x100 * (i % 16), bytes(g), 1, 100 + i)
    full = a.r(PFQF_FDSTAT)
    fd_prog(a, buf, f, 1, 42)
    qw0, qw1 = rx_wb(a, ring1, 1)
    check('FD add to a full table (%d filters): status FD_TBL_FULL on RX '
          'queue 1 (qw0 0x%x qw1 0x%x)' % (full, qw0, qw1),
          full == 512 and a.r(PFQF_FDSTAT) == 512 and
          qw1 == 1 | 1 << 2 | 1 << 19 | 1 << 63 and qw0 >> 32 == 42 and
          not a.rx_done(ring0, 0))
    q.close()


def main():
    bad_input(sys.argv[1])
    no_intx(sys.argv[1])
    port_to_port(sys.argv[1])
    fd_clear_table(sys.argv[1])
    reset_purges_rx(sys.argv[1])
    core_reset_counters(sys.argv[1])
    aq_buffer_high(sys.argv[1])
    aq_buffer_per_port(sys.argv[1])
    tx_budget(sys.argv[1])
    tx_mdd(sys.argv[1])
    tx_pad(sys.argv[1])
    fd_prog_status(sys.argv[1])
    print('# %d of %d failed' % (failed, cases))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
