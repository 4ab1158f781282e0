"""Speed measurements for Portal Humas: `make bench`, i.e. `python -m bench`.

One run starts the real server (gunicorn, sync workers) on a throw-away database, drives load
at a few pages from this process and reports ratios between them; then it measures the
notifications outbox (2 Celery worker processes) against plain smtplib, both delivering to a
loopback SMTP sink. See docs/PERFORMANCE.md.
"""
