"""gunicorn settings, read automatically when gunicorn starts in this folder; the environment can override them.

Measured on the 2-core benchmark machine (docs/performance.md): a few processes with threads serve the
exam-day load best, because most of a request's time is spent waiting on PostgreSQL and Redis.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Recycle workers now and then so that a slow leak never grows; jitter keeps them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # off unless asked: one line per request costs time
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
