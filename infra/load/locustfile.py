"""A mix of the platform's everyday calls from several organisations against ./infra/dev.

Each simulated user signs up its own organisation (so tenants never share data), then loops over:
enrich a person (sandbox provider), read a person back, list people, read its own profile, and now
and then sign in again. Weights follow what a sales-ops front end does: reads dominate.
"""
import itertools
import random

from locust import HttpUser, between, task

COUNTER = itertools.count()
PASSWORD = "a long enough passphrase"


class Member(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        n = next(COUNTER)
        self.email = f"load-{n}-{random.randrange(1 << 30)}@tenant{n}.example"
        resp = self.client.post(
            "/v1/auth/register",
            json={"email": self.email, "password": PASSWORD, "name": f"User {n}",
                  "organization_name": f"Tenant {n}"},
            name="/v1/auth/register",
        )
        resp.raise_for_status()
        self.token = resp.json()["access_token"]
        self.people = []

    def headers(self):
        return {"authorization": f"Bearer {self.token}"}

    @task(3)
    def enrich(self):
        i = random.randrange(200)
        resp = self.client.post("/v1/people/enrich", json={"email": f"person{i}@acme{i % 7}.com"},
                                headers=self.headers(), name="/v1/people/enrich")
        if resp.ok and resp.json().get("record"):
            self.people.append(resp.json()["record"]["id"])

    @task(5)
    def read(self):
        if self.people:
            pid = random.choice(self.people)
            self.client.get(f"/v1/people/{pid}", headers=self.headers(), name="/v1/people/{person_id}")

    @task(3)
    def list_people(self):
        self.client.get("/v1/people?limit=20", headers=self.headers(), name="/v1/people")

    @task(2)
    def me(self):
        self.client.get("/v1/auth/me", headers=self.headers(), name="/v1/auth/me")

    @task(1)
    def login(self):
        resp = self.client.post("/v1/auth/login", json={"email": self.email, "password": PASSWORD},
                                name="/v1/auth/login")
        if resp.ok:
            self.token = resp.json()["access_token"]
