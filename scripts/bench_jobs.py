#!/usr/bin/env python3
"""Generation jobs through the gateway, for scripts/bench.sh. Standard library only.

    scripts/bench_jobs.py http://127.0.0.1:8080

1. Baseline: the round trip of one authenticated `GET /api/ai/progress/{id}` (what a
   poll costs, so the resolution of the end-to-end figure).
2. Ten 30-day journals one after the other: the time from sending
   `POST /api/ai/generate-journal` until `GET /api/ai/progress/{id}` first answers
   `completed` (polled every 2 ms on a kept-alive connection), and the job's own
   `finished_at - created_at`.
3. 100 jobs submitted at once from three fresh content-creator accounts (50 credits
   each): the time until every job is terminal, how many completed, how many
   journals the libraries of those accounts hold, and the credits left.
4. One 365-day journal written by the builtin writer, for bench.sh to read with wrk:
   its id and its owner's access token are in the output (`year_journal_id`,
   `year_token`).

Prints one JSON object of figures on standard output; progress goes to standard error.
Exits non-zero when a request fails unexpectedly.
"""
import datetime
import http.client
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

PASSWORD = "Quiet-Harbor-Lantern-42"
TERMINAL = {"completed", "failed", "cancelled"}
SINGLE_JOBS = 10
QUEUED_JOBS = 100
QUEUE_ACCOUNTS = 3
DAYS = 30
POLL_SECONDS = 0.002
SINGLE_LIMIT_SECONDS = 60.0
DRAIN_LIMIT_SECONDS = 600.0


class Client:
    """One kept-alive HTTP connection to the gateway (one per thread)."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.connection = None

    def call(self, method, path, token=None, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {}
        if data is not None:
            headers["content-type"] = "application/json"
        if token:
            headers["authorization"] = "Bearer " + token
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection: open a new one, once.
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise
                continue
            if response.getheader("connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            try:
                return response.status, json.loads(raw or b"null")
            except ValueError:
                return response.status, raw.decode(errors="replace")
        raise AssertionError("unreachable")


def expect(status, body, wanted, what):
    if status != wanted:
        raise SystemExit(f"bench_jobs: {what} answered {status}, expected {wanted}: {body}")


def log(message):
    print(f"bench_jobs: {message}", file=sys.stderr, flush=True)


def account(client):
    """A new content-creator account (50 AI credits); its access token."""
    email = f"bench-jobs-{uuid.uuid4().hex[:12]}@example.com"
    status, body = client.call("POST", "/api/auth/register", body={
        "email": email, "password": PASSWORD, "full_name": "Bench Jobs", "profile_type": "content_creator"})
    expect(status, body, 201, "POST /api/auth/register")
    status, body = client.call("POST", "/api/auth/login", body={"email": email, "password": PASSWORD})
    expect(status, body, 200, "POST /api/auth/login")
    return body["access_token"]


def generate(client, token, days=DAYS):
    """Queues a journal with the builtin writer; the job id."""
    status, body = client.call("POST", "/api/ai/generate-journal", token, {
        "theme": "mindfulness", "title_style": "inspirational", "author_style": "warm",
        "research_depth": "medium", "days": days})
    expect(status, body, 200, "POST /api/ai/generate-journal")
    if body.get("status") != "pending" or not body.get("job_id"):
        raise SystemExit(f"bench_jobs: unexpected answer to a generation request: {body}")
    return body["job_id"]


def progress(client, token, job_id):
    status, job = client.call("GET", f"/api/ai/progress/{job_id}", token)
    expect(status, job, 200, f"GET /api/ai/progress/{job_id}")
    return job


def wait(client, token, job_id, limit):
    deadline = time.monotonic() + limit
    while True:
        job = progress(client, token, job_id)
        if job["status"] in TERMINAL:
            return job
        if time.monotonic() > deadline:
            raise SystemExit(f"bench_jobs: job {job_id} not finished after {limit:.0f} s: {job}")
        time.sleep(POLL_SECONDS)


_FRACTION = re.compile(r"(\.\d{1,6})\d*")


def instant(text):
    """An RFC 3339 time (as chrono writes it, up to nanoseconds) as a datetime."""
    return datetime.datetime.fromisoformat(_FRACTION.sub(r"\1", text.replace("Z", "+00:00"), count=1))


def server_ms(job):
    """finished_at - created_at of a finished job, in milliseconds (None without them)."""
    if not job.get("finished_at") or not job.get("created_at"):
        return None
    return (instant(job["finished_at"]) - instant(job["created_at"])).total_seconds() * 1000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def library_count(client, token):
    status, body = client.call("GET", "/api/library/projects?page=1&limit=1", token)
    expect(status, body, 200, "GET /api/library/projects")
    return body["count"]


def credits(client, token):
    status, body = client.call("GET", "/api/auth/me", token)
    expect(status, body, 200, "GET /api/auth/me")
    return body["ai_credits"]


def single_jobs(client, token):
    """Part 1 and 2: the poll baseline, then ten jobs one at a time."""
    warm = wait(client, token, generate(client, token), SINGLE_LIMIT_SECONDS)
    if warm["status"] != "completed":
        raise SystemExit(f"bench_jobs: the warm-up job did not complete: {warm}")
    rtts = []
    for _ in range(200):
        start = time.perf_counter()
        progress(client, token, warm["job_id"])
        rtts.append((time.perf_counter() - start) * 1000)

    end_to_end, submit, server, polls = [], [], [], []
    before_row, after_finish = [], []
    for _ in range(SINGLE_JOBS):
        sent = time.time()
        start = time.perf_counter()
        job_id = generate(client, token)
        submit.append((time.perf_counter() - start) * 1000)
        count = 0
        while True:
            job = progress(client, token, job_id)
            count += 1
            if job["status"] in TERMINAL:
                break
            if time.perf_counter() - start > SINGLE_LIMIT_SECONDS:
                raise SystemExit(f"bench_jobs: job {job_id} not finished after {SINGLE_LIMIT_SECONDS:.0f} s")
            time.sleep(POLL_SECONDS)
        end_to_end.append((time.perf_counter() - start) * 1000)
        seen = time.time()
        if job["status"] != "completed":
            raise SystemExit(f"bench_jobs: job {job_id} ended {job['status']}: {job.get('error')}")
        if job.get("days") != DAYS or not job.get("journal_id"):
            raise SystemExit(f"bench_jobs: job {job_id} completed without a {DAYS}-day journal: {job}")
        server.append(server_ms(job))
        polls.append(count)
        # The service writes its times from the same wall clock as this machine's.
        created, done = instant(job["created_at"]).timestamp(), instant(job["finished_at"]).timestamp()
        before_row.append((created - sent) * 1000)
        after_finish.append((seen - done) * 1000)
    log(f"single jobs: end to end {[round(v) for v in end_to_end]} ms")
    server_known = [v for v in server if v is not None]
    return {
        "poll_rtt_ms_median": round(statistics.median(rtts), 2),
        "poll_rtt_ms_p99": round(percentile(rtts, 0.99), 2),
        "single_jobs": SINGLE_JOBS,
        "single_end_to_end_ms_median": round(statistics.median(end_to_end), 1),
        "single_end_to_end_ms_max": round(max(end_to_end), 1),
        "single_submit_ms_median": round(statistics.median(submit), 1),
        "single_server_ms_median": round(statistics.median(server_known), 1) if server_known else None,
        "single_server_ms_max": round(max(server_known), 1) if server_known else None,
        "single_polls_median": statistics.median(polls),
        "single_send_to_created_ms_median": round(statistics.median(before_row), 1),
        "single_finished_to_seen_ms_median": round(statistics.median(after_finish), 1),
    }


def queued_jobs(base, client):
    """Part 3: 100 jobs at once from three accounts, until every one is terminal."""
    tokens = [account(client) for _ in range(QUEUE_ACCOUNTS)]
    owners = [tokens[i % QUEUE_ACCOUNTS] for i in range(QUEUED_JOBS)]
    job_ids = [None] * QUEUED_JOBS
    errors = []
    ready = threading.Barrier(QUEUED_JOBS + 1)

    def submit(index):
        mine = Client(base)
        mine.call("GET", "/livez")  # connect before the barrier
        ready.wait()
        try:
            job_ids[index] = generate(mine, owners[index])
        except BaseException as error:  # SystemExit from expect() included
            errors.append(str(error))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(QUEUED_JOBS)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    submitted_ms = (time.perf_counter() - start) * 1000
    if errors:
        raise SystemExit(f"bench_jobs: {len(errors)} of {QUEUED_JOBS} submissions failed, e.g. {errors[0]}")

    # One poller walks the jobs not yet finished, round after round.
    finished = {}
    deadline = start + DRAIN_LIMIT_SECONDS
    while len(finished) < QUEUED_JOBS and time.perf_counter() < deadline:
        for index, job_id in enumerate(job_ids):
            if job_id in finished:
                continue
            job = progress(client, owners[index], job_id)
            if job["status"] in TERMINAL:
                finished[job_id] = job
        if len(finished) < QUEUED_JOBS:
            time.sleep(0.01)
    drained_ms = (time.perf_counter() - start) * 1000
    jobs = list(finished.values())
    statuses = {}
    for job in jobs:
        statuses[job["status"]] = statuses.get(job["status"], 0) + 1
    failed = [job.get("error") for job in jobs if job["status"] != "completed"]
    if failed:
        log(f"queued jobs not completed: {failed[:3]}")
    first_created = min(instant(job["created_at"]) for job in jobs) if jobs else None
    last_finished = max((instant(job["finished_at"]) for job in jobs if job.get("finished_at")), default=None)
    server_drain = (
        round((last_finished - first_created).total_seconds() * 1000, 1)
        if first_created and last_finished else None
    )
    distinct_journals = len({job.get("journal_id") for job in jobs if job.get("journal_id")})
    return {
        "queued_jobs": QUEUED_JOBS,
        "queued_accounts": QUEUE_ACCOUNTS,
        "queued_submitted_ms": round(submitted_ms, 1),
        "queued_drained_ms": round(drained_ms, 1),
        "queued_server_drain_ms": server_drain,
        "queued_terminal": len(jobs),
        "queued_unfinished": QUEUED_JOBS - len(jobs),
        "queued_completed": statuses.get("completed", 0),
        "queued_failed": statuses.get("failed", 0),
        "queued_cancelled": statuses.get("cancelled", 0),
        "queued_distinct_journals": distinct_journals,
        "queued_library_journals": sum(library_count(client, t) for t in tokens),
        "queued_credits_left": sum(credits(client, t) for t in tokens),
        "queued_credits_start": 50 * QUEUE_ACCOUNTS,
    }


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: bench_jobs.py http://HOST:PORT")
    base = sys.argv[1].rstrip("/")
    client = Client(base)
    token = account(client)
    figures = single_jobs(client, token)
    figures["single_account_library_journals"] = library_count(client, token)
    figures["single_account_jobs"] = SINGLE_JOBS + 1
    figures.update(queued_jobs(base, client))
    start = time.perf_counter()
    year = wait(client, token, generate(client, token, days=365), SINGLE_LIMIT_SECONDS)
    if year["status"] != "completed":
        raise SystemExit(f"bench_jobs: the 365-day job did not complete: {year}")
    figures["year_end_to_end_ms"] = round((time.perf_counter() - start) * 1000, 1)
    figures["year_server_ms"] = round(server_ms(year), 1)
    figures["year_journal_id"] = year["journal_id"]
    figures["year_token"] = token
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
