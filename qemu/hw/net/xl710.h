/*
 * QEMU model of an Intel Ethernet Controller XL710 (40GbE, one port,
 * one physical function), enough of it for the Linux i40e driver.
 *
 * Written from the public XL710 datasheet's description of the device
 * and from the register, admin-queue and HMC facts in the Linux 6.1 i40e
 * driver's headers.  See qemu/README in the repository for what is and
 * is not modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_NET_XL710_H
#define HW_NET_XL710_H

#include "qemu/units.h"
#include "hw/pci/pci.h"
#include "net/net.h"
#include "qom/object.h"

#define TYPE_XL710 "xl710"
OBJECT_DECLARE_SIMPLE_TYPE(XL710State, XL710)

#define XL_VENDOR               0x8086
#define XL_DEVICE               0x1583  /* XL710 40GbE QSFP+ */
#define XL_REVISION             0x02

#define XL_BAR0_SIZE            (8 * MiB)
#define XL_MSIX_BAR_SIZE        (32 * KiB)
#define XL_MSIX_PBA_OFF         0x1000

#define XL_NQ                   64      /* queue pairs of the PF */
#define XL_NVEC                 65      /* MSI-X vectors: misc + 64 */
#define XL_MAX_VSI              16
#define XL_MAX_FILT             128
#define XL_MAX_FDIR             512
#define XL_MAX_SD               32      /* HMC segment descriptors */
#define XL_SR_WORDS             2048    /* shadow RAM, 4 KB */
#define XL_MAX_FRAME            9728
#define XL_MIN_TX_LEN           17      /* shorter TX packets: MDD */
#define XL_AQ_MAX_BUF           4096
#define XL_TXBUF_SIZE           (256 * KiB + 16 * KiB)

/* ---- registers (offsets in BAR0) ---- */
#define R_PF_ATQBAL             0x00080000
#define R_PF_ARQBAL             0x00080080
#define R_PF_ATQBAH             0x00080100
#define R_PF_ARQBAH             0x00080180
#define R_PF_ATQLEN             0x00080200
#define R_PF_ARQLEN             0x00080280
#define R_PF_ATQH               0x00080300
#define R_PF_ARQH               0x00080380
#define R_PF_ATQT               0x00080400
#define R_PF_ARQT               0x00080480
#define   AQLEN_LEN             0x3ff
#define   AQLEN_VFE             (1u << 28)
#define   AQLEN_OVFL            (1u << 29)
#define   AQLEN_CRIT            (1u << 30)
#define   AQLEN_ENABLE          (1u << 31)
#define   AQ_HT_MASK            0x3ff

#define R_GL_FWSTS              0x00083048
#define R_PRTDCB_GENS           0x00083020
#define R_PFGEN_CTRL            0x00092400
#define   PFGEN_CTRL_PFSWR      1u
#define R_PF_FUNC_RID           0x0009C000
#define R_GLNVM_ULD             0x000B6008
#define R_GLNVM_GENS            0x000B6100
#define R_GLNVM_FLA             0x000B6108
#define R_GLNVM_SRCTL           0x000B6110
#define   SRCTL_ADDR_SHIFT      14
#define   SRCTL_ADDR_MASK       0x7fff
#define   SRCTL_START           (1u << 30)
#define   SRCTL_DONE            (1u << 31)
#define R_GLNVM_SRDATA          0x000B6114
#define R_GLGEN_STAT            0x000B612C
#define R_PRTGEN_STATUS         0x000B8100
#define R_PRTGEN_CNF(p)         (0x000B8120 + (p) * 4)
#define R_GLGEN_RSTCTL          0x000B8180
#define R_GLGEN_RSTAT           0x000B8188
#define R_GLGEN_RTRIG           0x000B8190
#define   RTRIG_CORER           1u
#define   RTRIG_GLOBR           2u
#define   RTRIG_EMPFWR          4u
#define R_PFPCI_SUBSYSID        0x000BE100
#define R_GLPCI_CNF2            0x000BE494
#define R_GLPCI_CAPSUP          0x000BE4A8
#define R_PFHMC_SDCMD           0x000C0000
#define   SDCMD_IDX_MASK        0xfff
#define   SDCMD_WR              (1u << 31)
#define R_PFHMC_SDDATALOW       0x000C0100
#define R_PFHMC_SDDATAHIGH      0x000C0200
#define R_PFHMC_PDINV           0x000C0300
#define R_PFHMC_ERRORINFO       0x000C0400
#define R_GLHMC_LANTXOBJSZ      0x000C2004
#define R_GLHMC_LANQMAX         0x000C2008
#define R_GLHMC_LANRXOBJSZ      0x000C200c
#define R_GLHMC_FCOEDDPOBJSZ    0x000C2010
#define R_GLHMC_FCOEMAX         0x000C2014
#define R_GLHMC_FCOEFOBJSZ      0x000C2018
#define R_GLHMC_FCOEFMAX        0x000C20D0
#define R_GLHMC_LANTXBASE(f)    (0x000C6200 + (f) * 4)
#define R_GLHMC_LANTXCNT(f)     (0x000C6300 + (f) * 4)
#define R_GLHMC_LANRXBASE(f)    (0x000C6400 + (f) * 4)
#define R_GLHMC_LANRXCNT(f)     (0x000C6500 + (f) * 4)
#define R_QTX_HEAD(q)           (0x000E4000 + (q) * 4)
/*
 * Malicious driver detection, TX: the function's flag (PF_MDET_TX) and
 * the first event's queue, function and type (GL_MDET_TX), both cleared
 * by writing 1 to their VALID bit.
 */
#define R_PF_MDET_TX            0x000E6400
#define   PF_MDET_TX_VALID      1u
#define R_GL_MDET_TX            0x000E6480
#define   GL_MDET_TX_PF_SHIFT   21
#define   GL_MDET_TX_EVENT_SHIFT 25
#define   GL_MDET_TX_VALID      (1u << 31)
#define R_GLLAN_TXPRE_QDIS(i)   (0x000E6500 + (i) * 4)
#define R_REG_MSS               0x000E64DC

#define R_PFINT_ITRN(i, v)      (0x00030000 + (i) * 2048 + (v) * 4)
#define R_PFINT_DYN_CTLN(v)     (0x00034800 + (v) * 4)
#define R_PFINT_LNKLSTN(v)      (0x00035000 + (v) * 4)
#define R_PFINT_ITR0(i)         (0x00038000 + (i) * 128)
#define R_PFINT_STAT_CTL0       0x00038400
#define R_PFINT_DYN_CTL0        0x00038480
#define   DYN_INTENA            (1u << 0)
#define   DYN_CLEARPBA          (1u << 1)
#define   DYN_SWINT_TRIG        (1u << 2)
#define   DYN_INTENA_MSK        (1u << 31)
#define R_PFINT_LNKLST0         0x00038500
#define R_PFINT_ICR0            0x00038780
#define R_PFINT_ICR0_ENA        0x00038800
#define   ICR0_INTEVENT         (1u << 0)
#define   ICR0_QUEUE_0          (1u << 1)
#define   ICR0_MAL_DETECT       (1u << 19)
#define   ICR0_HMC_ERR          (1u << 26)
#define   ICR0_ADMINQ           (1u << 30)
#define   ICR0_SWINT            (1u << 31)
#define R_QINT_RQCTL(q)         (0x0003A000 + (q) * 4)
#define R_QINT_TQCTL(q)         (0x0003C000 + (q) * 4)
#define   QINT_MSIX_INDX        0xff
#define   QINT_CAUSE_ENA        (1u << 30)
#define   QINT_INTEVENT         (1u << 31)

#define R_QTX_ENA(q)            (0x00100000 + (q) * 4)
#define R_QTX_CTL(q)            (0x00104000 + (q) * 4)
#define R_QTX_TAIL(q)           (0x00108000 + (q) * 4)
#define R_QRX_ENA(q)            (0x00120000 + (q) * 4)
#define R_QRX_TAIL(q)           (0x00128000 + (q) * 4)
#define   QENA_REQ              (1u << 0)
#define   QENA_FAST_DIS         (1u << 1)
#define   QENA_STAT             (1u << 2)

#define R_GLLAN_RCTL_0          0x0012A500
#define R_PFLAN_QALLOC          0x001C0400
#define R_PFGEN_PORTNUM         0x001C0480
#define R_PF_VT_PFALLOC         0x001C0500
#define R_PFQF_CTL_0            0x001C0AC0
#define R_PFQF_CTL_1            0x00245D80
#define   CTL_1_CLEARFDTABLE    1u
#define R_PRTGL_SAH             0x001E2140
#define R_PFQF_HLUT(i)          (0x00240000 + (i) * 128)    /* 0..127 */
#define R_PFQF_HKEY(i)          (0x00244800 + (i) * 128)    /* 0..12 */
#define R_PFQF_HENA(i)          (0x00245900 + (i) * 128)    /* 0..1 */
#define R_PFQF_FDSTAT           0x00246380
/*
 * Input sets, 64 bits in two registers (j = 0 low, 1 high) per packet
 * classifier type p: the fields a flow director filter matches
 * (PRTQF_FD_INSET) and RSS hashes (GLQF_HASH_INSET).
 */
#define R_PRTQF_FD_INSET(p, j)  (0x00250000 + (p) * 64 + (j) * 32)
#define R_GLQF_HASH_INSET(j, p) (0x00267600 + (j) * 4 + (p) * 8)
#define   INSET_L4_DST          (1ull << 33)
#define   INSET_L4_SRC          (1ull << 34)
#define   INSET_L3_DST          (3ull << 35)
#define   INSET_L3_SRC          (3ull << 47)
#define   INSET_L3_V6_DST       (0xffull << 35)
#define   INSET_L3_V6_SRC       (0xffull << 43)
#define   INSET_L4              (INSET_L4_SRC | INSET_L4_DST)
#define   INSET_V4_TUPLE        (INSET_L3_SRC | INSET_L3_DST | INSET_L4)
#define   INSET_V6_TUPLE        (INSET_L3_V6_SRC | INSET_L3_V6_DST | INSET_L4)
#define R_GLQF_FDCNT_0          0x00269BAC
#define R_GLQF_FDEVICTENA(i)    (0x00270384 + (i) * 4)

/* Per-port statistics (port 0), 48-bit counters split in H/L halves. */
#define R_GLPRT_GORCL           0x00300000
#define R_GLPRT_UPRCL           0x003005A0
#define R_GLPRT_MPRCL           0x003005C0
#define R_GLPRT_BPRCL           0x003005E0
#define R_GLPRT_GOTCL           0x00300680
#define R_GLPRT_UPTCL           0x003009C0
#define R_GLPRT_MPTCL           0x003009E0
#define R_GLPRT_BPTCL           0x00300A00
#define R_GLPRT_PRC64L          0x00300480
#define R_GLPRT_PTC64L          0x003006A0
/* Per-VSI statistics (stat index i) */
/* Receive discards of a VSI for want of a descriptor (32 bits, stride 8) */
#define R_GLV_RDPC(i)           (0x00310000 + (i) * 8)
#define R_GLV_GORCL(i)          (0x00358000 + (i) * 8)
#define R_GLV_UPRCL(i)          (0x0036C000 + (i) * 8)
#define R_GLV_MPRCL(i)          (0x0036CC00 + (i) * 8)
#define R_GLV_BPRCL(i)          (0x0036D800 + (i) * 8)
#define R_GLV_GOTCL(i)          (0x00328000 + (i) * 8)
#define R_GLV_UPTCL(i)          (0x0033C000 + (i) * 8)
#define R_GLV_MPTCL(i)          (0x0033CC00 + (i) * 8)
#define R_GLV_BPTCL(i)          (0x0033D800 + (i) * 8)

/* ---- admin queue ---- */
#define AQ_FLAG_DD              0x0001
#define AQ_FLAG_CMP             0x0002
#define AQ_FLAG_ERR             0x0004
#define AQ_FLAG_LB              0x0200
#define AQ_FLAG_RD              0x0400
#define AQ_FLAG_BUF             0x1000
#define AQ_FLAG_SI              0x2000

enum {
    AQ_RC_OK = 0, AQ_RC_EPERM = 1, AQ_RC_ENOENT = 2, AQ_RC_ESRCH = 3,
    AQ_RC_EIO = 5, AQ_RC_ENXIO = 6, AQ_RC_E2BIG = 7, AQ_RC_EAGAIN = 8,
    AQ_RC_ENOMEM = 9, AQ_RC_EACCES = 10, AQ_RC_EFAULT = 11,
    AQ_RC_EBUSY = 12, AQ_RC_EEXIST = 13, AQ_RC_EINVAL = 14,
    AQ_RC_ENOSPC = 16, AQ_RC_ENOSYS = 17, AQ_RC_ERANGE = 18,
    AQ_RC_BAD_ADDR = 20, AQ_RC_EMODE = 21,
};

typedef struct XLAqDesc {
    uint16_t flags;
    uint16_t opcode;
    uint16_t datalen;
    uint16_t retval;
    uint32_t cookie_high;
    uint32_t cookie_low;
    uint8_t  params[16];
} QEMU_PACKED XLAqDesc;

/* ---- queue contexts, decoded ---- */
typedef struct XLRxQ {
    bool     ena;
    uint64_t base;              /* bytes */
    uint32_t qlen;
    uint32_t dbuff;             /* bytes */
    uint32_t hbuff;
    uint32_t dtype;
    uint32_t dsize;             /* 0: 16-byte descriptors, 1: 32-byte */
    uint32_t crcstrip;
    uint32_t rxmax;
    uint32_t head;
    uint32_t vsi;               /* index into vsi[] owning it, or ~0 */
} XLRxQ;

typedef struct XLTxQ {
    bool     ena;
    uint64_t base;
    uint32_t qlen;
    uint32_t head;
    bool     head_wb_ena;
    uint64_t head_wb_addr;
    bool     fd_ena;
    /* a context descriptor's TSO request, for the packet that follows */
    bool     tso;
    uint32_t tso_len, mss;
    /* a filter programming descriptor, for the packet that follows */
    bool     fd_pend;
    uint32_t fd_qw0, fd_cmd, fd_id;
    bool     more;              /* out of budget: tx_bh goes on */
} XLTxQ;

typedef struct XLVsi {
    bool     used;
    uint16_t seid;
    uint16_t num;               /* VSI number (hardware index) */
    uint16_t uplink;
    uint16_t type;
    uint8_t  props[128];        /* i40e_aqc_vsi_properties_data */
    bool     promisc_uc, promisc_mc, bcast;
    bool     dflt;              /* the port's default VSI */
    uint16_t stat_idx;
} XLVsi;

typedef struct XLFilt {
    bool     used;
    uint8_t  mac[6];
    uint16_t vlan;
    uint16_t flags;
    uint16_t seid;
} XLFilt;

typedef struct XLFdir {
    bool     used;
    uint32_t id;                /* soft index from the descriptor */
    uint8_t  pctype;
    uint16_t q;
    uint16_t dest_vsi;
    bool     drop;
    uint8_t  proto;             /* 6 TCP, 17 UDP, 0 other */
    uint32_t sip, dip;          /* network order as read from packet */
    uint16_t sport, dport;
    uint32_t fd_id;
} XLFdir;

struct XL710State {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    MemoryRegion msix;
    NICState *nic;
    NICConf conf;

    uint32_t *regs;             /* BAR0 backing store */
    uint16_t sr[XL_SR_WORDS];   /* NVM shadow RAM */

    /* admin queue */
    bool nvm_owned;
    uint64_t nvm_owner_deadline;
    bool lse_enabled;           /* link status events requested */
    uint16_t phy_int_mask;
    bool link_up;
    bool fw_lldp_running;
    bool aq_log;                /* property aq-log: log every command */
    uint8_t aq_buf[XL_AQ_MAX_BUF];  /* the ATQ command's indirect buffer */
    uint8_t rss_key[52];
    uint8_t fc_mode;

    /* HMC segment descriptors as written through PFHMC_SDCMD */
    uint64_t sd[XL_MAX_SD];
    bool sd_valid[XL_MAX_SD];
    bool sd_direct[XL_MAX_SD];

    XLRxQ rxq[XL_NQ];
    XLTxQ txq[XL_NQ];

    /* interrupts: pending causes per vector, and the auto-mask state */
    bool vec_pending[XL_NVEC];
    bool vec_armed[XL_NVEC];

    XLVsi vsi[XL_MAX_VSI];
    bool veb_used[4];           /* VEB i has switch element 288 + i */
    XLFilt filt[XL_MAX_FILT];
    XLFdir fdir[XL_MAX_FDIR];
    uint32_t fdir_count;

    /*
     * Port statistics kept as 64-bit counters, exposed through regs[]:
     * zeroed with the registers.
     */
    struct {
        uint64_t rx_bytes, rx_uc, rx_mc, rx_bc;
        uint64_t tx_bytes, tx_uc, tx_mc, tx_bc;
    } st;

    QEMUBH *tx_bh;              /* TX queues that ran out of budget */
    uint8_t *txbuf;             /* XL_TXBUF_SIZE: a packet or a TSO burst */
    uint8_t *segbuf;            /* XL_MAX_FRAME + 64: one TSO segment */
    uint32_t txlen;
};

static inline uint32_t xl_rd(XL710State *s, uint32_t off)
{
    return s->regs[off >> 2];
}

static inline void xl_wr(XL710State *s, uint32_t off, uint32_t v)
{
    s->regs[off >> 2] = v;
}

/* a 64-bit value kept in two registers, lo and hi */
static inline uint64_t xl_rd64(XL710State *s, uint32_t lo, uint32_t hi)
{
    return xl_rd(s, lo) | (uint64_t)xl_rd(s, hi) << 32;
}

static inline void xl_wr64(XL710State *s, uint32_t lo, uint32_t hi,
                           uint64_t v)
{
    xl_wr(s, lo, v);
    xl_wr(s, hi, v >> 32);
}

/* xl710.c */
void xl710_raise(XL710State *s, unsigned vec);
void xl710_icr0(XL710State *s, uint32_t cause);
void xl710_queue_irq(XL710State *s, uint32_t ctl_reg);
void xl710_link_set(XL710State *s, bool up);
void xl710_pf_reset(XL710State *s);

/* xl710_aq.c */
void xl710_aq_atq_tail(XL710State *s);
void xl710_aq_event(XL710State *s, uint16_t opcode, const uint8_t *params,
                    const void *buf, uint16_t len);
void xl710_aq_reset(XL710State *s);
void xl710_link_event(XL710State *s);

/* xl710_hmc.c */
void xl710_hmc_sdcmd(XL710State *s, uint32_t val);
void xl710_qrx_ena(XL710State *s, unsigned q, uint32_t val);
void xl710_qtx_ena(XL710State *s, unsigned q, uint32_t val);

/* xl710_ring.c */
void xl710_tx_tail(XL710State *s, unsigned q);
void xl710_tx_bh(void *opaque);
ssize_t xl710_receive(NetClientState *nc, const uint8_t *buf, size_t size);
bool xl710_can_receive(NetClientState *nc);
void xl710_stats_sync(XL710State *s);

#define XL_LOG(fmt, ...) \
    qemu_log_mask(LOG_UNIMP, "xl710: " fmt "\n", ## __VA_ARGS__)
#define XL_GUEST_ERR(fmt, ...) \
    qemu_log_mask(LOG_GUEST_ERROR, "xl710: " fmt "\n", ## __VA_ARGS__)

#endif
