"""The Redis broker transport the worker uses: kombu's, with one failure made harmless.

kombu and celery 5.7.0 (the newest releases) can end the worker when Redis goes away while a
task's acknowledgement is pending ("Couldn't ack ... ConnectionError", then "Unrecoverable
error: AttributeError(\"'NoneType' object has no attribute 'hostname'\")"). On a lost
connection celery's consumer first calls Connection.collect(), which closes the channels and
detaches the transport from its connection (transport.client = None), then Connection.close().
A channel whose first close failed half-way (it was reading BRPOP from the dead socket) is
closed again by the second call; closing restores the unacknowledged messages, which needs a
new Redis client, whose parameters are read from transport.client: None. The AttributeError
is not a connection error, so the consumer treats it as fatal.

Skipping the restore in exactly that state loses nothing: Redis was unreachable, so it could
not have succeeded, and the messages stay in Redis's "unacked" hash, from where kombu restores
them after the visibility timeout, as it does for a worker that died. (The outbox relay sends
their e-mail sooner: humas_portal/notifications/services.py.) A warm shutdown with Redis up
restores as before.
"""

import logging

from kombu.transport import redis

logger = logging.getLogger(__name__)


class _QoS(redis.QoS):
    def restore_unacked_once(self, stderr=None):
        transport = self.channel.connection
        if transport is None or transport.client is None:
            # Nor again at exit, by the finaliser kombu registered for this.
            self._on_collect.cancel()
            logger.warning(
                "broker connection already closed: %d unacknowledged message(s) return from "
                "Redis after the visibility timeout",
                len(self._delivered),
            )
            return
        return super().restore_unacked_once(stderr=stderr)


class _Channel(redis.Channel):
    QoS = _QoS


class Transport(redis.Transport):
    Channel = _Channel
