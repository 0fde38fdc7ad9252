/**
 * The official TypeScript client of the Enrich API.
 *
 * `schema.d.ts` is generated from the API's OpenAPI document by openapi-typescript
 * (`clients/generate`); `createEnrichClient` is openapi-fetch typed with it, so every path,
 * parameter, body and answer is checked by the compiler. Only the two helpers below are written
 * by hand: credentials, and the callback signature check (which the document cannot express).
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
/** Every schema of the document by name: `Schemas["PersonRecord"]`. */
export type Schemas = components["schemas"];
export type EnrichClient = Client<paths>;

export interface EnrichOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The API's base URL, e.g. `https://api.enrich.example` (no `/v1`). */
  baseUrl: string;
  /** An access token (`/v1/auth/login`), an OAuth2 token, or a partner API key (`enr_live_…`). */
  token?: string;
}

/** A client for the whole API, sending `token` as `Authorization: Bearer <token>`. */
export function createEnrichClient({ baseUrl, token, headers, ...rest }: EnrichOptions): EnrichClient {
  return createClient<paths>({
    baseUrl,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(headers ?? {}) },
    ...rest,
  });
}

/**
 * Whether a callback or webhook is signed with `secret`: `X-Webhook-Signature` is
 * `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (two `v1` while a secret is rotated),
 * and `t` must be within `toleranceSecs` of now. Compare over the raw body, before parsing it.
 */
export async function verifySignature(
  secret: string,
  header: string,
  rawBody: string | Uint8Array,
  toleranceSecs = 300,
): Promise<boolean> {
  const parts = header.split(",").map((p) => {
    const at = p.indexOf("=");
    return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
  });
  const t = parts.find(([k]) => k === "t")?.[1];
  if (!t || !/^\d+$/.test(t) || Math.abs(Date.now() / 1000 - Number(t)) > toleranceSecs) {
    return false;
  }
  const encoder = new TextEncoder();
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const signed = new Uint8Array([...encoder.encode(`${t}.`), ...body]);
  const key = await globalThis.crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", key, signed));
  const expected = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  // Constant time over equal lengths: every character is compared whatever differs first.
  const same = (a: string) =>
    a.length === expected.length &&
    [...a].reduce((diff, c, i) => diff | (c.charCodeAt(0) ^ expected.charCodeAt(i)), 0) === 0;
  return parts.some(([k, v]) => k === "v1" && same(v));
}
