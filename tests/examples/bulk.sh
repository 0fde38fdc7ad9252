#!/usr/bin/env bash
# A bulk job with curl (and jq): submit people, poll until the job ends, read the results page by page.
set -euo pipefail
API=${ENRICH_API:-http://127.0.0.1:3000}
AUTH="authorization: Bearer $ENRICH_API_KEY"

JOB=$(curl -sf "$API/v1/people/enrich/bulk" -H "$AUTH" -H 'content-type: application/json' \
  -H "idempotency-key: crm-export-$(date +%F)" \
  -d '{"name":"CRM export","people":[{"email":"pedro.alves@acme.com"},{"email":"ana.souza@globex.com"}]}' \
  | jq -r .id)

until STATUS=$(curl -sf "$API/v1/jobs/$JOB" -H "$AUTH" | jq -r .status); [[ $STATUS =~ completed|failed|cancelled ]]; do
  sleep 1
done
echo "job $JOB $STATUS"

CURSOR=""
while :; do
  PAGE=$(curl -sf "$API/v1/jobs/$JOB/results?limit=100${CURSOR:+&cursor=$CURSOR}" -H "$AUTH")
  jq -r '.items[] | "\(.index) \(.status) \(.record_id)"' <<<"$PAGE"
  CURSOR=$(jq -r '.next_cursor // empty' <<<"$PAGE")
  [ -z "$CURSOR" ] && break
done
