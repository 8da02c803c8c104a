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
# Longer than a learner's pause between two saved answers and than the proxy's idle upstream connections: a
# connection closed by the server just as the next request leaves is an error the learner sees (docs/performance.md).
keepalive = 75
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # off unless asked: one line per request costs time
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
