"""concert.v1.Party in Python over the generated stubs: the gRPC adapter.

Import this only after stubs.load() has put the generated code on sys.path.
Every rule of the contract in proto/concert/v1/party.proto is kept here:
  - Describe names the model's seat, claims MEMORY_SET, lists the model's
    variants and sets baseline_for_other_variants: a variant the model does
    not list keeps the baseline (interests.Model.profile), so Table takes
    any variant;
  - Table answers a digest of the serialized TableRequest (the same request,
    the same digest) and keeps the tabled draft under it;
  - an unknown digest is FAILED_PRECONDITION (Evaluate) or a result whose
    `error` names the digest (EvaluateStream), unless the call carries the
    `table` (a replica that never saw Table tables it first);
  - a question the party cannot take is INVALID_ARGUMENT or `error`, never a
    made-up vote;
  - one result per batch, under its request_id, one vote per question, and
    one detail per question when `details` is set.
"""

import collections
import hashlib
import threading

import grpc

from concert.v1 import party_pb2
from concert.v1 import party_pb2_grpc

import interests

VERSION = "python-party 0.1.0"

_VOTES = {
    interests.SUPPORT: party_pb2.VOTE_SUPPORT,
    interests.ABSTAIN: party_pb2.VOTE_ABSTAIN,
    interests.OBJECT: party_pb2.VOTE_OBJECT,
}


def table_digest(request):
    """Hex SHA-256 of the deterministic serialization of a TableRequest."""
    return hashlib.sha256(
        request.SerializeToString(deterministic=True)).hexdigest()


def unknown_digest(digest):
    # The coordinator re-tables when the message says "digest".
    return f"unknown draft digest '{digest}'; table the draft first"


class DraftCache:
    """Tabled drafts by digest; the least recently used dropped when full."""

    def __init__(self, capacity=64):
        self._capacity = max(1, capacity)
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()

    def find(self, digest):
        with self._lock:
            tabled = self._entries.get(digest)
            if tabled is not None:
                self._entries.move_to_end(digest)
            return tabled

    def insert(self, digest, tabled):
        with self._lock:
            self._entries[digest] = tabled
            self._entries.move_to_end(digest)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)


class Counters:
    """What the party answered, for the line it logs when it stops."""

    def __init__(self):
        self._lock = threading.Lock()
        self.tables = self.evaluations = self.batches = self.questions = 0

    def add(self, **counts):
        with self._lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)

    def summary(self):
        with self._lock:
            return (f"{self.tables} tables, {self.evaluations} evaluations, "
                    f"{self.batches} batches ({self.questions} questions)")


def _fill(judgement, response):
    response.vote = _VOTES[judgement.vote]
    response.utility_change = judgement.utility_change
    response.rationale = judgement.rationale
    response.conditions.extend(judgement.conditions)


def answer_batch(tabled, batch, result):
    """Answers one EvaluateBatch into `result` (request_id set by the caller),
    or sets result.error and leaves votes and details empty."""
    if tabled is None:
        result.error = unknown_digest(batch.draft_digest)
        return
    words = batch.set_words
    questions = len(batch.proposals)
    if words == 0:
        result.error = "set_words must be at least 1"
        return
    sets = list(batch.sets)
    if len(sets) != questions * words:
        result.error = (f"sets has {len(sets)} words for {questions} "
                        f"proposals; expected {words} word(s) each")
        return
    proposals = list(batch.proposals)
    adopted = []
    for i, p in enumerate(proposals):
        if words == 1:
            s = sets[i]
        else:
            s = 0
            for w in range(words):
                s |= sets[i * words + w] << (64 * w)
        if p >= tabled.size:
            result.error = (f"question {i}: proposal index {p} is out of "
                            f"range (the draft has {tabled.size} proposals)")
            return
        if s & ~tabled.all:
            result.error = (f"question {i}: the set names proposals beyond "
                            f"the draft's {tabled.size}")
            return
        if s >> p & 1:
            result.error = f"question {i}: proposal {p} is already in its set"
            return
        adopted.append(s)
    # Every question checked first: an error leaves no votes behind.
    result.votes.extend(_VOTES[tabled.vote(s, p)]
                        for s, p in zip(adopted, proposals))
    if batch.details:
        for s, p in zip(adopted, proposals):
            _fill(tabled.judge(s, p), result.details.add())


class InFlight:
    """The calls being answered, so that a graceful stop waits for them and
    not for idle connections (gRPC Python's stop(grace) would wait out the
    whole grace period while any client keeps a channel open)."""

    def __init__(self):
        self._calls = 0
        self._idle = threading.Condition()

    def __enter__(self):
        with self._idle:
            self._calls += 1

    def __exit__(self, *exc):
        with self._idle:
            self._calls -= 1
            if self._calls == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout):
        """True once no call is in flight; False if `timeout` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._calls == 0, timeout)


class PartyService(party_pb2_grpc.PartyServicer):
    """The party: a model file behind concert.v1.Party."""

    def __init__(self, model, cache_capacity=64, log=None):
        self.model = model
        self.cache = DraftCache(cache_capacity)
        self.counters = Counters()
        self.in_flight = InFlight()
        self._log = log or (lambda message: None)

    def _table(self, request):
        """(digest, tabled draft), from the cache or tabled now. Raises
        DraftError for a draft the party cannot take."""
        # This example does not implement what-if overlays: refusing is the
        # contract's other choice (a party that ignored one would report its
        # unchanged votes as the what-if's answer). Perturbations it leaves
        # aside: its votes then simply do not vary in robustness studies.
        if request.HasField("overlay") and request.overlay.ByteSize() > 0:
            raise interests.DraftError(
                "this party does not apply what-if overlays")
        digest = table_digest(request)
        tabled = self.cache.find(digest)
        if tabled is None:
            tabled = interests.TabledDraft(
                self.model.profile(request.variant), request.draft,
                request.initial_state)
            self.cache.insert(digest, tabled)
            self._log(f"tabled draft '{request.draft.id}' "
                      f"(variant '{request.variant}') as {digest[:12]}")
        return digest, tabled

    def Describe(self, request, context):
        with self.in_flight:
            return self._describe()

    def Table(self, request, context):
        with self.in_flight:
            return self._table_call(request, context)

    def Evaluate(self, request, context):
        with self.in_flight:
            return self._evaluate(request, context)

    def EvaluateStream(self, request_iterator, context):
        # In flight per batch, not per stream: the coordinator keeps a
        # stream open between requests, and a stream waiting for its next
        # batch must not hold a graceful stop.
        yield from self._evaluate_stream(request_iterator)

    def _describe(self):
        return party_pb2.DescribeResponse(
            party_id=self.model.id, name=self.model.name, version=VERSION,
            memory=party_pb2.MEMORY_SET, variants=list(self.model.variants),
            # Model.profile keeps the baseline under any other variant.
            baseline_for_other_variants=True)

    def _table_call(self, request, context):
        self.counters.add(tables=1)
        try:
            digest, _ = self._table(request)
        except interests.DraftError as e:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"cannot table draft '{request.draft.id}': {e}")
        return party_pb2.TableResponse(draft_digest=digest)

    def _evaluate(self, request, context):
        self.counters.add(evaluations=1)
        tabled = self.cache.find(request.draft_digest)
        if tabled is None and request.HasField("table"):
            # A replica that never saw Table: the request carries the draft.
            try:
                _, tabled = self._table(request.table)
            except interests.DraftError as e:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              f"cannot table draft "
                              f"'{request.table.draft.id}': {e}")
        if tabled is None:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                          unknown_digest(request.draft_digest))
        proposal = tabled.index.get(request.proposal)
        if proposal is None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"unknown proposal '{request.proposal}'")
        adopted = 0
        for pid in request.adopted:
            i = tabled.index.get(pid)
            if i is None:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              f"unknown adopted proposal '{pid}'")
            if adopted >> i & 1:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              f"proposal '{pid}' is adopted twice")
            adopted |= 1 << i
        if adopted >> proposal & 1:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"proposal '{request.proposal}' is already adopted")
        response = party_pb2.EvaluateResponse()
        _fill(tabled.judge(adopted, proposal), response)
        return response

    def _evaluate_stream(self, request_iterator):
        digest, tabled = None, None
        for batch in request_iterator:
            with self.in_flight:
                result, digest, tabled = self._answer(batch, digest, tabled)
                yield result

    def _answer(self, batch, digest, tabled):
        """The result of one batch, and the (digest, tabled draft) the
        stream goes on with."""
        if tabled is None or batch.draft_digest != digest:
            digest = batch.draft_digest
            tabled = self.cache.find(digest)
            if tabled is None and batch.HasField("table"):
                # The first batch of a digest on a stream carries the
                # draft; one that does not table leaves the digest unknown.
                try:
                    _, tabled = self._table(batch.table)
                except interests.DraftError:
                    tabled = None
        result = party_pb2.EvaluateBatchResult(request_id=batch.request_id)
        answer_batch(tabled, batch, result)
        self.counters.add(batches=1, questions=len(result.votes))
        return result, digest, tabled
