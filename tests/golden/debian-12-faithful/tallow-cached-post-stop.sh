#!/bin/sh -e
# tallow-cached-post-stop.sh: the post-stop of Upstart job tallow-cached, from /etc/init/tallow-cached.conf:24.
# Installed by upstart2systemd; run by tallow-cached.service as /bin/sh -e /usr/local/lib/upstart2systemd/tallow-cached-post-stop.sh
rm -f /var/run/tallow/tallow.sock
rm -f /var/run/tallow/tallow.pid

