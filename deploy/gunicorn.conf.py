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
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# A request still running after `timeout` seconds has its worker killed and restarted
# (nginx's proxy_read_timeout is a little longer, so this is the limit that applies).
timeout = 30
# On reload or stop, running requests get this long to finish.
graceful_timeout = 30
# Recycle each worker after a few thousand requests so slow memory growth cannot build up.
max_requests = 2000
max_requests_jitter = 200

# X-Forwarded-Proto is believed only from nginx on the same machine (gunicorn's default).
forwarded_allow_ips = "127.0.0.1"

# Logs go to stderr, i.e. the journal. The access log names the path but never the query
# string, the referrer or the client address: those can carry search terms, tokens or
# personal data.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
