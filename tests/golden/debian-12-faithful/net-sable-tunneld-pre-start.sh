#!/bin/sh -e
# net-sable-tunneld-pre-start.sh: the pre-start of Upstart job net/sable-tunneld, from /etc/init/net/sable-tunneld.conf:16.
# Installed by upstart2systemd; run by net-sable-tunneld.service as /bin/sh -e /usr/local/lib/upstart2systemd/net-sable-tunneld-pre-start.sh
mkdir -p /var/run/sable
chmod 0700 /var/run/sable

