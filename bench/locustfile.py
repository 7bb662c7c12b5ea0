"""Load test: the street committee's daily pages against several app nodes that share one database.

    pip install locust        # not a project dependency; a separate virtualenv is fine (it only speaks HTTP)
    python bench/cluster.py --nodes 2 -- locust -f bench/locustfile.py --headless -u 8 -r 2 -t 120s

`bench/cluster.py` starts the gunicorn nodes and passes their addresses in DANGJIAN_LOCUST_NODES
(comma-separated base URLs; default http://127.0.0.1:8000). Each simulated user signs in once, through the real
login form, on one node, then sends every request to a node chosen at random — so a request is often served by a
node that did not sign it in, which works only when the nodes share the sessions (Redis or the database).
A page that answers with the sign-in form counts as a failure. The accounts come from DANGJIAN_LOCUST_USERS
(comma-separated usernames of seeded staff; default `street`, the demo street's committee) with the demo password
(DANGJIAN_LOCUST_PASSWORD). The weights follow a committee clerk's day: the landing page and the ledgers most,
the roster and people lists next, the dashboards and the analysis now and then, the annual report rarely; between
two pages a pause of 0.5–2 s (DANGJIAN_LOCUST_WAIT=0: none, to find what the nodes can serve).
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, constant, task

NODES = [n.strip().rstrip("/") for n in os.environ.get("DANGJIAN_LOCUST_NODES", "http://127.0.0.1:8000").split(",")
         if n.strip()]
USERS = itertools.cycle([u.strip() for u in os.environ.get("DANGJIAN_LOCUST_USERS", "street").split(",") if u.strip()])
PASSWORD = os.environ.get("DANGJIAN_LOCUST_PASSWORD", "Dangjian@2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StreetCommittee(HttpUser):
    host = NODES[0]
    # A clerk's pause between pages; DANGJIAN_LOCUST_WAIT=0 sends the next request at once (the nodes' capacity).
    wait_time = between(0.5, 2) if os.environ.get("DANGJIAN_LOCUST_WAIT", "") != "0" else constant(0)

    def on_start(self):
        node = random.choice(NODES)
        self.username = next(USERS)
        page = self.client.get(f"{node}/login/", name="/login/")
        token = CSRF.search(page.text).group(1)
        with self.client.post(f"{node}/login/", name="/login/ (POST)", catch_response=True,
                              data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                              headers={"Referer": f"{node}/login/"}) as answer:
            if "/login/" in answer.url:
                answer.failure(f"sign-in refused for {self.username}")
        # Not `self.tasks`: that name is locust's list of the user's tasks.
        self.problem_ids = self._ids("/ledgers/problems/", r'href="/ledgers/problems/(\d+)/"')
        self.task_ids = self._ids("/ledgers/tasks/", r'href="/ledgers/tasks/(\d+)/"')

    def _ids(self, url, pattern):
        return [int(i) for i in re.findall(pattern, self._get(url).text)] or [0]

    def _get(self, url, name=None):
        """GET on a random node; a redirect to the sign-in form means the session was not shared."""
        with self.client.get(random.choice(NODES) + url, name=name or url, catch_response=True) as response:
            if "/login/" in response.url:
                response.failure("answered with the sign-in form: session not seen by this node")
            elif response.status_code == 200:
                response.success()
            return response

    @task(10)
    def home(self):
        self._get("/")

    @task(8)
    def ledger(self):
        self._get("/ledgers/")

    @task(6)
    def problems(self):
        self._get("/ledgers/problems/")

    @task(2)
    def overdue_problems(self):
        self._get("/ledgers/problems/?state=overdue")

    @task(4)
    def problem(self):
        self._get(f"/ledgers/problems/{random.choice(self.problem_ids)}/", name="/ledgers/problems/<pk>/")

    @task(5)
    def tasks_list(self):
        self._get("/ledgers/tasks/")

    @task(3)
    def task_detail(self):
        self._get(f"/ledgers/tasks/{random.choice(self.task_ids)}/", name="/ledgers/tasks/<pk>/")

    @task(3)
    def visits(self):
        self._get("/ledgers/visits/")

    @task(6)
    def members(self):
        self._get("/members/")

    @task(2)
    def member_search(self):
        self._get("/members/?q=z", name="/members/?q=")

    @task(3)
    def people(self):
        self._get("/people/")

    @task(2)
    def points(self):
        self._get("/members/points/")

    @task(2)
    def compliance(self):
        self._get("/members/compliance/")

    @task(2)
    def notifications(self):
        self._get("/notifications/")

    @task(2)
    def org_picker(self):
        self._get("/pickers/organizations/?q=sq", name="/pickers/organizations/?q=")

    @task(2)
    def activities(self):
        self._get("/coop/activities/")

    @task(2)
    def wishes(self):
        self._get("/services/wishes/")

    @task(3)
    def dashboard(self):
        self._get("/reports/dashboard/")

    @task(2)
    def analysis(self):
        self._get("/assessment/analysis/")

    @task(1)
    def annual(self):
        self._get("/reports/annual/")
