#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, without letting Debian start its own daemons
# (a temporary policy-rc.d refuses service starts; Postfix gets debconf "No configuration", so the
# system instance stays unconfigured and /etc/postfix/main.cf is never written). Idempotent.
set -euo pipefail
PKGS=(chromium chromium-driver postfix dnsmasq-base bind9-dnsutils swaks postgresql python3-dkim
      python3-dnspython openssl curl bc iproute2 procps libnet-ssleay-perl rspamd redis-server pebble)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "install-test-deps: all present"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "install-test-deps: missing ${missing[*]}; run as root" >&2; exit 1; }
made_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1
fi
trap '[ $made_policy = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
if [ -z "$(find /var/lib/apt/lists -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  apt-get update -q
fi
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}"
