/*
 * Intel XL710 model: the PCI function, BAR0 registers, resets, the NVM
 * shadow RAM and the interrupt logic.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "xl710.h"

#define XL_PCIE_CAP_OFF     0xa0
#define XL_MSIX_CAP_OFF     0x70

/* ---- NVM shadow RAM ---- */

/*
 * Word offsets the driver reads (i40e_type.h facts); everything else is
 * zero.  The layout of the pointed-to blocks is the model's choice.
 */
#define SR_PBA_FLAGS        0x15
#define SR_PBA_BLOCK_PTR    0x16
#define SR_BOOT_CONFIG_PTR  0x17
#define SR_DEV_STARTER_VER  0x18
#define SR_WAKE_ON_LAN      0x19
#define SR_OEM_VERSION_PTR  0x1B
#define SR_EETRACK_LO       0x2D
#define SR_EETRACK_HI       0x2E
#define SR_VPD_PTR          0x2F
#define SR_PCIE_ALT_PTR     0x3E
#define SR_SW_CHECKSUM      0x3F
#define SR_EMP_SETTINGS_PTR 0x48

#define SR_VPD_AT           0x400   /* skipped by the checksum: 512 words */
#define SR_PCIE_ALT_AT      0x600   /* skipped by the checksum: 512 words */
#define SR_EMP_AT           0x200
#define SR_BOOT_CFG_AT      0x100
#define SR_PBA_AT           0x300

static void xl_sr_build(XL710State *s)
{
    static const char pba[] = "QEMUXL710";
    uint16_t sum = 0;
    int i;

    memset(s->sr, 0, sizeof(s->sr));
    s->sr[0x00] = 0x0040;               /* control word: valid image */
    s->sr[SR_PBA_FLAGS] = 0xFAFA;       /* PBA is a pointer to a block */
    s->sr[SR_PBA_BLOCK_PTR] = SR_PBA_AT;
    s->sr[SR_BOOT_CONFIG_PTR] = SR_BOOT_CFG_AT;
    s->sr[SR_DEV_STARTER_VER] = 0x9020; /* NVM 9.20 */
    s->sr[SR_WAKE_ON_LAN] = 0x000F;     /* WoL disabled on every port */
    s->sr[SR_OEM_VERSION_PTR] = 0xFFFF; /* no OEM version block */
    s->sr[SR_EETRACK_LO] = 0x1f70;
    s->sr[SR_EETRACK_HI] = 0x8000;
    s->sr[SR_VPD_PTR] = SR_VPD_AT;
    s->sr[SR_PCIE_ALT_PTR] = SR_PCIE_ALT_AT;
    s->sr[SR_EMP_SETTINGS_PTR] = SR_EMP_AT;
    /* OEM version words in the boot configuration block */
    s->sr[SR_BOOT_CFG_AT + 0x83] = 0x0109;
    s->sr[SR_BOOT_CFG_AT + 0x84] = 0x0000;
    /* PBA block: length in words (including itself), then the string */
    s->sr[SR_PBA_AT] = 1 + (sizeof(pba) - 1) / 2;
    for (i = 0; i < (int)(sizeof(pba) - 1) / 2; i++) {
        s->sr[SR_PBA_AT + 1 + i] = (pba[2 * i] << 8) | pba[2 * i + 1];
    }

    for (i = 0; i < XL_SR_WORDS; i++) {
        if (i == SR_SW_CHECKSUM ||
            (i >= SR_VPD_AT && i < SR_VPD_AT + 512) ||
            (i >= SR_PCIE_ALT_AT && i < SR_PCIE_ALT_AT + 512)) {
            continue;
        }
        sum += s->sr[i];
    }
    s->sr[SR_SW_CHECKSUM] = (uint16_t)(0xBABA - sum);
}

/* ---- interrupts ---- */

/*
 * A vector fires when it has a pending cause and is armed (INTENA written
 * since it last fired): firing disarms it, as the hardware's auto-mask
 * does; the driver re-arms it through PFINT_DYN_CTL0/PFINT_DYN_CTLN.
 */
static void xl_try_fire(XL710State *s, unsigned vec)
{
    PCIDevice *d = PCI_DEVICE(s);

    if (!s->vec_pending[vec] || !s->vec_armed[vec]) {
        return;
    }
    s->vec_pending[vec] = false;
    s->vec_armed[vec] = false;
    if (msix_enabled(d)) {
        msix_notify(d, vec);
    }
}

void xl710_raise(XL710State *s, unsigned vec)
{
    if (vec >= XL_NVEC) {
        XL_GUEST_ERR("interrupt on vector %u out of range", vec);
        return;
    }
    s->vec_pending[vec] = true;
    xl_try_fire(s, vec);
}

void xl710_icr0(XL710State *s, uint32_t cause)
{
    uint32_t icr = xl_rd(s, R_PFINT_ICR0) | cause;

    if (cause & xl_rd(s, R_PFINT_ICR0_ENA)) {
        icr |= ICR0_INTEVENT;
        xl_wr(s, R_PFINT_ICR0, icr);
        xl710_raise(s, 0);
    } else {
        xl_wr(s, R_PFINT_ICR0, icr);
    }
}

/* A queue's cause (QINT_RQCTL(q) or QINT_TQCTL(q)) fired. */
void xl710_queue_irq(XL710State *s, uint32_t ctl_reg)
{
    uint32_t ctl = xl_rd(s, ctl_reg);
    unsigned vec;

    if (!(ctl & QINT_CAUSE_ENA)) {
        return;
    }
    vec = ctl & QINT_MSIX_INDX;
    xl_wr(s, ctl_reg, ctl | QINT_INTEVENT);
    if (vec == 0) {
        xl710_icr0(s, ICR0_QUEUE_0);
    } else {
        xl710_raise(s, vec);
    }
}

static void xl_dyn_ctl(XL710State *s, unsigned vec, uint32_t val)
{
    if (vec >= XL_NVEC) {
        return;
    }
    /* INTENA_MSK set: this write leaves INTENA as it is */
    if (!(val & DYN_INTENA_MSK)) {
        s->vec_armed[vec] = val & DYN_INTENA;
    }
    if (val & DYN_SWINT_TRIG) {
        if (vec == 0) {
            uint32_t icr = xl_rd(s, R_PFINT_ICR0) | ICR0_SWINT |
                           ICR0_INTEVENT;
            xl_wr(s, R_PFINT_ICR0, icr);
        }
        s->vec_pending[vec] = true;
    }
    xl_try_fire(s, vec);
}

/* ---- link ---- */

void xl710_link_set(XL710State *s, bool up)
{
    if (s->link_up == up) {
        return;
    }
    s->link_up = up;
    xl710_link_event(s);
}

static void xl_set_link_status(NetClientState *nc)
{
    XL710State *s = qemu_get_nic_opaque(nc);

    xl710_link_set(s, !nc->link_down);
}

/* ---- resets ---- */

static void xl_regs_defaults(XL710State *s)
{
    PCIDevice *d = PCI_DEVICE(s);
    int p;

    memset(s->regs, 0, XL_BAR0_SIZE);
    memset(&s->st, 0, sizeof(s->st));
    xl_wr(s, R_GLGEN_RSTCTL, 8);                /* GRSTDEL */
    xl_wr(s, R_GLNVM_ULD, 0x7ff);               /* every load done */
    xl_wr(s, R_GLNVM_GENS, 2 << 5);             /* SR: 2^2 KB = 4 KB */
    xl_wr(s, R_GLNVM_FLA, 1u << 6);             /* LOCKED: normal mode */
    xl_wr(s, R_GLNVM_SRCTL, SRCTL_DONE);
    xl_wr(s, R_PF_FUNC_RID, PCI_FUNC(d->devfn));
    xl_wr(s, R_PFPCI_SUBSYSID, 0x0002);         /* as in config space */
    xl_wr(s, R_GLPCI_CNF2, XL_NVEC << 2);
    xl_wr(s, R_PFLAN_QALLOC, (1u << 31) | ((XL_NQ - 1) << 16));
    xl_wr(s, R_PRTGL_SAH, 0x2600u << 16);       /* MFS 9728 */
    xl_wr(s, R_REG_MSS, 0x00400000);            /* min MSS 64 */
    xl_wr(s, R_PRTGEN_STATUS, 0x3);             /* port valid, active */
    for (p = 1; p < 4; p++) {
        xl_wr(s, R_PRTGEN_CNF(p), 1);           /* PORT_DIS */
    }
    xl_wr(s, R_GLHMC_LANTXOBJSZ, 7);            /* 128-byte contexts */
    xl_wr(s, R_GLHMC_LANRXOBJSZ, 5);            /* 32-byte contexts */
    xl_wr(s, R_GLHMC_LANQMAX, 1536);
    xl_wr(s, R_GLHMC_FCOEDDPOBJSZ, 6);
    xl_wr(s, R_GLHMC_FCOEFOBJSZ, 5);
    /* room for the default FCoE filter + context sizes the driver checks */
    xl_wr(s, R_GLHMC_FCOEFMAX, 0x1000);
    xl_wr(s, R_GLHMC_FCOEMAX, 0x1000);
    xl_wr(s, R_GLQF_FDEVICTENA(1), 0xc03);
    xl_wr(s, R_PFQF_CTL_0, 0);
    /*
     * Flow director input sets: the 4-tuple (L3 source and destination,
     * L4 source and destination port) for the IPv4 UDP/TCP/SCTP types.
     */
    for (p = 29; p <= 34; p++) {
        xl_wr64(s, R_PRTQF_FD_INSET(p, 0), R_PRTQF_FD_INSET(p, 1),
                INSET_V4_TUPLE);
    }
    /*
     * RSS input sets: the 4-tuple for the IPv4 (29-33) and IPv6 (39-43)
     * UDP and TCP types, those `ethtool -N rx-flow-hash` changes.
     */
    for (p = 29; p <= 33; p++) {
        xl_wr64(s, R_GLQF_HASH_INSET(0, p), R_GLQF_HASH_INSET(1, p),
                INSET_V4_TUPLE);
        xl_wr64(s, R_GLQF_HASH_INSET(0, p + 10), R_GLQF_HASH_INSET(1, p + 10),
                INSET_V6_TUPLE);
    }
}

static void xl_fd_clear(XL710State *s)
{
    memset(s->fdir, 0, sizeof(s->fdir));
    s->fdir_count = 0;
    xl_wr(s, R_PFQF_FDSTAT, 0);
}

/* PF software reset (PFGEN_CTRL.PFSWR): queues, interrupts, HMC, switch. */
void xl710_pf_reset(XL710State *s)
{
    int q, v;

    for (q = 0; q < XL_NQ; q++) {
        memset(&s->rxq[q], 0, sizeof(s->rxq[q]));
        memset(&s->txq[q], 0, sizeof(s->txq[q]));
        xl_wr(s, R_QRX_ENA(q), 0);
        xl_wr(s, R_QTX_ENA(q), 0);
        xl_wr(s, R_QRX_TAIL(q), 0);
        xl_wr(s, R_QTX_TAIL(q), 0);
        xl_wr(s, R_QINT_RQCTL(q), 0);
        xl_wr(s, R_QINT_TQCTL(q), 0);
    }
    for (v = 0; v < XL_NVEC; v++) {
        s->vec_pending[v] = false;
        s->vec_armed[v] = false;
        if (v) {
            xl_wr(s, R_PFINT_DYN_CTLN(v - 1), 0);
            xl_wr(s, R_PFINT_LNKLSTN(v - 1), 0);
        }
    }
    xl_wr(s, R_PFINT_DYN_CTL0, 0);
    xl_wr(s, R_PFINT_ICR0, 0);
    xl_wr(s, R_PFINT_ICR0_ENA, 0);
    xl_wr(s, R_PFINT_LNKLST0, 0);
    memset(s->sd, 0, sizeof(s->sd));
    memset(s->sd_valid, 0, sizeof(s->sd_valid));
    memset(s->sd_direct, 0, sizeof(s->sd_direct));
    xl_fd_clear(s);
    s->txlen = 0;
    xl710_aq_reset(s);
    /*
     * Frames QEMU holds for the port (the VM stopped, or a hub still
     * delivering) arrive now, while every RX queue is disabled, and are
     * dropped; not after the driver has set its queues up again.
     */
    qemu_flush_or_purge_queued_packets(qemu_get_queue(s->nic), true);
}

static void xl_core_reset(XL710State *s)
{
    uint32_t keep_atq[5], keep_arq[5];
    int i;

    /* The admin queue registers survive a core reset (EMPR only). */
    for (i = 0; i < 5; i++) {
        keep_atq[i] = xl_rd(s, R_PF_ATQBAL + i * 0x100);
        keep_arq[i] = xl_rd(s, R_PF_ARQBAL + i * 0x100);
    }
    xl_regs_defaults(s);
    for (i = 0; i < 5; i++) {
        xl_wr(s, R_PF_ATQBAL + i * 0x100, keep_atq[i]);
        xl_wr(s, R_PF_ARQBAL + i * 0x100, keep_arq[i]);
    }
    xl710_pf_reset(s);
}

static void xl_qdev_reset(DeviceState *dev)
{
    XL710State *s = XL710(dev);

    xl_regs_defaults(s);
    xl710_pf_reset(s);
    s->link_up = !qemu_get_queue(s->nic)->link_down;
}

/* ---- BAR0 ---- */

static uint64_t xl_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    XL710State *s = opaque;
    uint32_t off = addr & ~3u, val;

    if (off >= XL_BAR0_SIZE) {
        return 0;
    }
    val = xl_rd(s, off);
    switch (off) {
    case R_PFINT_ICR0:
        /* read-to-clear */
        xl_wr(s, R_PFINT_ICR0, 0);
        break;
    case R_PFGEN_CTRL:
        break;
    }
    return val;
}

static void xl_mmio_write(void *opaque, hwaddr addr, uint64_t data,
                          unsigned size)
{
    XL710State *s = opaque;
    uint32_t off = addr & ~3u, val = data;
    unsigned i;

    if (off >= XL_BAR0_SIZE) {
        return;
    }

    /* per-queue and per-vector arrays */
    if (off >= R_QTX_TAIL(0) && off < R_QTX_TAIL(XL_NQ)) {
        i = (off - R_QTX_TAIL(0)) / 4;
        xl_wr(s, off, val & 0x1fff);
        xl710_tx_tail(s, i);
        return;
    }
    if (off >= R_QRX_TAIL(0) && off < R_QRX_TAIL(XL_NQ)) {
        xl_wr(s, off, val & 0x1fff);
        return;
    }
    if (off >= R_QTX_ENA(0) && off < R_QTX_ENA(XL_NQ)) {
        xl710_qtx_ena(s, (off - R_QTX_ENA(0)) / 4, val);
        return;
    }
    if (off >= R_QRX_ENA(0) && off < R_QRX_ENA(XL_NQ)) {
        xl710_qrx_ena(s, (off - R_QRX_ENA(0)) / 4, val);
        return;
    }
    if (off >= R_PFINT_DYN_CTLN(0) && off < R_PFINT_DYN_CTLN(XL_NVEC - 1)) {
        i = (off - R_PFINT_DYN_CTLN(0)) / 4;
        xl_wr(s, off, val & ~(DYN_SWINT_TRIG | DYN_CLEARPBA));
        xl_dyn_ctl(s, i + 1, val);
        return;
    }
    if ((off >= R_QTX_ENA(XL_NQ) && off < R_QTX_ENA(1536)) ||
        (off >= R_QRX_ENA(XL_NQ) && off < R_QRX_ENA(1536)) ||
        (off >= R_QTX_TAIL(XL_NQ) && off < R_QTX_TAIL(1536)) ||
        (off >= R_QRX_TAIL(XL_NQ) && off < R_QRX_TAIL(1536))) {
        XL_GUEST_ERR("write 0x%x to queue register 0x%x beyond the PF's "
                     "%d queues", val, off, XL_NQ);
        return;
    }

    switch (off) {
    case R_PF_ATQT:
        xl_wr(s, off, val & AQ_HT_MASK);
        xl710_aq_atq_tail(s);
        return;
    case R_PF_ARQT:
        xl_wr(s, off, val & AQ_HT_MASK);
        return;
    case R_PF_ATQH:
    case R_PF_ARQH:
        xl_wr(s, off, val & AQ_HT_MASK);
        return;
    case R_PF_ATQLEN:
    case R_PF_ARQLEN:
        /* the error bits are write-1-to-clear, the rest plain */
        xl_wr(s, off, (val & (AQLEN_LEN | AQLEN_ENABLE)) |
              (xl_rd(s, off) & ~val & (AQLEN_VFE | AQLEN_OVFL | AQLEN_CRIT)));
        return;
    case R_GLNVM_SRCTL:
        if (val & SRCTL_START) {
            uint32_t a = (val >> SRCTL_ADDR_SHIFT) & SRCTL_ADDR_MASK;
            uint16_t w = a < XL_SR_WORDS ? s->sr[a] : 0xFFFF;

            if (a >= XL_SR_WORDS) {
                XL_GUEST_ERR("shadow RAM read of word 0x%x beyond 0x%x",
                             a, XL_SR_WORDS);
            }
            xl_wr(s, R_GLNVM_SRDATA, (uint32_t)w << 16);
        }
        xl_wr(s, off, (val & ~SRCTL_START) | SRCTL_DONE);
        return;
    case R_GLNVM_SRDATA:
        return;                 /* reads only through SRCTL */
    case R_PFGEN_CTRL:
        if (val & PFGEN_CTRL_PFSWR) {
            xl710_pf_reset(s);
        }
        xl_wr(s, off, val & ~PFGEN_CTRL_PFSWR);
        return;
    case R_GLGEN_RTRIG:
        if (val & (RTRIG_CORER | RTRIG_GLOBR | RTRIG_EMPFWR)) {
            XL_LOG("global reset requested (0x%x)", val);
            xl_core_reset(s);
            /* the reset is over by the time the driver looks */
            xl_wr(s, R_GLGEN_RSTAT, 0);
        }
        xl_wr(s, off, 0);
        return;
    case R_PFQF_CTL_1:
        /* the table is cleared at once, and the bit with it */
        if (val & CTL_1_CLEARFDTABLE) {
            xl_fd_clear(s);
        }
        xl_wr(s, off, val & ~CTL_1_CLEARFDTABLE);
        return;
    case R_GL_MDET_TX:
        /* the event stays until the driver writes 1 to VALID */
        if (val & GL_MDET_TX_VALID) {
            xl_wr(s, off, 0);
        }
        return;
    case R_PF_MDET_TX:
        if (val & PF_MDET_TX_VALID) {
            xl_wr(s, off, 0);
        }
        return;
    case R_PFHMC_SDCMD:
        xl710_hmc_sdcmd(s, val);
        return;
    case R_PFHMC_PDINV:
        return;                 /* no cache of page descriptors here */
    case R_PFINT_DYN_CTL0:
        xl_wr(s, off, val & ~(DYN_SWINT_TRIG | DYN_CLEARPBA));
        xl_dyn_ctl(s, 0, val);
        return;
    case R_PFINT_ICR0:
        return;                 /* read only */
    case R_PFINT_ICR0_ENA:
        xl_wr(s, off, val);
        /* a cause already latched and newly enabled fires now */
        if (xl_rd(s, R_PFINT_ICR0) & val & ~ICR0_INTEVENT) {
            xl710_raise(s, 0);
        }
        return;
    case R_PFQF_FDSTAT:
    case R_GLQF_FDCNT_0:
    case R_GL_FWSTS:
    case R_GLGEN_RSTAT:
    case R_PFLAN_QALLOC:
    case R_GLPCI_CNF2:
    case R_PF_FUNC_RID:
    case R_GLNVM_GENS:
    case R_GLNVM_FLA:
    case R_GLNVM_ULD:
    case R_GLHMC_LANQMAX:
    case R_GLHMC_LANTXOBJSZ:
    case R_GLHMC_LANRXOBJSZ:
        return;                 /* read-only */
    default:
        break;
    }
    xl_wr(s, off, val);
}

static const MemoryRegionOps xl_mmio_ops = {
    .read = xl_mmio_read,
    .write = xl_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- NIC glue ---- */

static NetClientInfo xl_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = xl710_can_receive,
    .receive = xl710_receive,
    .link_status_changed = xl_set_link_status,
};

/* ---- PCI ---- */

static void xl_realize(PCIDevice *d, Error **errp)
{
    XL710State *s = XL710(d);
    uint8_t *exp;
    int v;

    d->config[PCI_CACHE_LINE_SIZE] = 0x10;
    /* no INTx: the model signals through MSI-X only */
    d->config[PCI_INTERRUPT_PIN] = 0;
    pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID, XL_VENDOR);
    pci_set_word(d->config + PCI_SUBSYSTEM_ID, 0x0002);

    s->regs = g_malloc0(XL_BAR0_SIZE);
    s->tx_bh = qemu_bh_new_guarded(xl710_tx_bh, s,
                                   &DEVICE(d)->mem_reentrancy_guard);
    s->txbuf = g_malloc0(XL_TXBUF_SIZE);
    s->segbuf = g_malloc0(XL_MAX_FRAME + 64);

    memory_region_init_io(&s->mmio, OBJECT(s), &xl_mmio_ops, s,
                          "xl710-mmio", XL_BAR0_SIZE);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->mmio);
    memory_region_init(&s->msix, OBJECT(s), "xl710-msix", XL_MSIX_BAR_SIZE);
    pci_register_bar(d, 3, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->msix);

    if (pcie_endpoint_cap_init(d, XL_PCIE_CAP_OFF) < 0) {
        error_setg(errp, "xl710: cannot add the PCIe capability");
        return;
    }
    /* A Gen3 x8 link, as the real device trains to. */
    exp = d->config + d->exp.exp_cap;
    pci_set_long(exp + PCI_EXP_LNKCAP,
                 (pci_get_long(exp + PCI_EXP_LNKCAP) &
                  ~(PCI_EXP_LNKCAP_SLS | PCI_EXP_LNKCAP_MLW)) |
                 PCI_EXP_LNKCAP_SLS_8_0GB | (8 << 4));
    pci_set_word(exp + PCI_EXP_LNKSTA, PCI_EXP_LNKSTA_CLS_8_0GB | (8 << 4));

    if (msix_init(d, XL_NVEC, &s->msix, 3, 0, &s->msix, 3, XL_MSIX_PBA_OFF,
                  XL_MSIX_CAP_OFF, errp) < 0) {
        return;
    }
    for (v = 0; v < XL_NVEC; v++) {
        msix_vector_use(d, v);
    }

    xl_sr_build(s);
    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&xl_net_info, &s->conf, object_get_typename(
                          OBJECT(s)), DEVICE(d)->id,
                          &DEVICE(d)->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    xl_qdev_reset(DEVICE(d));
}

static void xl_exit(PCIDevice *d)
{
    XL710State *s = XL710(d);

    qemu_del_nic(s->nic);
    qemu_bh_delete(s->tx_bh);
    msix_uninit(d, &s->msix, &s->msix);
    g_free(s->regs);
    g_free(s->txbuf);
    g_free(s->segbuf);
}

static Property xl_properties[] = {
    DEFINE_NIC_PROPERTIES(XL710State, conf),
    DEFINE_PROP_BOOL("aq-log", XL710State, aq_log, false),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription xl_vmstate = {
    .name = "xl710",
    .unmigratable = 1,
};

static void xl_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = xl_realize;
    k->exit = xl_exit;
    k->vendor_id = XL_VENDOR;
    k->device_id = XL_DEVICE;
    k->revision = XL_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = "Intel Ethernet Controller XL710 for 40GbE QSFP+ (model)";
    dc->reset = xl_qdev_reset;
    dc->vmsd = &xl_vmstate;
    device_class_set_props(dc, xl_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo xl_info = {
    .name = TYPE_XL710,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(XL710State),
    .class_init = xl_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void xl_register_types(void)
{
    type_register_static(&xl_info);
}

type_init(xl_register_types)
