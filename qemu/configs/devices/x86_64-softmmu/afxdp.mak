# The devices the project's VM uses, and nothing else (configure
# --without-default-devices --with-devices-x86_64=afxdp): the q35 board
# with what it selects (ICH9, serial, fw_cfg), PCIe root ports for the
# emulated XL710s, virtio-9p for the root and output shares, virtio-net
# for traffic from the host.
CONFIG_Q35=y
CONFIG_PCIE_PORT=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_9P=y
CONFIG_VIRTIO_NET=y
CONFIG_XL710_PCI=y
