"""The simulated users of ``benches/load.py`` (locust ``FastHttpUser``s, 1-5 s between requests).

``LANDA_LOAD_SUBJECTS`` names a JSON file that ``load.py`` wrote: signed-in cookies per role, API
tokens, and the case, need and municipality ids each role looks at. Each user takes the next cookie of its
role (several users share a session, as colleagues' browsers would not, but the server treats each
request alike), so nobody signs in during the measurement.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import FastHttpUser, between, task

SUBJECTS = json.loads(open(os.environ["LANDA_LOAD_SUBJECTS"]).read())  # noqa: SIM115, PTH123
_turns = {role: itertools.cycle(cookies) for role, cookies in SUBJECTS["cookies"].items()}


class Landa(FastHttpUser):
    abstract = True
    wait_time = between(1, 5)
    role = ""

    def on_start(self) -> None:
        self.person = next(_turns[self.role]) if self.role else None

    def get(self, path: str, name: str) -> None:
        headers = {"Cookie": self.person["cookie"]} if self.person else {}
        self.client.get(path, headers=headers, name=name)


class Visitor(Landa):
    """Someone who has not signed in: the home page, the board, a need, the directory, a municipality."""

    weight = 120

    @task(3)
    def board(self) -> None:
        self.get("/needs/", "board")

    @task(2)
    def need(self) -> None:
        self.get(f"/needs/{random.choice(SUBJECTS['needs'])}", "board need")  # noqa: S311

    @task(2)
    def home(self) -> None:
        self.get("/", "home")

    @task(1)
    def directory(self) -> None:
        self.get("/directory/", "directory")

    @task(2)
    def municipality(self) -> None:
        self.get(f"/directory/{random.choice(SUBJECTS['municipalities'])}", "municipality")  # noqa: S311


class Newcomer(Landa):
    weight = 80
    role = "newcomer"

    @task(4)
    def start_page(self) -> None:
        self.get("/talent/", "talent start")

    @task(2)
    def plan(self) -> None:
        self.get("/talent/plan", "talent plan")

    @task(1)
    def housing(self) -> None:
        self.get("/talent/housing", "talent housing")

    @task(1)
    def places(self) -> None:
        self.get("/talent/places", "talent places")


class Officer(Landa):
    weight = 50
    role = "officer"

    @task(3)
    def cases(self) -> None:
        self.get("/reception/", "reception cases")

    @task(3)
    def case(self) -> None:
        self.get(f"/reception/cases/{random.choice(self.person['cases'])}", "reception case")  # noqa: S311

    @task(1)
    def dashboard(self) -> None:
        self.get("/reception/dashboard", "reception dashboard")


class Employer(Landa):
    weight = 30
    role = "employer"

    @task(1)
    def start_page(self) -> None:
        self.get("/employers/", "employer start")

    @task(2)
    def candidates(self) -> None:
        self.get(f"/employers/needs/{random.choice(self.person['needs'])}/candidates", "employer candidates")  # noqa: S311


class ApiClient(Landa):
    """An integration: a municipality's case system and a newcomer's app."""

    weight = 20

    def on_start(self) -> None:
        self.person = None
        self.tokens = SUBJECTS["tokens"]

    @task(1)
    def cases(self) -> None:
        self.client.get("/api/v1/cases", headers={"Authorization": f"Bearer {self.tokens['officer']}"},
                        name="api cases")

    @task(1)
    def matches(self) -> None:
        self.client.get("/api/v1/newcomer/matches", headers={"Authorization": f"Bearer {self.tokens['newcomer']}"},
                        name="api newcomer matches")
