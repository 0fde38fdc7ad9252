#!/usr/bin/env bash
# Quick start with curl (and jq): sign up, register an API client, issue a key, call with it and
# read the rate-limit headers, then trade the client's id and secret for an OAuth2 token.
set -euo pipefail
API=${API:-http://127.0.0.1:3000}
EMAIL=${EMAIL:-owner-$RANDOM$RANDOM@acme.example}

TOKEN=$(curl -sf "$API/v1/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"a long enough passphrase\",\"name\":\"Ana\",\"organization_name\":\"Acme\"}" \
  | jq -r .access_token)

CLIENT=$(curl -sf "$API/v1/api-clients" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"Acme CRM sync","contact_email":"dev@acme.example","rate_limit_tier":"standard",
       "scopes":["people:read","people:write","jobs:read","analytics:read"]}')
CLIENT_ID=$(jq -r .id <<<"$CLIENT")
CLIENT_SECRET=$(jq -r .client_secret <<<"$CLIENT")   # shown once

KEY=$(curl -sf "$API/v1/api-keys" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "{\"client_id\":\"$CLIENT_ID\",\"name\":\"production\",\"scopes\":[\"people:read\",\"people:write\"]}" \
  | jq -r .key)                                       # shown once: store it in your secret manager

curl -si "$API/v1/people/enrich" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"email":"pedro.alves@acme.com"}' | grep -iE '^(HTTP|x-ratelimit|ratelimit|retry-after|livemode)'

ACCESS=$(curl -sf "$API/v1/oauth/token" -u "$CLIENT_ID:$CLIENT_SECRET" \
  -d 'grant_type=client_credentials&scope=people:read' | jq -r .access_token)
curl -sf "$API/v1/people?limit=1" -H "authorization: Bearer $ACCESS" | jq -c '{livemode, count: (.items | length)}'
