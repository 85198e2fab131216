/*
 * Intel XL710 model: the admin queue (ATQ commands, ARQ events) and the
 * firmware behind it: capabilities, NVM, switch/VSIs, filters, PHY/link.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "hw/pci/pci.h"
#include "net/net.h"
#include "xl710.h"

/* Firmware and API versions the model's firmware reports. */
#define FW_MAJOR        9
#define FW_MINOR        20
#define FW_BUILD        0x1d1e
#define FW_API_MAJOR    1
#define FW_API_MINOR    15      /* I40E_FW_API_VERSION_MINOR_X710 in 6.1 */

/* Switch element numbers the firmware hands out. */
#define SEID_MAC        2
#define SEID_PF         16
#define SEID_VSI_BASE   390
#define SEID_VEB_BASE   288

/* i40e_aq_phy_type / link speed facts */
#define PHY_TYPE_40GBASE_SR4    0x19
#define LINK_SPEED_40GB         0x10

#define L16(p)      lduw_le_p(p)
#define L32(p)      ldl_le_p(p)
#define S16(p, v)   stw_le_p(p, v)
#define S32(p, v)   stl_le_p(p, v)

typedef struct XLAqCtx {
    XLAqDesc *d;
    uint8_t *buf;               /* the indirect buffer (in and out) */
    uint16_t buflen;            /* its size as the descriptor gives it */
    uint16_t outlen;            /* bytes of buf to write back to the guest */
} XLAqCtx;

/* ---- VSIs and filters ---- */

static XLVsi *vsi_by_seid(XL710State *s, uint16_t seid)
{
    int i;

    for (i = 0; i < XL_MAX_VSI; i++) {
        if (s->vsi[i].used && s->vsi[i].seid == seid) {
            return &s->vsi[i];
        }
    }
    return NULL;
}

static XLVsi *vsi_alloc(XL710State *s, uint16_t type, uint16_t uplink)
{
    int i;

    for (i = 0; i < XL_MAX_VSI; i++) {
        if (!s->vsi[i].used) {
            XLVsi *v = &s->vsi[i];

            memset(v, 0, sizeof(*v));
            v->used = true;
            v->seid = SEID_VSI_BASE + i;
            v->num = i;
            v->type = type;
            v->uplink = uplink;
            v->stat_idx = i;
            return v;
        }
    }
    return NULL;
}

/* the parts of the properties the firmware fills in */
static void vsi_fw_fields(XLVsi *v)
{
    int tc;

    for (tc = 0; tc < 8; tc++) {
        S16(v->props + 96 + 2 * tc, 0x10 + v->num * 8 + tc); /* qs_handle */
    }
    S16(v->props + 112, v->stat_idx);
    S16(v->props + 114, v->num);
}

static void filt_add_default(XL710State *s, XLVsi *v)
{
    XLFilt *f = &s->filt[0];

    memset(f, 0, sizeof(*f));
    f->used = true;
    memcpy(f->mac, s->conf.macaddr.a, 6);
    f->flags = 0x0001 | 0x0004;     /* perfect match, ignore VLAN */
    f->seid = v->seid;
}

void xl710_aq_reset(XL710State *s)
{
    XLVsi *v;

    memset(s->vsi, 0, sizeof(s->vsi));
    memset(s->filt, 0, sizeof(s->filt));
    memset(s->veb_used, 0, sizeof(s->veb_used));
    /* after a reset the switch has the PF's own VSI, with its MAC */
    v = vsi_alloc(s, 2 /* PF */, SEID_MAC);
    vsi_fw_fields(v);
    filt_add_default(s, v);
    s->nvm_owned = false;
    s->lse_enabled = false;
    s->phy_int_mask = 0;
}

/*
 * The indirect buffer's address, params 8-15: high and low halves, LE.
 * ldl_le_p() returns an int: the low half must not be sign-extended.
 */
static uint64_t aq_buf_addr(const XLAqDesc *d)
{
    return (uint64_t)ldl_le_p(d->params + 8) << 32 |
           (uint32_t)ldl_le_p(d->params + 12);
}

/* ---- ARQ ---- */

void xl710_aq_event(XL710State *s, uint16_t opcode, const uint8_t *params,
                    const void *buf, uint16_t len)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t alen = xl_rd(s, R_PF_ARQLEN);
    uint32_t n = alen & AQLEN_LEN;
    uint32_t head = xl_rd(s, R_PF_ARQH), tail = xl_rd(s, R_PF_ARQT);
    uint64_t base = ((uint64_t)xl_rd(s, R_PF_ARQBAH) << 32) |
                    xl_rd(s, R_PF_ARQBAL);
    XLAqDesc e;
    uint64_t baddr;
    uint16_t blen;

    if (!(alen & AQLEN_ENABLE) || n == 0 || head >= n || tail >= n) {
        return;
    }
    if (head == tail) {
        xl_wr(s, R_PF_ARQLEN, alen | AQLEN_OVFL);
        return;
    }
    if (pci_dma_read(d, base + head * 32, &e, sizeof(e)) != MEMTX_OK) {
        xl_wr(s, R_PF_ARQLEN, alen | AQLEN_CRIT);
        return;
    }
    baddr = aq_buf_addr(&e);
    blen = le16_to_cpu(e.datalen);
    if (len > blen) {
        len = blen;
    }
    if (len && buf) {
        if (!(le16_to_cpu(e.flags) & AQ_FLAG_BUF) ||
            pci_dma_write(d, baddr, buf, len) != MEMTX_OK) {
            len = 0;
        }
    }
    e.flags = cpu_to_le16(AQ_FLAG_DD | AQ_FLAG_CMP |
                          (le16_to_cpu(e.flags) & (AQ_FLAG_BUF | AQ_FLAG_LB)));
    e.opcode = cpu_to_le16(opcode);
    e.datalen = cpu_to_le16(len);
    e.retval = 0;
    e.cookie_high = 0;
    e.cookie_low = 0;
    if (params) {
        /* the buffer address stays where the driver put it */
        memcpy(e.params, params, 8);
    }
    pci_dma_write(d, base + head * 32, &e, sizeof(e));
    xl_wr(s, R_PF_ARQH, (head + 1) % n);
    xl710_icr0(s, ICR0_ADMINQ);
}

static void link_params(XL710State *s, uint8_t *p)
{
    memset(p, 0, 16);
    S16(p + 0, s->lse_enabled ? 0x1 : 0);
    p[2] = PHY_TYPE_40GBASE_SR4;
    p[3] = s->link_up ? LINK_SPEED_40GB : 0;
    p[4] = (s->link_up ? 0x01 : 0) | 0x40;      /* LINK_UP, MEDIA_AVAILABLE */
    p[5] = 0x01 | 0x80;                         /* AN done, qualified */
    p[6] = 0;
    p[7] = 0;
    S16(p + 8, XL_MAX_FRAME);
    p[10] = 0x04;                               /* CRC enabled */
}

void xl710_link_event(XL710State *s)
{
    uint8_t p[16];

    /* the event mask bit for link up/down is 0x2 (1 masks it) */
    if (!s->lse_enabled || (s->phy_int_mask & 0x0002)) {
        return;
    }
    link_params(s, p);
    xl710_aq_event(s, 0x0607, p, NULL, 0);
}

/* ---- commands ---- */

static uint16_t cmd_get_version(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;

    S32(p + 0, 0);
    S32(p + 4, FW_BUILD);
    S16(p + 8, FW_MAJOR);
    S16(p + 10, FW_MINOR);
    S16(p + 12, FW_API_MAJOR);
    S16(p + 14, FW_API_MINOR);
    return AQ_RC_OK;
}

static uint16_t cmd_request_resource(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint16_t id = L16(p);

    if (id != 1 /* NVM */ && id != 2 /* SDP */ && id != 3 /* change lock */ &&
        id != 4 /* global config lock */) {
        return AQ_RC_EINVAL;
    }
    /* one PF, no contention: always granted, 180 s to hold it */
    S32(p + 4, 180000);
    if (id == 1) {
        s->nvm_owned = true;
    }
    return AQ_RC_OK;
}

static uint16_t cmd_release_resource(XL710State *s, XLAqCtx *c)
{
    if (L16(c->d->params) == 1) {
        s->nvm_owned = false;
    }
    return AQ_RC_OK;
}

static void cap(uint8_t *e, uint16_t id, uint32_t number, uint32_t logical,
                uint32_t phys)
{
    memset(e, 0, 32);
    S16(e, id);
    e[2] = 1;                   /* major revision */
    S32(e + 4, number);
    S32(e + 8, logical);
    S32(e + 12, phys);
}

static uint16_t cmd_list_caps(XL710State *s, XLAqCtx *c, bool dev)
{
    uint8_t caps[16 * 32];
    int n = 0;

    cap(caps + 32 * n++, 0x0001, 0, 0, 0);              /* switch mode */
    cap(caps + 32 * n++, 0x0002, 0, 0, 0);              /* manageability */
    cap(caps + 32 * n++, 0x0005, 1, 0, 0);              /* functions valid */
    cap(caps + 32 * n++, 0x0017, XL_MAX_VSI, 0, 0);     /* VSIs */
    cap(caps + 32 * n++, 0x0040, 512, 6, 0);            /* RSS: 512 x 6 bit */
    cap(caps + 32 * n++, 0x0041, XL_NQ, 0, 0);          /* RX queues */
    cap(caps + 32 * n++, 0x0042, XL_NQ, 0, 0);          /* TX queues */
    cap(caps + 32 * n++, 0x0043, XL_NVEC, 0, 0);        /* MSI-X vectors */
    cap(caps + 32 * n++, 0x0045, XL_MAX_FDIR, 0, 0);    /* flow director */
    if (dev) {
        cap(caps + 32 * n++, 0x0044, 0, 0, 0);          /* VF MSI-X */
    }

    if (c->buflen < n * 32) {
        c->d->datalen = cpu_to_le16(n * 32);
        return AQ_RC_ENOMEM;
    }
    memcpy(c->buf, caps, n * 32);
    c->outlen = n * 32;
    c->d->datalen = cpu_to_le16(n * 32);
    S32(c->d->params + 4, n);
    return AQ_RC_OK;
}

static uint16_t cmd_mac_read(XL710State *s, XLAqCtx *c)
{
    if (c->buflen < 24) {
        return AQ_RC_EINVAL;
    }
    memset(c->buf, 0, 24);
    memcpy(c->buf + 0, s->conf.macaddr.a, 6);   /* LAN */
    memcpy(c->buf + 6, s->conf.macaddr.a, 6);   /* SAN */
    memcpy(c->buf + 12, s->conf.macaddr.a, 6);  /* port */
    memcpy(c->buf + 18, s->conf.macaddr.a, 6);  /* WoL */
    c->outlen = 24;
    S16(c->d->params, 0x10 | 0x40);             /* LAN and port valid */
    return AQ_RC_OK;
}

static uint16_t cmd_debug_read_reg(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint32_t a = L32(p + 4);

    if (a >= XL_BAR0_SIZE || (a & 3)) {
        return AQ_RC_EINVAL;
    }
    S32(p + 8, 0);
    S32(p + 12, xl_rd(s, a));
    return AQ_RC_OK;
}

static uint16_t cmd_get_switch_config(XL710State *s, XLAqCtx *c)
{
    int i, n = 0;

    for (i = 0; i < XL_MAX_VSI; i++) {
        n += s->vsi[i].used;
    }
    if (c->buflen < 16 + 16 * n) {
        return AQ_RC_ENOMEM;
    }
    memset(c->buf, 0, 16 + 16 * n);
    S16(c->buf + 0, n);
    S16(c->buf + 2, n);
    n = 0;
    for (i = 0; i < XL_MAX_VSI; i++) {
        XLVsi *v = &s->vsi[i];
        uint8_t *e = c->buf + 16 + 16 * n;

        if (!v->used) {
            continue;
        }
        e[0] = 19;                      /* VSI */
        e[1] = 1;
        S16(e + 2, v->seid);
        S16(e + 4, v->uplink);
        S16(e + 6, SEID_PF);
        e[11] = 1;                      /* connection type: normal */
        n++;
    }
    c->outlen = 16 + 16 * n;
    S16(c->d->params, 0);               /* no more to fetch */
    return AQ_RC_OK;
}

/* valid_sections bit -> byte range of the VSI properties */
static const struct { uint16_t bit, from, to; } vsi_sections[] = {
    { 0x0001, 2, 6 },       /* switch */
    { 0x0002, 6, 8 },       /* security */
    { 0x0004, 8, 16 },      /* VLAN */
    { 0x0040, 28, 78 },     /* queue mapping */
    { 0x0080, 78, 82 },     /* queueing options */
    { 0x0200, 82, 84 },     /* scheduler */
};

static void vsi_merge(XLVsi *v, const uint8_t *props, bool all)
{
    uint16_t valid = L16(props);
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(vsi_sections); i++) {
        if (all || (valid & vsi_sections[i].bit)) {
            memcpy(v->props + vsi_sections[i].from,
                   props + vsi_sections[i].from,
                   vsi_sections[i].to - vsi_sections[i].from);
        }
    }
    S16(v->props, L16(v->props) | valid);
}

static void vsi_completion(XL710State *s, XLAqCtx *c, XLVsi *v)
{
    uint8_t *p = c->d->params;
    int i, used = 0;

    for (i = 0; i < XL_MAX_VSI; i++) {
        used += s->vsi[i].used;
    }
    S16(p + 0, v->seid);
    S16(p + 2, v->num);
    S16(p + 4, used);
    S16(p + 6, XL_MAX_VSI - used);
}

static uint16_t cmd_add_vsi(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint16_t uplink = L16(p), flags = L16(p + 6);
    XLVsi *v;

    if (c->buflen < 128) {
        return AQ_RC_EINVAL;
    }
    if (uplink != SEID_MAC && uplink != SEID_PF && !vsi_by_seid(s, uplink)) {
        /* VEBs are not modelled: a VSI hangs off the MAC */
        if (uplink >= 1024) {
            return AQ_RC_EINVAL;
        }
    }
    v = vsi_alloc(s, flags & 0x3, uplink);
    if (!v) {
        return AQ_RC_ENOSPC;
    }
    vsi_merge(v, c->buf, true);
    vsi_fw_fields(v);
    memcpy(c->buf, v->props, 128);
    c->outlen = 128;
    vsi_completion(s, c, v);
    return AQ_RC_OK;
}

static uint16_t cmd_update_vsi(XL710State *s, XLAqCtx *c)
{
    XLVsi *v = vsi_by_seid(s, L16(c->d->params));

    if (!v) {
        return AQ_RC_ENOENT;
    }
    if (c->buflen < 128) {
        return AQ_RC_EINVAL;
    }
    vsi_merge(v, c->buf, false);
    vsi_fw_fields(v);
    vsi_completion(s, c, v);
    return AQ_RC_OK;
}

static uint16_t cmd_get_vsi(XL710State *s, XLAqCtx *c)
{
    XLVsi *v = vsi_by_seid(s, L16(c->d->params));

    if (!v) {
        return AQ_RC_ENOENT;
    }
    if (c->buflen < 128) {
        return AQ_RC_EINVAL;
    }
    memcpy(c->buf, v->props, 128);
    c->outlen = 128;
    vsi_completion(s, c, v);
    return AQ_RC_OK;
}

static int veb_index(XL710State *s, uint16_t seid)
{
    int i = seid - SEID_VEB_BASE;

    return i >= 0 && i < (int)ARRAY_SIZE(s->veb_used) && s->veb_used[i] ?
           i : -1;
}

static uint16_t cmd_add_veb(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint16_t uplink = L16(p), downlink = L16(p + 2);
    XLVsi *v = vsi_by_seid(s, downlink);
    unsigned i, used = 0;

    if (uplink != SEID_MAC || !v) {
        return AQ_RC_EINVAL;
    }
    for (i = 0; i < ARRAY_SIZE(s->veb_used) && s->veb_used[i]; i++) {
        ;
    }
    if (i == ARRAY_SIZE(s->veb_used)) {
        return AQ_RC_ENOSPC;
    }
    s->veb_used[i] = true;
    v->uplink = SEID_VEB_BASE + i;      /* the VSI now hangs off the VEB */
    for (unsigned j = 0; j < ARRAY_SIZE(s->veb_used); j++) {
        used += s->veb_used[j];
    }
    memset(p, 0, 16);
    S16(p + 6, 0);                      /* switch */
    S16(p + 8, SEID_VEB_BASE + i);
    S16(p + 10, 16 + i);                /* statistics index */
    S16(p + 12, used);
    S16(p + 14, ARRAY_SIZE(s->veb_used) - used);
    return AQ_RC_OK;
}

static uint16_t cmd_get_veb(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint16_t seid = L16(p);
    int i = veb_index(s, seid);
    unsigned j, used = 0;

    if (i < 0) {
        return AQ_RC_ENOENT;
    }
    for (j = 0; j < ARRAY_SIZE(s->veb_used); j++) {
        used += s->veb_used[j];
    }
    memset(p, 0, 16);
    S16(p + 0, seid);
    S16(p + 6, 16 + i);
    S16(p + 8, used);
    S16(p + 10, ARRAY_SIZE(s->veb_used) - used);
    return AQ_RC_OK;
}

static uint16_t cmd_delete_element(XL710State *s, XLAqCtx *c)
{
    uint16_t seid = L16(c->d->params);
    XLVsi *v = vsi_by_seid(s, seid);
    int i = veb_index(s, seid);

    if (i >= 0) {
        /*
         * A VEB goes with at most its owner VSI below it, which moves up
         * to the MAC (the driver's VEB release expects that).
         */
        XLVsi *below = NULL;

        for (int j = 0; j < XL_MAX_VSI; j++) {
            if (s->vsi[j].used && s->vsi[j].uplink == seid) {
                if (below) {
                    return AQ_RC_EBUSY;
                }
                below = &s->vsi[j];
            }
        }
        if (below) {
            below->uplink = SEID_MAC;
        }
        s->veb_used[i] = false;
        return AQ_RC_OK;
    }
    if (!v) {
        return AQ_RC_ENOENT;
    }
    for (i = 0; i < XL_MAX_FILT; i++) {
        if (s->filt[i].used && s->filt[i].seid == seid) {
            s->filt[i].used = false;
        }
    }
    v->used = false;
    return AQ_RC_OK;
}

static uint16_t macvlan_seid(XLAqCtx *c, uint16_t *seid)
{
    uint16_t raw = L16(c->d->params + 2);

    if (!(raw & 0x8000)) {
        return AQ_RC_EINVAL;
    }
    *seid = raw & 0x3ff;
    return AQ_RC_OK;
}

static uint16_t cmd_add_macvlan(XL710State *s, XLAqCtx *c)
{
    uint16_t n = L16(c->d->params), seid, rc;
    int i, j, used = 0;

    rc = macvlan_seid(c, &seid);
    if (rc) {
        return rc;
    }
    if (!vsi_by_seid(s, seid)) {
        return AQ_RC_ENOENT;
    }
    if (n == 0 || n * 16 > c->buflen) {
        return AQ_RC_EINVAL;
    }
    rc = AQ_RC_OK;
    for (i = 0; i < n; i++) {
        uint8_t *e = c->buf + 16 * i;
        XLFilt *f = NULL;

        for (j = 0; j < XL_MAX_FILT; j++) {
            if (s->filt[j].used && s->filt[j].seid == seid &&
                !memcmp(s->filt[j].mac, e, 6) &&
                s->filt[j].vlan == L16(e + 6)) {
                f = &s->filt[j];
                break;
            }
        }
        for (j = 0; !f && j < XL_MAX_FILT; j++) {
            if (!s->filt[j].used) {
                f = &s->filt[j];
            }
        }
        if (!f) {
            e[12] = 0xFF;               /* I40E_AQC_MM_ERR_NO_RES */
            rc = AQ_RC_ENOSPC;
            continue;
        }
        f->used = true;
        memcpy(f->mac, e, 6);
        f->vlan = L16(e + 6);
        f->flags = L16(e + 8);
        f->seid = seid;
        e[12] = 0;                      /* perfect match */
    }
    for (j = 0; j < XL_MAX_FILT; j++) {
        used += s->filt[j].used;
    }
    c->outlen = n * 16;
    S16(c->d->params + 0, used);
    S16(c->d->params + 2, XL_MAX_FILT - used);
    S16(c->d->params + 4, 0);
    S16(c->d->params + 6, 0);
    return rc;
}

static uint16_t cmd_remove_macvlan(XL710State *s, XLAqCtx *c)
{
    uint16_t n = L16(c->d->params), seid, rc;
    int i, j;

    rc = macvlan_seid(c, &seid);
    if (rc) {
        return rc;
    }
    if (n == 0 || n * 16 > c->buflen) {
        return AQ_RC_EINVAL;
    }
    for (i = 0; i < n; i++) {
        uint8_t *e = c->buf + 16 * i;
        bool ignore_vlan = e[8] & 0x08;
        bool found = false;

        for (j = 0; j < XL_MAX_FILT; j++) {
            XLFilt *f = &s->filt[j];

            if (f->used && f->seid == seid && !memcmp(f->mac, e, 6) &&
                (ignore_vlan || f->vlan == L16(e + 6))) {
                f->used = false;
                found = true;
            }
        }
        e[12] = found ? 0 : 1;
        if (!found) {
            rc = AQ_RC_ENOENT;
        }
    }
    c->outlen = n * 16;
    return rc;
}

/* set VSI promiscuous modes: flags and valid_flags */
#define PROMISC_UNICAST     0x01
#define PROMISC_MULTICAST   0x02
#define PROMISC_BROADCAST   0x04
#define PROMISC_DEFAULT     0x08    /* the VSI becomes the port's default */

static uint16_t cmd_set_promisc(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint16_t flags = L16(p), valid = L16(p + 2);
    uint16_t seid = L16(p + 4) & 0x3ff;
    XLVsi *v = vsi_by_seid(s, seid);
    int i;

    if (!v) {
        return AQ_RC_ENOENT;
    }
    if (valid & PROMISC_UNICAST) {
        v->promisc_uc = flags & PROMISC_UNICAST;
    }
    if (valid & PROMISC_MULTICAST) {
        v->promisc_mc = flags & PROMISC_MULTICAST;
    }
    if (valid & PROMISC_BROADCAST) {
        v->bcast = flags & PROMISC_BROADCAST;
    }
    if (valid & PROMISC_DEFAULT) {
        if (flags & PROMISC_DEFAULT) {
            /* a port has one default VSI: this one takes the place */
            for (i = 0; i < XL_MAX_VSI; i++) {
                s->vsi[i].dflt = false;
            }
        }
        v->dflt = flags & PROMISC_DEFAULT;
    }
    return AQ_RC_OK;
}

static uint16_t cmd_query_vsi_bw(XL710State *s, XLAqCtx *c)
{
    XLVsi *v = vsi_by_seid(s, L16(c->d->params));
    int tc;

    if (!v) {
        return AQ_RC_ENOENT;
    }
    if (c->buflen < 64) {
        return AQ_RC_EINVAL;
    }
    memset(c->buf, 0, 64);
    c->buf[0] = 0x01;                           /* TC0 valid */
    for (tc = 0; tc < 8; tc++) {
        S16(c->buf + 16 + 2 * tc, L16(v->props + 96 + 2 * tc));
    }
    c->outlen = 64;
    return AQ_RC_OK;
}

/* a query whose answer is all zero (no bandwidth limits, no ETS) */
static uint16_t cmd_zero_buf(XLAqCtx *c, uint16_t len)
{
    len = MIN(len, c->buflen);
    memset(c->buf, 0, len);
    c->outlen = len;
    return AQ_RC_OK;
}

static uint16_t cmd_get_phy_abilities(XL710State *s, XLAqCtx *c)
{
    uint8_t *b = c->buf;

    if (c->buflen < 16) {
        return AQ_RC_EINVAL;
    }
    memset(b, 0, c->buflen);
    S32(b + 0, 1u << PHY_TYPE_40GBASE_SR4);
    b[4] = LINK_SPEED_40GB;
    b[5] = 0x08 | 0x03;                 /* link enabled, pause tx/rx able */
    b[12] = 0;                          /* phy_type_ext */
    b[13] = 0;                          /* fec */
    memcpy(b + 16, "\x00\x00\x00\x00", 4);
    c->outlen = c->buflen < 0x210 ? c->buflen : 0x210;
    return AQ_RC_OK;
}

static uint16_t cmd_get_link_status(XL710State *s, XLAqCtx *c)
{
    uint16_t f = L16(c->d->params) & 0x3;

    if (f == 0x3) {
        s->lse_enabled = true;
    } else if (f == 0x2) {
        s->lse_enabled = false;
    }
    link_params(s, c->d->params);
    return AQ_RC_OK;
}

static uint16_t cmd_nvm_read(XL710State *s, XLAqCtx *c)
{
    uint8_t *p = c->d->params;
    uint8_t module = p[1];
    uint32_t len = L16(p + 2);
    uint32_t off = L32(p + 4) & 0xffffff;
    uint32_t i;

    if (module) {
        uint16_t ptr = s->sr[module];     /* module < 256 < XL_SR_WORDS */

        if (ptr == 0xffff || ptr == 0x7fff || (ptr & 0x8000)) {
            return AQ_RC_EINVAL;
        }
        off += ptr * 2;
    }
    if (len > c->buflen || off + len > XL_SR_WORDS * 2 || len > 4096) {
        return AQ_RC_EINVAL;
    }
    for (i = 0; i < len; i++) {
        uint16_t w = s->sr[(off + i) / 2];

        c->buf[i] = ((off + i) & 1) ? w >> 8 : w & 0xff;
    }
    c->outlen = len;
    return AQ_RC_OK;
}

/*
 * The registers the RX control commands reach: those i40e reaches
 * through i40e_read_rx_ctl()/i40e_write_rx_ctl() on a PF, PFQF_CTL_0 and
 * the RX filter block (PFQF_HLUT/HKEY/HENA/CTL_1, PRTQF_FD_INSET/FLX_PIT,
 * GLQF_HASH_INSET/ORT...).  The VFs' (VFQF_*, VSILAN_*) are not: no VFs.
 * Any other register gets EPERM, the command being well formed but not
 * allowed there (a misaligned address gets EINVAL).  i40e takes any
 * error but EAGAIN, which it retries, as "use the register itself".
 */
#define RX_CTL_BLOCK        0x00240000
#define RX_CTL_BLOCK_END    0x00280000

static uint16_t rx_ctl_addr(XLAqCtx *c, uint32_t *a)
{
    *a = L32(c->d->params + 4);
    if (*a & 3) {
        return AQ_RC_EINVAL;
    }
    if (*a != R_PFQF_CTL_0 && (*a < RX_CTL_BLOCK || *a >= RX_CTL_BLOCK_END)) {
        return AQ_RC_EPERM;
    }
    return AQ_RC_OK;
}

static uint16_t cmd_rx_ctl_read(XL710State *s, XLAqCtx *c)
{
    uint32_t a;
    uint16_t rc = rx_ctl_addr(c, &a);

    if (rc == AQ_RC_OK) {
        S32(c->d->params + 12, xl_rd(s, a));
    }
    return rc;
}

static uint16_t cmd_rx_ctl_write(XL710State *s, XLAqCtx *c)
{
    uint32_t a;
    uint16_t rc = rx_ctl_addr(c, &a);

    if (rc == AQ_RC_OK) {
        xl_wr(s, a, L32(c->d->params + 12));
    }
    return rc;
}

static uint16_t cmd_rss_key(XL710State *s, XLAqCtx *c, bool set)
{
    if (c->buflen < 52) {
        return AQ_RC_EINVAL;
    }
    if (set) {
        int i;

        memcpy(s->rss_key, c->buf, 52);
        for (i = 0; i < 13; i++) {
            xl_wr(s, R_PFQF_HKEY(i), ldl_le_p(s->rss_key + 4 * i));
        }
    } else {
        int i;

        for (i = 0; i < 13; i++) {
            stl_le_p(c->buf + 4 * i, xl_rd(s, R_PFQF_HKEY(i)));
        }
        c->outlen = 52;
    }
    return AQ_RC_OK;
}

static uint16_t cmd_rss_lut(XL710State *s, XLAqCtx *c, bool set)
{
    int i, n = c->buflen < 512 ? c->buflen : 512;

    for (i = 0; i < n; i++) {
        uint32_t r = R_PFQF_HLUT(i / 4);
        uint32_t v = xl_rd(s, r);

        if (set) {
            v &= ~(0xffu << (8 * (i % 4)));
            v |= (uint32_t)(c->buf[i] & 0x3f) << (8 * (i % 4));
            xl_wr(s, r, v);
        } else {
            c->buf[i] = v >> (8 * (i % 4));
        }
    }
    if (!set) {
        c->outlen = n;
    }
    return AQ_RC_OK;
}

static uint16_t aq_exec(XL710State *s, XLAqCtx *c)
{
    uint16_t op = le16_to_cpu(c->d->opcode), rc;

    switch (op) {
    case 0x0001: return cmd_get_version(s, c);
    case 0x0002: return AQ_RC_OK;               /* driver version */
    case 0x0003: return AQ_RC_OK;               /* queue shutdown */
    case 0x0004: return AQ_RC_OK;               /* set PF context */
    case 0x0008: return cmd_request_resource(s, c);
    case 0x0009: return cmd_release_resource(s, c);
    case 0x000A: return cmd_list_caps(s, c, false);
    case 0x000B: return cmd_list_caps(s, c, true);
    case 0x0107: return cmd_mac_read(s, c);
    case 0x0110: return AQ_RC_OK;               /* clear PXE mode */
    case 0x0200: return cmd_get_switch_config(s, c);
    case 0x0201:                                /* add statistics */
    case 0x0202:                                /* remove statistics */
    case 0x0203:                                /* set port parameters */
    case 0x0205:                                /* set switch config */
        return AQ_RC_OK;
    case 0x0206: return cmd_rx_ctl_read(s, c);
    case 0x0207: return cmd_rx_ctl_write(s, c);
    case 0x0210: return cmd_add_vsi(s, c);
    case 0x0211: return cmd_update_vsi(s, c);
    case 0x0212: return cmd_get_vsi(s, c);
    case 0x0230: return cmd_add_veb(s, c);
    case 0x0231: return AQ_RC_OK;               /* update VEB */
    case 0x0232: return cmd_get_veb(s, c);
    case 0x0243: return cmd_delete_element(s, c);
    case 0x0250: return cmd_add_macvlan(s, c);
    case 0x0251: return cmd_remove_macvlan(s, c);
    case 0x0252:                                /* add VLAN */
    case 0x0253:                                /* remove VLAN */
        return AQ_RC_OK;
    case 0x0254: return cmd_set_promisc(s, c);
    case 0x025A:                                /* add control pkt filter */
    case 0x025B:                                /* remove control pkt filter */
        return AQ_RC_OK;
    case 0x0303: return AQ_RC_OK;               /* set DCB parameters */
    case 0x0400:                                /* configure VSI BW limit */
    case 0x0406:
    case 0x0407:                                /* configure VSI TC BW */
        return AQ_RC_OK;
    case 0x0408: return cmd_query_vsi_bw(s, c);
    case 0x040A:                                /* VSI ETS SLA config */
        rc = cmd_zero_buf(c, 40);
        if (c->outlen) {
            c->buf[0] = 0x01;                   /* TC0, as in 0x0408 */
        }
        return rc;
    case 0x0418: return cmd_zero_buf(c, 48);    /* switching comp ETS */
    case 0x0419: return cmd_zero_buf(c, 44);    /* port ETS */
    case 0x041A: return cmd_zero_buf(c, 48);    /* switching comp BW */
    case 0x041B:                                /* suspend port TX */
    case 0x041C:                                /* resume port TX */
        return AQ_RC_OK;
    case 0x0600: return cmd_get_phy_abilities(s, c);
    case 0x0601:                                /* set PHY config */
    case 0x0603:                                /* set MAC config */
        return AQ_RC_OK;
    case 0x0605:                                /* restart autoneg */
        xl710_link_event(s);
        return AQ_RC_OK;
    case 0x0607: return cmd_get_link_status(s, c);
    case 0x0613:
        s->phy_int_mask = L16(c->d->params + 8);
        return AQ_RC_OK;
    case 0x0618: return AQ_RC_OK;               /* set loopback modes */
    case 0x0701: return cmd_nvm_read(s, c);
    case 0x0702:                                /* NVM erase */
    case 0x0703:                                /* NVM update */
        return AQ_RC_EPERM;
    case 0x0A00: return AQ_RC_ENOENT;           /* LLDP get MIB: no agent */
    case 0x0A01: return AQ_RC_OK;               /* LLDP MIB change events */
    case 0x0A05:
        s->fw_lldp_running = false;
        return AQ_RC_OK;
    case 0x0A06:
        s->fw_lldp_running = true;
        return AQ_RC_OK;
    case 0x0A07: return AQ_RC_ENOENT;           /* CEE DCB config */
    case 0x0A09: return AQ_RC_OK;
    case 0x0B00:                                /* add UDP tunnel */
        S16(c->d->params + 8, 0);
        return AQ_RC_OK;
    case 0x0B01: return AQ_RC_OK;               /* del UDP tunnel */
    case 0x0B02: return cmd_rss_key(s, c, true);
    case 0x0B03: return cmd_rss_lut(s, c, true);
    case 0x0B04: return cmd_rss_key(s, c, false);
    case 0x0B05: return cmd_rss_lut(s, c, false);
    case 0xFF03: return cmd_debug_read_reg(s, c);
    default:
        XL_LOG("admin queue: unsupported opcode 0x%04x, answered ENOSYS",
               op);
        return AQ_RC_ENOSYS;
    }
}

void xl710_aq_atq_tail(XL710State *s)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t alen = xl_rd(s, R_PF_ATQLEN), n = alen & AQLEN_LEN;
    uint32_t head = xl_rd(s, R_PF_ATQH), tail = xl_rd(s, R_PF_ATQT);
    uint64_t base = ((uint64_t)xl_rd(s, R_PF_ATQBAH) << 32) |
                    xl_rd(s, R_PF_ATQBAL);
    uint8_t *buf = s->aq_buf;

    if (!(alen & AQLEN_ENABLE) || n == 0) {
        return;
    }
    if (head >= n || tail >= n) {
        XL_GUEST_ERR("ATQ head %u / tail %u beyond length %u", head, tail, n);
        xl_wr(s, R_PF_ATQLEN, alen | AQLEN_CRIT);
        return;
    }
    while (head != tail) {
        XLAqDesc desc;
        XLAqCtx c = { .d = &desc, .buf = buf };
        uint16_t flags, rc;
        uint64_t baddr = 0;

        if (pci_dma_read(d, base + head * 32, &desc, sizeof(desc)) !=
            MEMTX_OK) {
            XL_GUEST_ERR("ATQ descriptor %u at 0x%" PRIx64 " unreadable",
                         head, base + head * 32);
            xl_wr(s, R_PF_ATQLEN, alen | AQLEN_CRIT);
            return;
        }
        flags = le16_to_cpu(desc.flags);
        memset(buf, 0, XL_AQ_MAX_BUF);
        rc = AQ_RC_OK;
        if (flags & AQ_FLAG_BUF) {
            baddr = aq_buf_addr(&desc);
            c.buflen = le16_to_cpu(desc.datalen);
            if (c.buflen > XL_AQ_MAX_BUF) {
                rc = AQ_RC_E2BIG;
            } else if (c.buflen &&
                       pci_dma_read(d, baddr, buf, c.buflen) != MEMTX_OK) {
                rc = AQ_RC_BAD_ADDR;
            }
        }
        if (rc == AQ_RC_OK) {
            rc = aq_exec(s, &c);
        }
        if (c.outlen && (flags & AQ_FLAG_BUF) && rc != AQ_RC_BAD_ADDR) {
            pci_dma_write(d, baddr, buf, MIN(c.outlen, c.buflen));
        }
        desc.flags = cpu_to_le16((flags & ~AQ_FLAG_ERR) | AQ_FLAG_DD |
                                 AQ_FLAG_CMP | (rc ? AQ_FLAG_ERR : 0));
        desc.retval = cpu_to_le16(rc);
        if (s->aq_log) {
            qemu_log("xl710: aq 0x%04x -> %u\n", le16_to_cpu(desc.opcode),
                     rc);
        }
        if (rc) {
            XL_LOG("admin queue: opcode 0x%04x (param0 0x%08x) -> error %u",
                   le16_to_cpu(desc.opcode), ldl_le_p(desc.params), rc);
        }
        pci_dma_write(d, base + head * 32, &desc, sizeof(desc));
        head = (head + 1) % n;
        xl_wr(s, R_PF_ATQH, head);
        if (flags & AQ_FLAG_SI) {
            xl710_icr0(s, ICR0_ADMINQ);
        }
    }
}
