const API = process.env.ENRICH_API ?? "http://127.0.0.1:3000";
const KEY = process.env.ENRICH_API_KEY;

// One API call; on 429 waits for Retry-After and tries again.
async function call(method, path, body, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    const resp = await fetch(API + path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (resp.status === 429) {
      const wait = Number(resp.headers.get("retry-after") ?? "1");
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    const json = await resp.json();
    if (!resp.ok) throw new Error(`${json.title}: ${json.detail}`); // problem+json
    console.log("remaining", resp.headers.get("ratelimit")); // "minute";r=118;t=40
    return json;
  }
  throw new Error("still rate-limited");
}

const person = await call("POST", "/v1/people/enrich", { email: "pedro.alves@acme.com" });
console.log(person.record.id, "livemode:", person.livemode);
