import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

// X-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=<…>]
function verify(secret, header, body, tolerance = 300) {
  const parts = header.split(",").map((p) => p.split("=", 2));
  const t = parts.find(([k]) => k === "t")?.[1];
  if (!/^\d+$/.test(t ?? "") || Math.abs(Date.now() / 1000 - Number(t)) > tolerance) return false;
  const want = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
  return parts.some(([k, v]) => {
    if (k !== "v1" || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, "hex"), want);
  });
}

const body = readFileSync(process.env.BODY_FILE); // the raw bytes, before any JSON parsing
if (!verify(process.env.WEBHOOK_SECRET, process.env.SIGNATURE, body)) {
  console.error("bad signature");
  process.exit(1);
}
console.log("verified");
