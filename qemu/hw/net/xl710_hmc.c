/*
 * Intel XL710 model: the Host Memory Cache (segment and page descriptors
 * in guest memory) and the LAN queue contexts the driver keeps there,
 * read when a queue is enabled through QRX_ENA / QTX_ENA.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "hw/pci/pci.h"
#include "xl710.h"

#define HMC_SD_SIZE     (2 * MiB)
#define HMC_PD_SIZE     (4 * KiB)

void xl710_hmc_sdcmd(XL710State *s, uint32_t val)
{
    unsigned idx = val & SDCMD_IDX_MASK;
    uint32_t lo = xl_rd(s, R_PFHMC_SDDATALOW);
    uint32_t hi = xl_rd(s, R_PFHMC_SDDATAHIGH);

    xl_wr(s, R_PFHMC_SDCMD, val);
    if (!(val & SDCMD_WR)) {
        /* a read of the entry: give back what was written */
        if (idx < XL_MAX_SD) {
            xl_wr(s, R_PFHMC_SDDATALOW, (uint32_t)s->sd[idx] |
                  (s->sd_direct[idx] ? 2 : 0) | (s->sd_valid[idx] ? 1 : 0));
            xl_wr(s, R_PFHMC_SDDATAHIGH, s->sd[idx] >> 32);
        }
        return;
    }
    if (idx >= XL_MAX_SD) {
        XL_GUEST_ERR("HMC segment descriptor %u beyond %u", idx, XL_MAX_SD);
        xl_wr(s, R_PFHMC_ERRORINFO, (1u << 31) | idx);
        xl710_icr0(s, ICR0_HMC_ERR);
        return;
    }
    s->sd_valid[idx] = lo & 1;
    s->sd_direct[idx] = lo & 2;
    s->sd[idx] = ((uint64_t)hi << 32) | (lo & ~0xfffu);
}

/* FPM address of an HMC object -> guest physical address, or false. */
static bool hmc_translate(XL710State *s, uint64_t fpm, uint32_t len,
                          dma_addr_t *pa)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint64_t idx = fpm / HMC_SD_SIZE, off = fpm % HMC_SD_SIZE;
    uint64_t pd;

    if (idx >= XL_MAX_SD || !s->sd_valid[idx]) {
        return false;
    }
    if (s->sd_direct[idx]) {
        if (off + len > HMC_SD_SIZE) {
            return false;
        }
        *pa = s->sd[idx] + off;
        return true;
    }
    /* paged: the SD points at a page of 512 page descriptors */
    if (off % HMC_PD_SIZE + len > HMC_PD_SIZE) {
        return false;
    }
    if (pci_dma_read(d, s->sd[idx] + (off / HMC_PD_SIZE) * 8, &pd,
                     sizeof(pd)) != MEMTX_OK) {
        return false;
    }
    pd = le64_to_cpu(pd);
    if (!(pd & 1)) {
        return false;
    }
    *pa = (pd & ~0xfffull) + off % HMC_PD_SIZE;
    return true;
}

static bool hmc_read_obj(XL710State *s, uint32_t base_reg, uint32_t cnt_reg,
                         unsigned q, unsigned size, uint8_t *out)
{
    uint64_t fpm = (uint64_t)xl_rd(s, base_reg) * 512 + (uint64_t)q * size;
    dma_addr_t pa;

    if (q >= xl_rd(s, cnt_reg)) {
        XL_GUEST_ERR("queue %u beyond the %u HMC contexts set up", q,
                     xl_rd(s, cnt_reg));
        return false;
    }
    if (!hmc_translate(s, fpm, size, &pa)) {
        XL_GUEST_ERR("queue %u context at FPM 0x%" PRIx64 " not backed",
                     q, fpm);
        return false;
    }
    return pci_dma_read(PCI_DEVICE(s), pa, out, size) == MEMTX_OK;
}

/* bits [lsb, lsb + width) of a little-endian bit string, width <= 64 */
static uint64_t bits(const uint8_t *b, unsigned lsb, unsigned width)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < width; i++) {
        unsigned bit = lsb + i;

        v |= (uint64_t)((b[bit / 8] >> (bit % 8)) & 1) << i;
    }
    return v;
}

static bool rxq_load(XL710State *s, unsigned q)
{
    uint8_t ctx[32];
    XLRxQ *r = &s->rxq[q];

    if (!hmc_read_obj(s, R_GLHMC_LANRXBASE(0), R_GLHMC_LANRXCNT(0), q,
                      32, ctx)) {
        return false;
    }
    memset(r, 0, sizeof(*r));
    r->head = bits(ctx, 0, 13);
    r->base = bits(ctx, 32, 57) * 128;
    r->qlen = bits(ctx, 89, 13);
    r->dbuff = bits(ctx, 102, 7) * 128;
    r->hbuff = bits(ctx, 109, 5) * 64;
    r->dtype = bits(ctx, 114, 2);
    r->dsize = bits(ctx, 116, 1);
    r->crcstrip = bits(ctx, 117, 1);
    r->rxmax = bits(ctx, 174, 14);
    if (r->qlen < 8 || r->qlen > 8160 || r->head >= r->qlen ||
        r->dbuff == 0 || r->base == 0) {
        XL_GUEST_ERR("RX queue %u: bad context (base 0x%" PRIx64
                     " qlen %u head %u dbuff %u)", q, r->base, r->qlen,
                     r->head, r->dbuff);
        return false;
    }
    if (r->dtype != 0) {
        XL_LOG("RX queue %u: header split (dtype %u) not modelled, "
               "buffers used as one-buffer descriptors", q, r->dtype);
    }
    return true;
}

static bool txq_load(XL710State *s, unsigned q)
{
    uint8_t ctx[128];
    XLTxQ *t = &s->txq[q];

    if (!hmc_read_obj(s, R_GLHMC_LANTXBASE(0), R_GLHMC_LANTXCNT(0), q,
                      128, ctx)) {
        return false;
    }
    memset(t, 0, sizeof(*t));
    t->head = bits(ctx, 0, 13);
    t->base = bits(ctx, 32, 57) * 128;
    t->fd_ena = bits(ctx, 91, 1);
    t->head_wb_ena = bits(ctx, 160, 1);
    t->qlen = bits(ctx, 161, 13);
    t->head_wb_addr = bits(ctx, 192, 64);
    if (t->qlen < 8 || t->qlen > 8160 || t->head >= t->qlen ||
        t->base == 0) {
        XL_GUEST_ERR("TX queue %u: bad context (base 0x%" PRIx64
                     " qlen %u head %u)", q, t->base, t->qlen, t->head);
        return false;
    }
    return true;
}

void xl710_qrx_ena(XL710State *s, unsigned q, uint32_t val)
{
    uint32_t reg = R_QRX_ENA(q);

    if (val & QENA_REQ) {
        if (!s->rxq[q].ena) {
            if (!rxq_load(s, q)) {
                xl_wr(s, reg, val & QENA_REQ);   /* stays disabled */
                return;
            }
            s->rxq[q].ena = true;
        }
        xl_wr(s, reg, QENA_REQ | QENA_STAT);
    } else {
        s->rxq[q].ena = false;
        xl_wr(s, reg, 0);
    }
}

void xl710_qtx_ena(XL710State *s, unsigned q, uint32_t val)
{
    uint32_t reg = R_QTX_ENA(q);

    if (val & QENA_REQ) {
        if (!s->txq[q].ena) {
            if (!txq_load(s, q)) {
                xl_wr(s, reg, val & QENA_REQ);
                return;
            }
            s->txq[q].ena = true;
            xl_wr(s, R_QTX_HEAD(q), s->txq[q].head);
        }
        xl_wr(s, reg, QENA_REQ | QENA_STAT);
        xl710_tx_tail(s, q);
    } else {
        s->txq[q].ena = false;
        xl_wr(s, reg, 0);
    }
}
