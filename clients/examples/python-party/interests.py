"""The Python party's interest model: its own, simpler than the built-in one.

The model file (JSON) gives the party an ideal point and a salience per
dimension, a support and an objection threshold, and optional red lines. Its
utility in a state x is u(x) = -sum_d salience_d * |x_d - ideal_d|, where the
state after a set S of adopted proposals is x(S) = x0 + the effects of S (x0
is the TableRequest's initial_state). For a proposal p it weighs
du = u(x(S) + effects(p)) - u(x(S)): SUPPORT when du >= support_threshold,
OBJECT when du < -objection_threshold, ABSTAIN otherwise -- the built-in
party's rule. A red line {"dimension": X, "below": Y} then makes the vote
OBJECT when p lowers X and leaves it below Y ("above" is the mirror image);
its condition says what state would lift it ("X >= Y - delta").

The vote depends only on the adopted set (MEMORY_SET), so the coordinator
may explore a draft's lattice instead of sampling orders.

Pure Python: no gRPC here, and no generated code but the messages passed in.
"""

import json
import math

# Slack of every comparison with a threshold, as in the built-in party:
# states are sums of deltas, and 0.1 + 0.2 must reach 0.3.
TOLERANCE = 1e-9

SUPPORT, ABSTAIN, OBJECT = "support", "abstain", "object"


class ModelError(ValueError):
    """A model file that cannot be used; the message names the faulty part."""


class DraftError(ValueError):
    """A tabled draft the party cannot take (e.g. two proposals, one id)."""


# ---------------------------------------------------------------------------
# Loading and checking the model file
# ---------------------------------------------------------------------------


def _number(value, where, minimum=None):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{where} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ModelError(f"{where} must be finite, got {value!r}")
    if minimum is not None and value < minimum:
        raise ModelError(f"{where} must be at least {minimum}, got {value!r}")
    return float(value)


def _only_keys(obj, allowed, where):
    if not isinstance(obj, dict):
        raise ModelError(f"{where} must be an object")
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise ModelError(
            f"{where} has unknown key(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(allowed))}")


def _positions(obj, where):
    """{"dim": {"ideal": .., "salience": ..}} -> {dim: (ideal, salience)}."""
    if not isinstance(obj, dict):
        raise ModelError(f"{where} must be an object keyed by dimension")
    out = {}
    for dim, pos in obj.items():
        here = f"{where}.{dim}"
        _only_keys(pos, ("ideal", "salience"), here)
        if "ideal" not in pos or "salience" not in pos:
            raise ModelError(f"{here} needs both 'ideal' and 'salience'")
        out[dim] = (_number(pos["ideal"], f"{here}.ideal"),
                    _number(pos["salience"], f"{here}.salience", 0))
    return out


class RedLine:
    """OBJECT to a proposal that moves `dimension` below (or above) `limit`."""

    def __init__(self, obj, where):
        _only_keys(obj, ("id", "dimension", "below", "above", "reason"), where)
        self.id = obj.get("id")
        self.dimension = obj.get("dimension")
        if not isinstance(self.id, str) or not self.id:
            raise ModelError(f"{where} needs an 'id'")
        if not isinstance(self.dimension, str) or not self.dimension:
            raise ModelError(f"{where} ('{self.id}') needs a 'dimension'")
        if ("below" in obj) == ("above" in obj):
            raise ModelError(
                f"{where} ('{self.id}') needs exactly one of 'below', 'above'")
        self.below = "below" in obj
        self.limit = _number(obj["below" if self.below else "above"],
                             f"{where}.{'below' if self.below else 'above'}")
        self.reason = str(obj.get("reason", ""))

    def crossed(self, value, delta):
        """Whether moving from `value` by `delta` crosses the line."""
        if self.below:
            return delta < 0 and value + delta < self.limit - TOLERANCE
        return delta > 0 and value + delta > self.limit + TOLERANCE

    def lifting_condition(self, delta):
        """The state before the vote that would let `delta` pass."""
        if self.below:
            return f"{self.dimension} >= {_g(self.limit - delta)}"
        return f"{self.dimension} <= {_g(self.limit - delta)}"


def _red_lines(items, where):
    if not isinstance(items, list):
        raise ModelError(f"{where} must be a list")
    lines = [RedLine(item, f"{where}[{i}]") for i, item in enumerate(items)]
    ids = [line.id for line in lines]
    for line_id in ids:
        if ids.count(line_id) > 1:
            raise ModelError(f"{where}: two red lines have the id '{line_id}'")
    return lines


class Profile:
    """The model in force under one variant: positions, thresholds, lines."""

    def __init__(self, positions, support, objection, red_lines):
        self.positions = positions  # {dim: (ideal, salience)}
        self.support = support
        self.objection = objection
        self.red_lines = red_lines  # [RedLine], applied in order


class Model:
    """A party's model file: its identity, baseline and variants."""

    TOP_KEYS = ("id", "name", "description", "positions", "support_threshold",
                "objection_threshold", "red_lines", "variants")
    VARIANT_KEYS = ("description", "positions", "support_threshold",
                    "objection_threshold", "red_lines", "remove_red_lines")

    def __init__(self, obj, where="model"):
        _only_keys(obj, self.TOP_KEYS, where)
        self.id = obj.get("id")
        if not isinstance(self.id, str) or not self.id:
            raise ModelError(f"{where} needs an 'id' (the party's seat)")
        self.name = str(obj.get("name", self.id))
        self.baseline = Profile(
            _positions(obj.get("positions", {}), f"{where}.positions"),
            _number(obj.get("support_threshold", 0),
                    f"{where}.support_threshold"),
            _number(obj.get("objection_threshold", 0),
                    f"{where}.objection_threshold"),
            _red_lines(obj.get("red_lines", []), f"{where}.red_lines"))
        variants = obj.get("variants", {})
        if not isinstance(variants, dict):
            raise ModelError(
                f"{where}.variants must be an object keyed by name")
        self.variants = {}
        for name, change in variants.items():
            self.variants[name] = self._apply(change,
                                              f"{where}.variants.{name}")

    def _apply(self, change, where):
        """The baseline with a variant's changes applied."""
        _only_keys(change, self.VARIANT_KEYS, where)
        base = self.baseline
        positions = dict(base.positions)
        positions.update(_positions(change.get("positions", {}),
                                    f"{where}.positions"))
        removed = change.get("remove_red_lines", [])
        known = {line.id for line in base.red_lines}
        for line_id in removed:
            if line_id not in known:
                raise ModelError(f"{where}.remove_red_lines: the baseline has "
                                 f"no red line '{line_id}'")
        lines = [line for line in base.red_lines if line.id not in removed]
        for line in _red_lines(change.get("red_lines", []),
                               f"{where}.red_lines"):
            at = [i for i, old in enumerate(lines) if old.id == line.id]
            if at:
                lines[at[0]] = line
            else:
                lines.append(line)
        support = change.get("support_threshold", base.support)
        objection = change.get("objection_threshold", base.objection)
        return Profile(positions,
                       _number(support, f"{where}.support_threshold"),
                       _number(objection, f"{where}.objection_threshold"),
                       lines)

    def profile(self, variant):
        """The profile under `variant`; the baseline for any variant the
        model does not list (a scenario's variant the party has no opinion
        on leaves it as it is)."""
        return self.variants.get(variant, self.baseline)


def load_model(path):
    """Reads and checks a model file; ModelError names what is wrong."""
    try:
        with open(path, encoding="utf-8") as f:
            obj = json.load(f)
    except OSError as e:
        raise ModelError(f"{path}: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise ModelError(f"{path}:{e.lineno}:{e.colno}: {e.msg}") from e
    try:
        return Model(obj)
    except ModelError as e:
        raise ModelError(f"{path}: {e}") from e


# ---------------------------------------------------------------------------
# One tabled draft
# ---------------------------------------------------------------------------


class Judgement:
    """A vote with its reasons (the EvaluateResponse's fields)."""

    def __init__(self, vote, utility_change, rationale, conditions):
        self.vote = vote
        self.utility_change = utility_change
        self.rationale = rationale
        self.conditions = conditions


class TabledDraft:
    """A profile compiled against one draft and initial state.

    Proposal sets are Python ints (bit i: proposal i adopted), so drafts of
    any size work; the wire packs them into 64-bit words.
    """

    def __init__(self, profile, draft, initial_state):
        self.ids = [p.id for p in draft.proposals]
        self.index = {}
        for i, pid in enumerate(self.ids):
            if not pid:
                raise DraftError(f"proposal #{i} has no id")
            if pid in self.index:
                raise DraftError(f"proposal '{pid}' appears twice")
            self.index[pid] = i
        self.size = len(self.ids)
        self.all = (1 << self.size) - 1
        self.profile = profile

        tracked = set(profile.positions)
        tracked.update(line.dimension for line in profile.red_lines)
        self.initial = {d: 0.0 for d in tracked}
        for value in initial_state:  # unlisted dimensions start at 0
            if value.dimension in tracked:
                self.initial[value.dimension] = value.value
        # Per proposal, its net move of each tracked dimension; per
        # dimension, the proposals that move it (to sum a state).
        self.moves = []
        self.movers = {d: [] for d in tracked}
        for i, proposal in enumerate(draft.proposals):
            net = {}
            for effect in proposal.effects:
                if effect.dimension in tracked:
                    net[effect.dimension] = (net.get(effect.dimension, 0.0) +
                                             effect.delta)
            net = {d: v for d, v in net.items() if v != 0}
            self.moves.append(net)
            for d, v in net.items():
                self.movers[d].append((i, v))

    def value(self, dimension, adopted):
        """x_d(adopted), summed in draft order (deterministic)."""
        x = self.initial[dimension]
        for i, delta in self.movers[dimension]:
            if adopted >> i & 1:
                x += delta
        return x

    def _weigh(self, adopted, proposal):
        """(vote, du, per-dimension shares of du, crossed red lines)."""
        profile = self.profile
        moves = self.moves[proposal]
        state = {d: self.value(d, adopted) for d in moves}
        shares = {}
        for d, delta in moves.items():
            if d in profile.positions:
                ideal, salience = profile.positions[d]
                x = state[d]
                shares[d] = salience * (abs(x - ideal) -
                                        abs(x + delta - ideal))
        du = sum(shares.values())
        if du >= profile.support - TOLERANCE:
            vote = SUPPORT
        elif du < -profile.objection - TOLERANCE:
            vote = OBJECT
        else:
            vote = ABSTAIN
        crossed = [line for line in profile.red_lines
                   if line.dimension in moves and
                   line.crossed(state[line.dimension], moves[line.dimension])]
        if crossed:
            vote = OBJECT
        return vote, du, shares, crossed, state

    def vote(self, adopted, proposal):
        """The vote alone (the batch path)."""
        return self._weigh(adopted, proposal)[0]

    def judge(self, adopted, proposal):
        """The vote with its rationale and conditions."""
        vote, du, shares, crossed, state = self._weigh(adopted, proposal)
        moves = self.moves[proposal]
        if crossed:
            first = crossed[0]
            after = state[first.dimension] + moves[first.dimension]
            rationale = (f"red line {first.id}"
                         f"{': ' + first.reason if first.reason else ''} "
                         f"({first.dimension} would be {_g(after)}, "
                         f"{'below' if first.below else 'above'} "
                         f"{_g(first.limit)})")
            for other in crossed[1:]:
                rationale += f"; also red line {other.id}"
        else:
            rationale = self._utility_rationale(vote, du, shares)
        # What would lift an objection: the states that let each crossed red
        # line pass. An objection of the utility itself has no such lever
        # (as in the built-in party without concessions): none are listed.
        conditions = []
        utility_objects = du < -self.profile.objection - TOLERANCE
        if vote == OBJECT and not utility_objects:
            for line in crossed:
                condition = line.lifting_condition(moves[line.dimension])
                if condition not in conditions:
                    conditions.append(condition)
        return Judgement(vote, du, rationale, conditions)

    def _utility_rationale(self, vote, du, shares):
        gains = sorted(((v, d) for d, v in shares.items() if v > 0),
                       reverse=True)
        losses = sorted((v, d) for d, v in shares.items() if v < 0)
        if not gains and not losses:
            return (f"no effect on the party's interests (utility change "
                    f"{_signed(du)}, "
                    f"{self._against_thresholds(vote, brief=True)})")
        if vote == SUPPORT and gains:
            text = f"gains on {_movers(gains)}"
            return text + (f" outweigh {_movers(losses)}" if losses else "")
        if vote == OBJECT and losses:
            text = f"losses on {_movers(losses)}"
            return text + (f" outweigh {_movers(gains)}" if gains else "")
        parts = []
        if gains:
            parts.append(f"gains on {_movers(gains)}")
        if losses:
            parts.append(f"losses on {_movers(losses)}")
        return (f"utility change {_signed(du)}, "
                f"{self._against_thresholds(vote, brief=False)}: "
                f"{'; '.join(parts)}")

    def _against_thresholds(self, vote, brief):
        """Where a utility change stands against the thresholds, named for
        the vote they gave (as the built-in party says it)."""
        support = _signed(self.profile.support)
        objection = _signed(-self.profile.objection)
        if vote == SUPPORT:
            return f"at least the {support} it takes to support"
        if vote == OBJECT:
            return f"below the {objection} at which it objects"
        text = f"short of the {support} it takes to support"
        if not brief:
            text += f", not below the {objection} at which it objects"
        return text


def _g(value):
    return f"{value:g}"


def _signed(value):
    text = f"{value:+.2f}".rstrip("0").rstrip(".")
    return "+0" if text in ("-0", "+0") else text


def _movers(shares):
    """'denuclearization (+2.5), transparency (+1), 1 more'."""
    parts = [f"{d} ({_signed(v)})" for v, d in shares[:2]]
    if len(shares) > 2:
        parts.append(f"{len(shares) - 2} more")
    return ", ".join(parts)
