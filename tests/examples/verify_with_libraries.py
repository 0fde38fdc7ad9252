"""Verifies one Enrich webhook with two libraries that are not Enrich's: the official Standard
Webhooks package (headers webhook-id / webhook-timestamp / webhook-signature) and Stripe's
verifier (X-Webhook-Signature: t=…,v1=…, Stripe's own format). Prints "verified" if both accept.
pip install standardwebhooks stripe"""
import os, sys

import stripe
from standardwebhooks.webhooks import Webhook

secret = os.environ["WEBHOOK_SECRET"]                 # whsec_…, as shown once
body = open(os.environ["BODY_FILE"], "rb").read()      # the raw bytes, before any JSON parsing

# Standard Webhooks: raises on a bad signature or a timestamp outside 5 minutes.
try:
    Webhook(secret).verify(body, {
        "webhook-id": os.environ["WEBHOOK_ID"],
        "webhook-timestamp": os.environ["WEBHOOK_TIMESTAMP"],
        "webhook-signature": os.environ["WEBHOOK_SIGNATURE"],
    })
except Exception as e:
    sys.exit(f"standard webhooks: {e}")

# Stripe's verifier reads the seed's header (same t=…,v1=… scheme).
try:
    stripe.WebhookSignature.verify_header(body.decode(), os.environ["SIGNATURE"], secret, tolerance=300)
except Exception as e:
    sys.exit(f"stripe: {e}")
print("verified")
