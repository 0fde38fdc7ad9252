const API = process.env.ENRICH_API ?? "http://127.0.0.1:3000";
const KEY = process.env.ENRICH_API_KEY;

async function call(method, path, body, headers = {}) {
  const resp = await fetch(API + path, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await resp.json();
  if (!resp.ok) throw new Error(`${json.title}: ${json.detail}`); // problem+json
  return json;
}

// Idempotency-Key: a retried submission returns the same job instead of starting a second one.
let job = await call(
  "POST",
  "/v1/people/enrich/bulk",
  { name: "CRM export", people: [{ email: "pedro.alves@acme.com" }, { email: "ana.souza@globex.com" }] },
  { "idempotency-key": `crm-export-${new Date().toISOString().slice(0, 10)}` },
);
while (!["completed", "failed", "cancelled"].includes(job.status)) {
  await new Promise((r) => setTimeout(r, 1000));
  job = await call("GET", `/v1/jobs/${job.id}`);
}
console.log("job", job.id, job.status);

let cursor;
do {
  const query = new URLSearchParams({ limit: "100", ...(cursor ? { cursor } : {}) });
  const page = await call("GET", `/v1/jobs/${job.id}/results?${query}`);
  for (const row of page.items) console.log(row.index, row.status, row.record_id);
  cursor = page.next_cursor;
} while (cursor);
