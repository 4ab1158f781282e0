from ppid import admin_requests  # noqa: F401
