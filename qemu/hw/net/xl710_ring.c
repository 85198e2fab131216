/*
 * Intel XL710 model: the LAN data path.  TX descriptors (data, context,
 * filter programming), checksum and TSO offloads, head write-back; RX
 * filtering to a VSI, flow director and RSS queue choice, descriptor
 * write-back; the statistics registers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "qemu/main-loop.h"
#include "hw/pci/pci.h"
#include "net/net.h"
#include "net/checksum.h"
#include "net/eth.h"
#include "xl710.h"

#define DTYPE_DATA      0x0
#define DTYPE_CONTEXT   0x1
#define DTYPE_FILTER    0x8
#define DTYPE_DONE      0xF

#define TXCMD_EOP       0x0001
#define TXCMD_RS        0x0002
#define TXCMD_IL2TAG1   0x0008
#define TXCMD_DUMMY     0x0010
#define TXCMD_IIPT      0x0060
#define TXCMD_IIPT_V4CS 0x0060
#define TXCMD_L4T       0x0300
#define TXCMD_L4T_TCP   0x0100
#define TXCMD_L4T_SCTP  0x0200
#define TXCMD_L4T_UDP   0x0300

/* ---- statistics ---- */

static void st48(XL710State *s, uint32_t lo, uint64_t v)
{
    xl_wr(s, lo, (uint32_t)v);
    xl_wr(s, lo + 4, (v >> 32) & 0xffff);
}

static void count(XL710State *s, bool rx, const uint8_t *mac, size_t len,
                  XLVsi *v)
{
    int kind = (mac[0] & 1) ? (is_broadcast_ether_addr(mac) ? 2 : 1) : 0;
    uint32_t idx = v ? v->stat_idx : 0;

    if (rx) {
        s->st.rx_bytes += len + 4;
        if (kind == 0) {
            st48(s, R_GLPRT_UPRCL, ++s->st.rx_uc);
        } else if (kind == 1) {
            st48(s, R_GLPRT_MPRCL, ++s->st.rx_mc);
        } else {
            st48(s, R_GLPRT_BPRCL, ++s->st.rx_bc);
        }
        st48(s, R_GLPRT_GORCL, s->st.rx_bytes);
    } else {
        s->st.tx_bytes += len + 4;
        if (kind == 0) {
            st48(s, R_GLPRT_UPTCL, ++s->st.tx_uc);
        } else if (kind == 1) {
            st48(s, R_GLPRT_MPTCL, ++s->st.tx_mc);
        } else {
            st48(s, R_GLPRT_BPTCL, ++s->st.tx_bc);
        }
        st48(s, R_GLPRT_GOTCL, s->st.tx_bytes);
    }
    if (v) {
        /* per-VSI counters: bump the 48-bit register pairs in place */
        uint32_t bytes = rx ? R_GLV_GORCL(idx) : R_GLV_GOTCL(idx);
        uint32_t pk = rx ? (kind == 0 ? R_GLV_UPRCL(idx) :
                            kind == 1 ? R_GLV_MPRCL(idx) : R_GLV_BPRCL(idx))
                         : (kind == 0 ? R_GLV_UPTCL(idx) :
                            kind == 1 ? R_GLV_MPTCL(idx) : R_GLV_BPTCL(idx));
        uint64_t b = xl_rd(s, bytes) | ((uint64_t)xl_rd(s, bytes + 4) << 32);
        uint64_t p = xl_rd(s, pk) | ((uint64_t)xl_rd(s, pk + 4) << 32);

        st48(s, bytes, b + len);
        st48(s, pk, p + 1);
    }
}

void xl710_stats_sync(XL710State *s)
{
}

/* ---- checksums ---- */

static uint16_t csum_fold_buf(const uint8_t *p, size_t len, uint32_t seed)
{
    /* net_checksum_finish folds and complements */
    return net_checksum_finish(seed + net_checksum_add(len, (uint8_t *)p));
}

static uint16_t l3_proto_off(const uint8_t *f, size_t len, bool *v4)
{
    uint16_t et;

    if (len < 14) {
        return 0;
    }
    et = lduw_be_p(f + 12);
    if (et == 0x8100 && len >= 18) {
        et = lduw_be_p(f + 16);
        *v4 = et == 0x0800;
        return (et == 0x0800 || et == 0x86dd) ? 18 : 0;
    }
    *v4 = et == 0x0800;
    return (et == 0x0800 || et == 0x86dd) ? 14 : 0;
}

/*
 * Checksum offloads as the driver asks for them: L4 checksum over the L4
 * header and payload with the pseudo-header sum the stack left in the
 * checksum field; the IPv4 header checksum when IIPT says so.
 */
static void tx_csum(uint8_t *f, size_t len, uint32_t cmd, uint32_t off)
{
    uint32_t maclen = (off & 0x7f) * 2;
    uint32_t iplen = ((off >> 7) & 0x7f) * 4;
    uint32_t l4 = maclen + iplen;
    uint32_t field;

    if ((cmd & TXCMD_IIPT) == TXCMD_IIPT_V4CS && maclen + 20 <= len &&
        iplen >= 20) {
        stw_be_p(f + maclen + 10, 0);
        stw_be_p(f + maclen + 10, csum_fold_buf(f + maclen, iplen, 0));
    }
    switch (cmd & TXCMD_L4T) {
    case TXCMD_L4T_TCP:
        field = 16;
        break;
    case TXCMD_L4T_UDP:
        field = 6;
        break;
    default:
        return;         /* SCTP CRC32c not modelled */
    }
    if (l4 + field + 2 > len) {
        return;
    }
    {
        uint16_t c = csum_fold_buf(f + l4, len - l4, 0);

        if ((cmd & TXCMD_L4T) == TXCMD_L4T_UDP && c == 0) {
            c = 0xffff;
        }
        stw_be_p(f + l4 + field, c);
    }
}

/* full TCP checksum, pseudo header included (for TSO segments) */
static void tcp_csum_full(uint8_t *f, size_t len, uint32_t l3, uint32_t l4,
                          bool v4)
{
    uint32_t sum = 0, tcplen = len - l4;

    stw_be_p(f + l4 + 16, 0);
    if (v4) {
        sum += net_checksum_add(8, f + l3 + 12);
    } else {
        sum += net_checksum_add(32, f + l3 + 8);
    }
    sum += 6 + tcplen;
    sum += net_checksum_add(tcplen, f + l4);
    stw_be_p(f + l4 + 16, net_checksum_finish(sum));
}

/* ---- TX ---- */

/*
 * A frame goes on the wire; the MAC pads one shorter than the minimum
 * Ethernet frame (60 bytes without the FCS) with zeros.  f has room.
 */
static void tx_send(XL710State *s, uint8_t *f, size_t len)
{
    if (!s->link_up) {
        return;
    }
    if (len < ETH_ZLEN) {
        memset(f + len, 0, ETH_ZLEN - len);
        len = ETH_ZLEN;
    }
    count(s, false, f, len, &s->vsi[0]);
    qemu_send_packet(qemu_get_queue(s->nic), f, len);
}

/* Sends the segments of the packet in txbuf; returns how many. */
static unsigned tx_tso(XL710State *s, XLTxQ *t, uint32_t cmd, uint32_t off)
{
    uint8_t *f = s->txbuf, *seg = s->segbuf;
    uint32_t len = s->txlen;
    uint32_t maclen = (off & 0x7f) * 2;
    uint32_t iplen = ((off >> 7) & 0x7f) * 4;
    uint32_t l4len = ((off >> 14) & 0xf) * 4;
    uint32_t hdr = maclen + iplen + l4len, pos, seq, mss = t->mss;
    bool v4 = (cmd & TXCMD_IIPT) >= 0x40;
    uint16_t ipid;
    uint8_t flags;

    if ((cmd & TXCMD_L4T) != TXCMD_L4T_TCP || mss < 64 || l4len < 20 ||
        hdr >= len || hdr + mss > XL_MAX_FRAME) {
        XL_GUEST_ERR("TSO request not understood (len %u hdr %u mss %u)",
                     len, hdr, mss);
        return 0;
    }
    seq = ldl_be_p(f + maclen + iplen + 4);
    flags = f[maclen + iplen + 13];
    ipid = v4 ? lduw_be_p(f + maclen + 4) : 0;
    for (pos = hdr; pos < len; pos += mss) {
        uint32_t plen = MIN(mss, len - pos), slen = hdr + plen;
        uint8_t *tcp = seg + maclen + iplen;

        memcpy(seg, f, hdr);
        memcpy(seg + hdr, f + pos, plen);
        stl_be_p(tcp + 4, seq + (pos - hdr));
        tcp[13] = flags;
        if (pos + plen < len) {
            tcp[13] &= ~(0x01 | 0x08);          /* FIN, PSH: last only */
        }
        if (pos != hdr) {
            tcp[13] &= ~0x80;                   /* CWR: first only */
        }
        if (v4) {
            stw_be_p(seg + maclen + 2, slen - maclen);
            stw_be_p(seg + maclen + 4, ipid++);
            stw_be_p(seg + maclen + 10, 0);
            stw_be_p(seg + maclen + 10, csum_fold_buf(seg + maclen, iplen, 0));
        } else {
            stw_be_p(seg + maclen + 4, slen - maclen - 40);
        }
        tcp_csum_full(seg, slen, maclen, maclen + iplen, v4);
        tx_send(s, seg, slen);
    }
    return DIV_ROUND_UP(len - hdr, mss);
}

/* ---- flow director ---- */

static bool fd_parse(const uint8_t *f, size_t len, uint8_t *proto,
                     uint32_t *sip, uint32_t *dip, uint16_t *sp, uint16_t *dp)
{
    bool v4 = false;
    uint16_t l3 = l3_proto_off(f, len, &v4);
    uint32_t ihl;

    if (!l3 || !v4 || l3 + 20 > len) {
        return false;
    }
    ihl = (f[l3] & 0xf) * 4;
    *proto = f[l3 + 9];
    *sip = ldl_be_p(f + l3 + 12);
    *dip = ldl_be_p(f + l3 + 16);
    *sp = *dp = 0;
    if ((*proto == 6 || *proto == 17) && l3 + ihl + 4 <= len &&
        !(lduw_be_p(f + l3 + 6) & 0x3fff)) {
        *sp = lduw_be_p(f + l3 + ihl);
        *dp = lduw_be_p(f + l3 + ihl + 2);
    }
    return true;
}

/* the error bits of a flow director programming status */
#define FD_ERR_TBL_FULL         (1u << 0)
#define FD_ERR_NO_ENTRY         (1u << 1)

/*
 * A programming status descriptor, the RX write-back that i40e tells
 * from a packet by its SPH bit (the length field's 0x2000000): DD,
 * PROG_ID 1 (flow director filter), the error bits from bit 19, and the
 * filter's FD_ID in the upper dword of qword 0.  It goes to the RX queue
 * the programming descriptor's QINDEX names, the one i40e cleans it from
 * (i40e_clean_programming_status() runs on the LAN RX rings, never on
 * the flow director VSI's own), and is written only for an error: a
 * filter that could not be added (table full) or removed (no entry).
 * No buffer posted on that queue: the status is lost.
 */
static void fd_status(XL710State *s, unsigned q, uint32_t fd_id,
                      uint32_t error)
{
    uint64_t wb[4] = { 0 };
    uint32_t tail;
    unsigned dsz;
    XLRxQ *r;

    XL_LOG("flow director: programming status 0x%x for fd_id %u on RX "
           "queue %u", error, fd_id, q);
    if (q >= XL_NQ || !s->rxq[q].ena) {
        return;
    }
    r = &s->rxq[q];
    tail = xl_rd(s, R_QRX_TAIL(q));
    if (tail >= r->qlen || r->head == tail) {
        return;
    }
    dsz = r->dsize ? 32 : 16;
    wb[0] = cpu_to_le64((uint64_t)fd_id << 32);
    wb[1] = cpu_to_le64(1ull | (1ull << 2) | ((uint64_t)error << 19) |
                        (1ull << 63));
    pci_dma_write(PCI_DEVICE(s), r->base + (dma_addr_t)r->head * dsz, wb,
                  dsz);
    r->head = (r->head + 1) % r->qlen;
    xl710_queue_irq(s, R_QINT_RQCTL(q));
}

static void fd_program(XL710State *s, XLTxQ *t, const uint8_t *f,
                       size_t len)
{
    uint32_t qindex = t->fd_qw0 & 0x7ff;
    uint32_t pctype = (t->fd_qw0 >> 17) & 0x3f;
    uint32_t dvsi = (t->fd_qw0 >> 23) & 0x3ff;
    uint32_t pcmd = (t->fd_cmd >> 4) & 0x7;
    uint32_t dest = (t->fd_cmd >> 7) & 0x3;
    XLFdir k = { 0 };
    int i, freei = -1;

    /*
     * The programming packet describes the flow as the transmit side sees
     * it (the driver swaps source and destination when it builds it):
     * the filter matches received packets with the two sides swapped back.
     */
    if (!fd_parse(f, len, &k.proto, &k.dip, &k.sip, &k.dport, &k.sport)) {
        XL_LOG("flow director: programming packet not IPv4, ignored");
        fd_status(s, qindex, t->fd_id, FD_ERR_NO_ENTRY);
        return;
    }
    XL_LOG("flow director: %s pctype %u %08x:%u -> %08x:%u queue %u%s",
           pcmd == 2 ? "remove" : "add", pctype, k.sip, k.sport, k.dip,
           k.dport, qindex, dest == 0 ? " (drop)" : "");
    k.pctype = pctype;
    k.q = qindex;
    k.dest_vsi = dvsi;
    k.drop = dest == 0;
    k.fd_id = t->fd_id;
    k.used = true;
    for (i = 0; i < XL_MAX_FDIR; i++) {
        XLFdir *e = &s->fdir[i];

        if (!e->used) {
            if (freei < 0) {
                freei = i;
            }
            continue;
        }
        if (e->pctype == k.pctype && e->sip == k.sip && e->dip == k.dip &&
            e->sport == k.sport && e->dport == k.dport) {
            if (pcmd == 2) {
                e->used = false;
                s->fdir_count--;
            } else {
                *e = k;
            }
            xl_wr(s, R_PFQF_FDSTAT, s->fdir_count);
            return;
        }
    }
    if (pcmd == 2) {
        fd_status(s, qindex, t->fd_id, FD_ERR_NO_ENTRY);
        return;
    }
    if (freei < 0) {
        fd_status(s, qindex, t->fd_id, FD_ERR_TBL_FULL);
        return;
    }
    s->fdir[freei] = k;
    s->fdir_count++;
    xl_wr(s, R_PFQF_FDSTAT, s->fdir_count);
}

/* ---- TX ring ---- */

/*
 * Malicious driver detection: the kinds of TX packet the queue cannot
 * take, as GL_MDET_TX's EVENT field reports them (the numbers are the
 * model's: the driver prints the field and nothing more).
 */
enum {
    MDD_TX_SHORT = 1,           /* shorter than XL_MIN_TX_LEN, or empty */
    MDD_TX_LONG = 2,            /* longer than the largest frame */
    MDD_TX_DMA = 3,             /* a buffer the device cannot read */
};

/*
 * The queue stops (QENA_STAT clears, nothing more is fetched from it),
 * GL_MDET_TX keeps the first event's queue, function and kind until the
 * driver clears it, PF_MDET_TX flags the function, and PFINT_ICR0 raises
 * MAL_DETECT.  i40e_handle_mdd_event() logs it; the queue's TX timeout
 * then resets the PF.
 */
static void tx_mdd(XL710State *s, unsigned q, uint32_t event)
{
    XL_GUEST_ERR("TX queue %u: malicious driver detection, event %u: "
                 "queue stopped", q, event);
    s->txq[q].ena = false;
    xl_wr(s, R_QTX_ENA(q), xl_rd(s, R_QTX_ENA(q)) & ~QENA_STAT);
    if (!(xl_rd(s, R_GL_MDET_TX) & GL_MDET_TX_VALID)) {
        xl_wr(s, R_GL_MDET_TX, GL_MDET_TX_VALID |
              event << GL_MDET_TX_EVENT_SHIFT |
              PCI_FUNC(PCI_DEVICE(s)->devfn) << GL_MDET_TX_PF_SHIFT | q);
    }
    xl_wr(s, R_PF_MDET_TX, PF_MDET_TX_VALID);
    xl710_icr0(s, ICR0_MAL_DETECT);
}

/*
 * The work one tail write (or one run of tx_bh) does at most: each
 * descriptor counts one, each TSO segment one more.  Past it, the queue
 * stops at the next packet boundary and tx_bh goes on from there, so
 * that one tail write (up to 8160 descriptors, a TSO packet up to 4352
 * segments) does not hold the big QEMU lock for seconds.
 */
#define XL_TX_BUDGET    256

void xl710_tx_bh(void *opaque)
{
    XL710State *s = opaque;
    unsigned q;

    for (q = 0; q < XL_NQ; q++) {
        if (s->txq[q].more) {
            s->txq[q].more = false;
            xl710_tx_tail(s, q);
        }
    }
}

void xl710_tx_tail(XL710State *s, unsigned q)
{
    PCIDevice *d = PCI_DEVICE(s);
    XLTxQ *t = &s->txq[q];
    uint32_t tail = xl_rd(s, R_QTX_TAIL(q)), first = t->head;
    uint32_t pkt_cmd = 0, pkt_off = 0, work = 0, pkt_first = 0, mdd = 0;
    uint16_t l2tag = 0;
    bool in_pkt = false;

    if (!t->ena) {
        return;
    }
    if (tail >= t->qlen) {
        XL_GUEST_ERR("TX queue %u: tail %u beyond length %u", q, tail,
                     t->qlen);
        return;
    }
    s->txlen = 0;
    while (t->head != tail) {
        uint64_t desc[2], qw1;
        uint32_t dtype, cmd;
        dma_addr_t a = t->base + (dma_addr_t)t->head * 16;

        if (!in_pkt && work >= XL_TX_BUDGET) {
            t->more = true;
            qemu_bh_schedule(s->tx_bh);
            break;
        }
        work++;

        if (pci_dma_read(d, a, desc, sizeof(desc)) != MEMTX_OK) {
            XL_GUEST_ERR("TX queue %u: descriptor %u unreadable", q, t->head);
            t->ena = false;
            xl_wr(s, R_QTX_ENA(q), 0);
            break;
        }
        qw1 = le64_to_cpu(desc[1]);
        dtype = qw1 & 0xf;

        if (dtype == DTYPE_DATA && !in_pkt) {
            /* do not start a packet whose EOP the driver has not posted */
            uint32_t i = t->head, n = 0;
            bool eop = false;

            while (i != tail && n < t->qlen) {
                uint64_t q1;

                if (pci_dma_read(d, t->base + (dma_addr_t)i * 16 + 8, &q1,
                                 8) != MEMTX_OK) {
                    break;
                }
                q1 = le64_to_cpu(q1);
                if ((q1 & 0xf) == DTYPE_DATA &&
                    (((q1 >> 4) & 0xfff) & TXCMD_EOP)) {
                    eop = true;
                    break;
                }
                i = (i + 1) % t->qlen;
                n++;
            }
            if (!eop) {
                break;
            }
        }

        cmd = (qw1 >> 4) & 0xfff;
        switch (dtype) {
        case DTYPE_DATA: {
            uint64_t addr = le64_to_cpu(desc[0]);
            uint32_t bsz = (qw1 >> 34) & 0x3fff;

            if (!in_pkt) {
                in_pkt = true;
                pkt_first = t->head;
                pkt_cmd = cmd;
                pkt_off = (qw1 >> 16) & 0x3ffff;
                l2tag = qw1 >> 48;
                mdd = 0;
            }
            if (mdd) {
                /* the packet is bad already: read no more of it */
            } else if (s->txlen + bsz > XL_TXBUF_SIZE ||
                       (!t->tso && s->txlen + bsz > XL_MAX_FRAME)) {
                mdd = MDD_TX_LONG;
            } else if (bsz && pci_dma_read(d, addr, s->txbuf + s->txlen,
                                           bsz) != MEMTX_OK) {
                XL_GUEST_ERR("TX queue %u: buffer 0x%" PRIx64 " unreadable",
                             q, addr);
                mdd = MDD_TX_DMA;
            } else {
                s->txlen += bsz;
            }
            if ((cmd & TXCMD_EOP) && !mdd && s->txlen < XL_MIN_TX_LEN) {
                mdd = MDD_TX_SHORT;
            }
            if ((cmd & TXCMD_EOP) && mdd) {
                /* nothing of the packet completes: head stays at it */
                tx_mdd(s, q, mdd);
                t->head = pkt_first;
                t->fd_pend = false;
                t->tso = false;
                s->txlen = 0;
                break;
            }
            if (cmd & TXCMD_EOP) {
                if (t->fd_pend && (pkt_cmd & TXCMD_DUMMY)) {
                    fd_program(s, t, s->txbuf, s->txlen);
                } else if (t->tso) {
                    work += tx_tso(s, t, pkt_cmd, pkt_off);
                } else {
                    uint8_t *f = s->txbuf;
                    size_t len = s->txlen;

                    tx_csum(f, len, pkt_cmd, pkt_off);
                    if ((pkt_cmd & TXCMD_IL2TAG1) && len >= 12 &&
                        len + 4 <= XL_TXBUF_SIZE) {
                        memmove(f + 16, f + 12, len - 12);
                        stw_be_p(f + 12, 0x8100);
                        stw_be_p(f + 14, l2tag);
                        len += 4;
                    }
                    tx_send(s, f, len);
                }
                t->fd_pend = false;
                t->tso = false;
                s->txlen = 0;
                in_pkt = false;
            }
            break;
        }
        case DTYPE_CONTEXT:
            t->tso = cmd & 0x1;
            t->tso_len = (qw1 >> 30) & 0x3ffff;
            t->mss = (qw1 >> 50) & 0x3fff;
            break;
        case DTYPE_FILTER: {
            uint32_t fcmd = (uint32_t)qw1;

            t->fd_qw0 = (uint32_t)le64_to_cpu(desc[0]);
            t->fd_cmd = fcmd;
            t->fd_id = qw1 >> 32;
            /* ATR (bit 18) filters from ordinary traffic: not modelled */
            t->fd_pend = !(fcmd & (1u << 18));
            break;
        }
        default:
            XL_GUEST_ERR("TX queue %u: descriptor type 0x%x ignored", q,
                         dtype);
            break;
        }
        if (!t->ena) {
            break;                              /* stopped by MDD */
        }
        if (cmd & TXCMD_RS) {
            qw1 = (qw1 & ~0xfull) | DTYPE_DONE;
            desc[1] = cpu_to_le64(qw1);
            pci_dma_write(d, a + 8, &desc[1], 8);
        }
        t->head = (t->head + 1) % t->qlen;
    }
    xl_wr(s, R_QTX_HEAD(q), t->head);
    if (t->head_wb_ena) {
        uint32_t h = cpu_to_le32(t->head);

        pci_dma_write(d, t->head_wb_addr, &h, 4);
    }
    /*
     * The queue's cause fires whenever its head moved, RS or not (a
     * decision: the datasheet ties the cause to RS write-back and ITR).
     * i40e asks for RS on every fourth frame only, and BQL stops its
     * queue after the first frame until that one completes, so a model
     * that signalled RS alone would hold the rest of a burst until the
     * driver's once-a-second hang check forced a write-back.
     */
    if (t->head != first) {
        xl710_queue_irq(s, R_QINT_TQCTL(q));
    }
}

/* ---- RX ---- */

static uint32_t toeplitz(const uint8_t *key, const uint8_t *in, int n)
{
    uint32_t h = 0, k = ldl_be_p(key);
    int i, b;

    for (i = 0; i < n; i++) {
        for (b = 7; b >= 0; b--) {
            if (in[i] & (1 << b)) {
                h ^= k;
            }
            k <<= 1;
            if (key[i + 4] & (1 << b)) {
                k |= 1;
            }
        }
    }
    return h;
}

typedef struct XLRxInfo {
    uint8_t ptype;
    uint8_t pctype;             /* 0: none */
    bool l4;
    uint8_t tuple[36];
    int tlen;                   /* bytes of tuple hashed with ports */
    int tlen_l3;                /* bytes without ports */
} XLRxInfo;

static void rx_classify(const uint8_t *f, size_t len, XLRxInfo *ri)
{
    bool v4 = false;
    uint16_t l3 = l3_proto_off(f, len, &v4);

    memset(ri, 0, sizeof(*ri));
    ri->ptype = 1;                              /* L2 */
    if (!l3) {
        return;
    }
    if (v4 && l3 + 20 <= len) {
        uint32_t ihl = (f[l3] & 0xf) * 4;
        uint8_t proto = f[l3 + 9];
        bool frag = lduw_be_p(f + l3 + 6) & 0x3fff;

        memcpy(ri->tuple, f + l3 + 12, 8);
        ri->tlen_l3 = ri->tlen = 8;
        if (frag) {
            ri->ptype = 22;
            ri->pctype = 36;
            return;
        }
        ri->ptype = 23;
        ri->pctype = 35;
        if ((proto == 17 || proto == 6) && l3 + ihl + 4 <= len) {
            memcpy(ri->tuple + 8, f + l3 + ihl, 4);
            ri->tlen = 12;
            ri->l4 = true;
            ri->ptype = proto == 17 ? 24 : 26;
            ri->pctype = proto == 17 ? 31 : 33;
        } else if (proto == 132) {
            ri->ptype = 27;
            ri->pctype = 34;
        } else if (proto == 1) {
            ri->ptype = 28;
        }
    } else if (!v4 && l3 + 40 <= len) {
        uint8_t nh = f[l3 + 6];

        memcpy(ri->tuple, f + l3 + 8, 32);
        ri->tlen_l3 = ri->tlen = 32;
        ri->ptype = 89;
        ri->pctype = 45;
        if (nh == 44) {
            ri->ptype = 88;
            ri->pctype = 46;
        } else if ((nh == 17 || nh == 6) && l3 + 44 <= len) {
            memcpy(ri->tuple + 32, f + l3 + 40, 4);
            ri->tlen = 36;
            ri->l4 = true;
            ri->ptype = nh == 17 ? 90 : 92;
            ri->pctype = nh == 17 ? 41 : 43;
        } else if (nh == 132) {
            ri->ptype = 93;
            ri->pctype = 44;
        } else if (nh == 58) {
            ri->ptype = 94;
        }
    }
}

/*
 * The hash input: of a UDP or TCP frame, the fields of the tuple that its
 * type's GLQF_HASH_INSET selects, in the tuple's order; of any other, the
 * addresses.  Returns its length.
 */
static int rss_input(XL710State *s, const XLRxInfo *ri, uint8_t *in)
{
    int alen = ri->tlen_l3 / 2, n = 0;
    bool v6 = alen == 16;
    uint64_t inset;

    if (!ri->l4) {
        memcpy(in, ri->tuple, ri->tlen_l3);
        return ri->tlen_l3;
    }
    inset = xl_rd64(s, R_GLQF_HASH_INSET(0, ri->pctype),
                    R_GLQF_HASH_INSET(1, ri->pctype));
    if (inset & (v6 ? INSET_L3_V6_SRC : INSET_L3_SRC)) {
        memcpy(in + n, ri->tuple, alen);
        n += alen;
    }
    if (inset & (v6 ? INSET_L3_V6_DST : INSET_L3_DST)) {
        memcpy(in + n, ri->tuple + alen, alen);
        n += alen;
    }
    if (inset & INSET_L4_SRC) {
        memcpy(in + n, ri->tuple + 2 * alen, 2);
        n += 2;
    }
    if (inset & INSET_L4_DST) {
        memcpy(in + n, ri->tuple + 2 * alen + 2, 2);
        n += 2;
    }
    return n;
}

static bool rss_hash(XL710State *s, XLRxInfo *ri, uint32_t *hash)
{
    uint64_t hena = xl_rd64(s, R_PFQF_HENA(0), R_PFQF_HENA(1));
    uint8_t key[52 + 4], in[sizeof(ri->tuple)];
    int i, n;

    if (!ri->pctype || !(hena & (1ull << ri->pctype))) {
        return false;
    }
    for (i = 0; i < 13; i++) {
        stl_le_p(key + 4 * i, xl_rd(s, R_PFQF_HKEY(i)));
    }
    memset(key + 52, 0, 4);
    n = rss_input(s, ri, in);
    *hash = toeplitz(key, in, n);
    return true;
}

/*
 * The VSI a frame's destination address selects, or NULL: a MAC filter's
 * VSI, else a PF VSI promiscuous for the frame's kind, else the port's
 * default VSI (the frames no filter takes).
 */
static XLVsi *rx_vsi(XL710State *s, const uint8_t *f)
{
    XLVsi *dflt = NULL;
    int i;

    for (i = 0; i < XL_MAX_FILT; i++) {
        XLFilt *fl = &s->filt[i];

        if (fl->used && !memcmp(fl->mac, f, 6)) {
            XLVsi *v;
            int j;

            for (j = 0; j < XL_MAX_VSI; j++) {
                v = &s->vsi[j];
                if (v->used && v->seid == fl->seid) {
                    return v;
                }
            }
        }
    }
    for (i = 0; i < XL_MAX_VSI; i++) {
        XLVsi *v = &s->vsi[i];

        if (v->used && v->dflt) {
            dflt = v;
        }
        if (!v->used || v->type != 2) {
            continue;
        }
        if (is_broadcast_ether_addr(f) ? v->bcast :
            (f[0] & 1) ? v->promisc_mc : v->promisc_uc) {
            return v;
        }
    }
    return dflt;
}

/* queue of VSI v for a frame: flow director first, then RSS over TC0 */
static int rx_queue(XL710State *s, XLVsi *v, const uint8_t *f, size_t len,
                    XLRxInfo *ri, uint32_t *hash, bool *hashed,
                    uint32_t *fd_id, bool *fd_hit)
{
    uint16_t base = lduw_le_p(v->props + 30);   /* queue_mapping[0] */
    uint16_t tc0 = lduw_le_p(v->props + 62);    /* tc_mapping[0] */
    uint32_t off = tc0 & 0x1ff, nq = 1u << ((tc0 >> 9) & 0xf);
    uint32_t lutsz = (xl_rd(s, R_PFQF_CTL_0) & (1u << 16)) ? 512 : 128;
    int i;

    *hashed = false;
    *fd_hit = false;
    if (s->fdir_count && ri->l4 && ri->tlen == 12) {
        uint8_t proto;
        uint32_t sip, dip;
        uint16_t sp, dp;

        if (fd_parse(f, len, &proto, &sip, &dip, &sp, &dp)) {
            for (i = 0; i < XL_MAX_FDIR; i++) {
                XLFdir *e = &s->fdir[i];
                uint64_t inset;
                bool m = true;

                if (!e->used || e->pctype != ri->pctype) {
                    continue;
                }
                inset = xl_rd64(s, R_PRTQF_FD_INSET(e->pctype, 0),
                                R_PRTQF_FD_INSET(e->pctype, 1));
                if (inset & INSET_L3_SRC) {
                    m &= e->sip == sip;
                }
                if (inset & INSET_L3_DST) {
                    m &= e->dip == dip;
                }
                if (inset & INSET_L4_SRC) {
                    m &= e->sport == sp;
                }
                if (inset & INSET_L4_DST) {
                    m &= e->dport == dp;
                }
                if (m) {
                    *fd_hit = true;
                    *fd_id = e->fd_id;
                    if (e->drop) {
                        return -1;
                    }
                    return e->q;
                }
            }
        }
    }
    *hashed = rss_hash(s, ri, hash);
    if (*hashed) {
        uint32_t li = *hash & (lutsz - 1);
        uint32_t lut = (xl_rd(s, R_PFQF_HLUT(li / 4)) >> (8 * (li % 4))) &
                       0x3f;

        return base + off + (lut & (nq - 1));
    }
    return base + off;
}

static bool rx_room(XLRxQ *r, uint32_t tail, uint32_t need)
{
    uint32_t avail = (tail + r->qlen - r->head) % r->qlen;

    return avail >= need;
}

bool xl710_can_receive(NetClientState *nc)
{
    return true;
}

ssize_t xl710_receive(NetClientState *nc, const uint8_t *buf, size_t size)
{
    XL710State *s = qemu_get_nic_opaque(nc);
    PCIDevice *d = PCI_DEVICE(s);
    XLRxInfo ri;
    XLVsi *v;
    XLRxQ *r;
    uint32_t hash = 0, fd_id = 0, tail, need, done = 0, dsz;
    bool hashed, fd_hit;
    int q;

    if (!s->link_up || size < 14) {
        return size;
    }
    v = rx_vsi(s, buf);
    if (!v) {
        return size;                            /* filtered out */
    }
    rx_classify(buf, size, &ri);
    q = rx_queue(s, v, buf, size, &ri, &hash, &hashed, &fd_id, &fd_hit);
    if (q < 0) {
        return size;                            /* flow director drop */
    }
    if (q >= XL_NQ || !s->rxq[q].ena) {
        return size;
    }
    r = &s->rxq[q];
    if (r->rxmax && size > r->rxmax) {
        return size;
    }
    tail = xl_rd(s, R_QRX_TAIL(q));
    if (tail >= r->qlen) {
        return size;
    }
    need = (size + r->dbuff - 1) / r->dbuff;
    if (need > r->qlen - 1) {
        return size;
    }
    if (!rx_room(r, tail, need)) {
        /* No buffer posted on this queue: the frame is dropped and
         * counted as the VSI's discard for want of a descriptor (i40e:
         * rx_missed_errors), and the other queues go on. */
        xl_wr(s, R_GLV_RDPC(v->stat_idx),
              xl_rd(s, R_GLV_RDPC(v->stat_idx)) + 1);
        return size;
    }
    dsz = r->dsize ? 32 : 16;
    while (done < size) {
        uint64_t rd[2], wb[4] = { 0 };
        dma_addr_t a = r->base + (dma_addr_t)r->head * dsz;
        uint32_t chunk = MIN(r->dbuff, size - done);
        bool last = done + chunk == size;
        uint64_t st;

        if (pci_dma_read(d, a, rd, sizeof(rd)) != MEMTX_OK) {
            XL_GUEST_ERR("RX queue %d: descriptor %u unreadable", q, r->head);
            r->ena = false;
            xl_wr(s, R_QRX_ENA(q), 0);
            return size;
        }
        if (pci_dma_write(d, le64_to_cpu(rd[0]), buf + done, chunk) !=
            MEMTX_OK) {
            XL_GUEST_ERR("RX queue %d: buffer 0x%" PRIx64 " unwritable", q,
                         le64_to_cpu(rd[0]));
        }
        st = 1;                                         /* DD */
        if (last) {
            st |= 1ull << 1;                            /* EOF */
            if (hashed) {
                st |= 3ull << 12;                       /* FLTSTAT: RSS */
            }
            if (fd_hit) {
                st |= 1ull << 11;                       /* FLM */
            }
        }
        st |= (uint64_t)ri.ptype << 30;
        st |= (uint64_t)chunk << 38;
        wb[0] = last && hashed ? (uint64_t)hash << 32 :
                last && fd_hit ? (uint64_t)fd_id << 32 : 0;
        wb[1] = st;
        if (dsz == 32 && last && fd_hit) {
            wb[3] = (uint64_t)fd_id << 32;
        }
        wb[0] = cpu_to_le64(wb[0]);
        wb[1] = cpu_to_le64(wb[1]);
        wb[3] = cpu_to_le64(wb[3]);
        pci_dma_write(d, a, wb, dsz);
        r->head = (r->head + 1) % r->qlen;
        done += chunk;
    }
    count(s, true, buf, size, v);
    xl710_queue_irq(s, R_QINT_RQCTL(q));
    return size;
}
