#!/bin/sh -e
# tallow-cached-pre-start.sh: the pre-start of Upstart job tallow-cached, from /etc/init/tallow-cached.conf:11.
# Installed by upstart2systemd; run by tallow-cached.service as /bin/sh -e /usr/local/lib/upstart2systemd/tallow-cached-pre-start.sh
mkdir -p /var/run/tallow
chown tallow:tallow /var/run/tallow
chmod 0750 /var/run/tallow

