"""gunicorn settings for Portal Humas: `gunicorn --config deploy/gunicorn.conf.py`.

nginx sits in front (deploy/nginx.conf) and buffers slow clients, so plain sync workers are
enough: on these machines they were faster and steadier than gthread, and WSGI much faster than
ASGI for Django's sync views.
"""

import multiprocessing
import os

wsgi_app = "humas_portal.wsgi:application"

# Loopback only: nginx is the one client.
bind = "127.0.0.1:8000"
worker_class = "sync"
# WEB_CONCURRENCY is gunicorn's own variable; set it in the environment file to override.
# 2 x CPUs + 1: 5 on 2 cores, 17 on 8. A sync worker serves one request at a time and
# waits idle on PostgreSQL and Redis, so more workers than cores keep the cores busy; each
# costs about 100 MB and one PostgreSQL connection (docs/OPERATIONS.md, "gunicorn workers").
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# A request still running after `timeout` seconds has its worker killed and restarted
# (nginx's proxy_read_timeout is a little longer, so this is the limit that applies).
timeout = 30
# On reload or stop, running requests get this long to finish.
graceful_timeout = 30
# No recycling (gunicorn's default, max_requests = 0). A new worker imports Django and the
# portal again, seconds of a core each time: recycling every 2,000 requests cost 57-66 % of
# the floor. A worker's memory levels off under load (docs/PERFORMANCE.md, "gunicorn
# recycling"), and every deploy's reload replaces all workers anyway. Should one grow,
# recycle rarely: GUNICORN_CMD_ARGS="--max-requests 200000 --max-requests-jitter 50000".
# Not preload_app either: it makes a new worker cheap, but a reload (HUP) would then keep
# the old code.

# X-Forwarded-Proto is believed only from nginx on the same machine (gunicorn's default).
forwarded_allow_ips = "127.0.0.1"

# Errors go to stderr, i.e. the journal. No access log: nginx logs every request already
# (deploy/nginx.conf: path without query string, status, bytes, total time, gunicorn's time
# and the micro-cache status); gunicorn writing the same line again cost up to a quarter of
# the floor (docs/PERFORMANCE.md, "gunicorn recycling").
errorlog = "-"
