import hashlib, hmac, os, sys, time

def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """X-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=<…>]"""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    t = next((v for k, v in parts if k == "t"), None)
    if t is None or not t.isdigit() or abs(time.time() - int(t)) > tolerance:
        return False
    want = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(k == "v1" and hmac.compare_digest(v, want) for k, v in parts)

body = open(os.environ["BODY_FILE"], "rb").read()  # the raw bytes, before any JSON parsing
if not verify(os.environ["WEBHOOK_SECRET"], os.environ["SIGNATURE"], body):
    sys.exit("bad signature")
print("verified")
