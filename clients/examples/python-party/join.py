"""--join: registering the party's address with a running coordinator.

Coordinator.RegisterParty is retried with exponential backoff while the
coordinator cannot be reached or cannot yet reach the party (UNAVAILABLE,
DEADLINE_EXCEEDED and the like); a refusal (NOT_FOUND: the scenario has no
such seat, FAILED_PRECONDITION: the address answers as another party,
INVALID_ARGUMENT, or any other code) ends the attempt at once.
"""

import grpc

from concert.v1 import coordinator_pb2
from concert.v1 import coordinator_pb2_grpc

# Codes worth another attempt; every other code is a refusal.
RETRYABLE = frozenset({
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.ABORTED,
})


class Refused(RuntimeError):
    """The coordinator said no, or every allowed attempt failed."""


def register(coordinator, party_id, address, stop, log, attempts=0,
             first_delay=0.2, max_delay=5.0, timeout=10.0):
    """Registers `party_id` at `address` with the coordinator at
    `coordinator`. Retries until accepted, `attempts` tries are spent (0: no
    limit) or the threading.Event `stop` is set (returns None). Returns the
    RegisterPartyResponse; raises Refused."""
    request = coordinator_pb2.RegisterPartyRequest(party_id=party_id,
                                                   address=address)
    delay = first_delay
    tried = 0
    with grpc.insecure_channel(coordinator) as channel:
        stub = coordinator_pb2_grpc.CoordinatorStub(channel)
        while not stop.is_set():
            tried += 1
            try:
                return stub.RegisterParty(request, timeout=timeout)
            except grpc.RpcError as e:
                code, details = e.code(), e.details()
                if code not in RETRYABLE:
                    raise Refused(f"refused: {code.name}: {details}") from e
                if attempts and tried >= attempts:
                    raise Refused(f"gave up after {tried} attempt(s); last: "
                                  f"{code.name}: {details}") from e
                log(f"not registered yet ({code.name}: {details}); "
                    f"retrying in {delay:.1f}s")
            # Waiting on the event, not sleeping: SIGTERM ends the wait.
            stop.wait(delay)
            delay = min(delay * 2, max_delay)
    return None
