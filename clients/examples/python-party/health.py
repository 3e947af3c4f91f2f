"""grpc.health.v1.Health for the party: the standard health service every
concert server offers (and `concert conformance` checks first), so that an
orchestrator or `concert health` can ask whether the party is up.

Import this only after stubs.load(): the stubs are generated at build time
from Debian's grpc-proto copy of health.proto (Debian packages no Python
grpc_health). The party serves two names, "" (the whole server) and
"concert.v1.Party"; Check answers NOT_FOUND for any other. Both say SERVING
until the party starts shutting down, then NOT_SERVING.
"""

import threading

import grpc

from grpc.health.v1 import health_pb2
from grpc.health.v1 import health_pb2_grpc

SERVED = ("", "concert.v1.Party")

_SERVING = health_pb2.HealthCheckResponse.SERVING
_NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
_UNKNOWN = health_pb2.HealthCheckResponse.SERVICE_UNKNOWN


class HealthService(health_pb2_grpc.HealthServicer):
    """SERVING for the party's names until set_not_serving()."""

    def __init__(self):
        self._serving = True
        self._watchers = 0  # Watch calls not yet ended
        self._changed = threading.Condition()

    def set_not_serving(self):
        """The party is stopping: every name says NOT_SERVING from now on,
        and open Watch calls are told so and end."""
        with self._changed:
            self._serving = False
            self._changed.notify_all()

    def wait_watchers(self, timeout):
        """True once every Watch call has ended (after set_not_serving(),
        each is told and ends), so that stopping the server does not cancel
        one before its NOT_SERVING is sent; False if `timeout` passed."""
        with self._changed:
            return self._changed.wait_for(lambda: self._watchers == 0,
                                          timeout)

    def _status(self, service):
        if service not in SERVED:
            return _UNKNOWN
        with self._changed:
            return _SERVING if self._serving else _NOT_SERVING

    def Check(self, request, context):
        status = self._status(request.service)
        if status == _UNKNOWN:
            context.abort(grpc.StatusCode.NOT_FOUND,
                          f"unknown service '{request.service}'; this "
                          f"server serves '' and 'concert.v1.Party'")
        return health_pb2.HealthCheckResponse(status=status)

    def Watch(self, request, context):
        # The current status at once (SERVICE_UNKNOWN for a name not served,
        # as the protocol says), then NOT_SERVING when the party starts
        # stopping, which ends the call. Each open Watch holds one of the
        # server's worker threads until then or until the caller cancels.
        ended = [False]

        def on_end():  # when the call is over, however it ended
            with self._changed:
                ended[0] = True
                self._watchers -= 1
                self._changed.notify_all()

        with self._changed:
            self._watchers += 1
        if not context.add_callback(on_end):
            on_end()  # the call is already over
            return
        sent = self._status(request.service)
        yield health_pb2.HealthCheckResponse(status=sent)
        with self._changed:
            self._changed.wait_for(lambda: ended[0] or not self._serving)
            if ended[0]:
                return
        now = self._status(request.service)
        if now != sent:
            yield health_pb2.HealthCheckResponse(status=now)
