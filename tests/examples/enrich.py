import json, os, time, urllib.request, urllib.error

API = os.environ.get("ENRICH_API", "http://127.0.0.1:3000")
KEY = os.environ["ENRICH_API_KEY"]

def call(method, path, body=None, attempts=5):
    """One API call; on 429 waits for Retry-After and tries again."""
    data = json.dumps(body).encode() if body is not None else None
    for _ in range(attempts):
        req = urllib.request.Request(API + path, data=data, method=method, headers={
            "authorization": f"Bearer {KEY}", "content-type": "application/json"})
        try:
            with urllib.request.urlopen(req) as resp:
                print("remaining this", resp.headers["x-ratelimit-resource"], "=",
                      resp.headers["x-ratelimit-remaining"], "of", resp.headers["x-ratelimit-limit"])
                return json.load(resp)
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise RuntimeError(json.load(e))  # problem+json: type, title, detail, errors[]
            time.sleep(int(e.headers.get("retry-after", "1")))
    raise RuntimeError("still rate-limited")

person = call("POST", "/v1/people/enrich", {"email": "pedro.alves@acme.com"})
print(person["record"]["id"], "livemode:", person["livemode"])
