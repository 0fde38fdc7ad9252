#!/usr/bin/env bash
# Verifying a callback with openssl: WEBHOOK_SECRET is the whsec_… secret from
# POST /v1/jobs/callback-secret, SIGNATURE the X-Webhook-Signature header, BODY_FILE the raw body.
set -euo pipefail
T=$(tr ',' '\n' <<<"$SIGNATURE" | sed -n 's/^t=//p')
[ $(( $(date +%s) - T )) -le 300 ] || { echo "stale timestamp" >&2; exit 1; }
WANT=$( (printf '%s.' "$T"; cat "$BODY_FILE") | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" | sed 's/^.*= //')
# During a secret rotation the header carries two v1= values: either may match.
if tr ',' '\n' <<<"$SIGNATURE" | grep -qx "v1=$WANT"; then echo verified; else echo "bad signature" >&2; exit 1; fi
