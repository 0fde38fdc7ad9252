import json, os, time, urllib.parse, urllib.request

API = os.environ.get("ENRICH_API", "http://127.0.0.1:3000")
KEY = os.environ["ENRICH_API_KEY"]

def call(method, path, body=None, headers={}):
    req = urllib.request.Request(API + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"authorization": f"Bearer {KEY}",
                                          "content-type": "application/json", **headers})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)

# Idempotency-Key: a retried submission returns the same job instead of starting a second one.
job = call("POST", "/v1/people/enrich/bulk",
           {"name": "CRM export", "people": [{"email": "pedro.alves@acme.com"},
                                             {"email": "ana.souza@globex.com"}]},
           headers={"idempotency-key": "crm-export-" + time.strftime("%Y-%m-%d")})
while job["status"] not in ("completed", "failed", "cancelled"):
    time.sleep(1)
    job = call("GET", f"/v1/jobs/{job['id']}")
print("job", job["id"], job["status"])

cursor = None
while True:
    page = call("GET", f"/v1/jobs/{job['id']}/results?limit=100"
                + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
    for row in page["items"]:
        print(row["index"], row["status"], row["record_id"])
    cursor = page.get("next_cursor")
    if not cursor:
        break
