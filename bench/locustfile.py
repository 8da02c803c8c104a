"""Exam day for Locust: each virtual learner signs in, opens the quiz, starts an attempt, saves 20 answers a few
seconds apart and submits, once; every answer the server acknowledged is written down for the lost-answer check.

Run by bench/exam_day.py (`locust -f bench/locustfile.py --headless ...`); read from the environment:
BENCH_HOST_HEADER, BENCH_QUIZ_URL, BENCH_USER_PREFIX, BENCH_PASSWORD, BENCH_ACK_FILE, BENCH_USERS,
BENCH_START_WINDOW (seconds within which every attempt starts), BENCH_ANSWER_WAIT ("low,high" seconds).

The load generator stands where the TLS-terminating reverse proxy would be: it sends X-Forwarded-Proto: https
and the client's address in X-Forwarded-For (one documentation address, RFC 5737, per learner), as that proxy
would, and its cookie jar sends the Secure cookies back over the plain connection to gunicorn.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
import re
import time
import urllib.parse

import gevent
from locust import FastHttpUser, events, task
from locust.exception import StopUser

QUIZ_URL = os.environ.get("BENCH_QUIZ_URL", "/")
PREFIX = os.environ.get("BENCH_USER_PREFIX", "bench.hv")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
ACK_FILE = os.environ.get("BENCH_ACK_FILE", "/tmp/bench-acks.jsonl")
USERS = int(os.environ.get("BENCH_USERS", "1"))
START_WINDOW = float(os.environ.get("BENCH_START_WINDOW", "45"))
ANSWER_WAIT = tuple(float(x) for x in os.environ.get("BENCH_ANSWER_WAIT", "3,5").split(","))
HOST = os.environ.get("BENCH_HOST_HEADER", "127.0.0.1")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELDSET_RE = re.compile(r'<fieldset class="question" id="q(\d+)" data-position="\d+"[^>]*>(.*?)</fieldset>', re.S)
INPUT_RE = re.compile(r'<input type="(radio|checkbox)" name="(q\d+)" value="([^"]*)"')
SELECT_RE = re.compile(r'<select name="(q\d+_\d+)"[^>]*>(.*?)</select>', re.S)
OPTION_RE = re.compile(r'<option value="([^"]+)"')

_numbers = itertools.count(1)
_finished = itertools.count(1)
_acks = []


def _address(number: int) -> str:
    """A distinct client address per learner, from the documentation ranges (never routed anywhere)."""
    block = ("198.51.100", "203.0.113", "192.0.2")[(number // 250) % 3]
    return f"{block}.{number % 250 + 1}"


def answer_fields(html: str) -> dict[int, dict[str, list[str]]]:
    """For each question position of the attempt page, one answer a learner might give, as form fields."""
    rng = random.Random()
    answers = {}
    for position, body in FIELDSET_RE.findall(html):
        fields: dict[str, list[str]] = {}
        inputs = INPUT_RE.findall(body)
        if inputs:
            kind, name = inputs[0][0], inputs[0][1]
            values = [value for _kind, _name, value in inputs]
            fields[name] = rng.sample(values, rng.randint(1, 2)) if kind == "checkbox" else [rng.choice(values)]
        for name, options in SELECT_RE.findall(body):
            fields[name] = [rng.choice(OPTION_RE.findall(options))]
        answers[int(position)] = fields
    return answers


class _Failed(Exception):
    """A page the exam needs did not come: the failure is counted and this learner stops."""


class _SecureOverPlain(http.cookiejar.DefaultCookiePolicy):
    """The proxy's side of TLS: Secure cookies go back to gunicorn over the plain local connection."""

    def return_ok_secure(self, cookie, request):
        return True


class Learner(FastHttpUser):
    # One exam each: the user stops by itself after submitting.
    wait_time = None

    def on_start(self):
        self.number = next(_numbers)
        self.client.cookiejar.set_policy(_SecureOverPlain())
        self.base = f"https://{HOST}"
        self.headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": _address(self.number),
            "Origin": self.base,
        }

    def _get(self, url: str, name: str):
        with self.client.get(
            url, name=name, headers={**self.headers, "Referer": self.base + url}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                raise _Failed
            return response.text

    def _post(self, url: str, name: str, data: dict, *, expect: int, referer: str, extra: dict | None = None):
        headers = {
            **self.headers,
            "Referer": self.base + referer,
            "Content-Type": "application/x-www-form-urlencoded",
            **(extra or {}),
        }
        body = urllib.parse.urlencode(data, doseq=True)
        with self.client.post(
            url, name=name, data=body, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}")
                return None
            return response

    @task
    def exam(self):
        try:
            self._exam()
        except _Failed:
            pass
        except Exception as error:
            # Counted with the errors (Locust's exceptions report), never retried: one exam per learner.
            self.environment.events.user_error.fire(user_instance=self, exception=error, tb=error.__traceback__)
        finally:
            # Every learner takes one exam: when the last one has finished, the run ends.
            if next(_finished) >= USERS:
                gevent.spawn_later(2, self.environment.runner.quit)
        raise StopUser

    def _exam(self):
        gevent.sleep(random.uniform(0, START_WINDOW))
        login_url = "/tai-khoan/login/"
        token = CSRF_RE.search(self._get(login_url, "1 login form")).group(1)
        signed_in = self._post(
            login_url,
            "2 sign in",
            {"login": f"{PREFIX}{self.number:04d}", "password": PASSWORD, "csrfmiddlewaretoken": token},
            expect=302,
            referer=login_url,
        )
        if signed_in is None:
            return
        token = CSRF_RE.search(self._get(QUIZ_URL, "3 quiz page")).group(1)
        started = self._post(
            QUIZ_URL + "bat-dau/", "4 start attempt", {"csrfmiddlewaretoken": token}, expect=302, referer=QUIZ_URL
        )
        if started is None:
            return
        attempt_url = started.headers["Location"].replace(self.base, "")
        attempt_id = int(re.search(r"/bai-lam/(\d+)/", attempt_url).group(1))
        page = self._get(attempt_url, "5 attempt page")
        token = CSRF_RE.search(page).group(1)
        answers = answer_fields(page)
        autosave_url = f"/bai-lam/{attempt_id}/luu/"
        for position in sorted(answers):
            gevent.sleep(random.uniform(*ANSWER_WAIT))
            fields = {"position": str(position), **answers[position]}
            saved = self._post(
                autosave_url, "6 autosave", fields, expect=200, referer=attempt_url, extra={"X-CSRFToken": token}
            )
            if saved is not None and json.loads(saved.text).get("ok"):
                _acks.append({"attempt": attempt_id, "position": position, "values": answers[position]})
        gevent.sleep(random.uniform(*ANSWER_WAIT))
        # The submission carries no answers: everything graded must come from the acknowledged autosaves.
        submitted = self._post(
            attempt_url, "7 submit", {"csrfmiddlewaretoken": token, "action": "submit"}, expect=302, referer=attempt_url
        )
        if submitted is not None:
            self._get(submitted.headers["Location"].replace(self.base, ""), "8 result page")


@events.quitting.add_listener
def _write_acks(environment, **_kwargs):
    with open(ACK_FILE, "w") as handle:
        for ack in _acks:
            handle.write(json.dumps(ack) + "\n")
    print(f"acknowledged answers: {len(_acks)} written at {time.strftime('%H:%M:%S')}")
