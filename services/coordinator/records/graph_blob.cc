#include "services/coordinator/records/graph_blob.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

namespace {

constexpr char kMagic[] = {'C', 'G', 'B', 1};
constexpr int kMagicSize = 4;
// Flag: targets are implied (every edge is S -> S ∪ {p}).
constexpr std::uint64_t kImpliedTargets = 1;
// zlib level: on a 2^20-state lattice (10M edges) level 3 took ~2.2 s and
// 9.0 MB, the default level 6 ~4.9 s and 7.4 MB, level 1 ~1.9 s and 10 MB.
constexpr int kCompressionLevel = 3;
// Refuse to inflate anything larger (a corrupt size must not allocate).
constexpr std::uint64_t kMaxRawBytes = (std::uint64_t{1} << 31) - 1;

void PutVarint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t ZigZag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^
         static_cast<std::uint64_t>(v >> 63);
}

std::int64_t UnZigZag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Reads varints from a byte range; every read reports whether it succeeded.
class VarintReader {
 public:
  explicit VarintReader(absl::string_view bytes) : bytes_(bytes) {}
  bool Read(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return false;
      auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  // Takes a length-prefixed stream.
  bool ReadStream(absl::string_view& stream) {
    std::uint64_t size;
    if (!Read(size) || size > bytes_.size() - pos_) return false;
    stream = bytes_.substr(pos_, size);
    pos_ += size;
    return true;
  }
  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  absl::string_view bytes_;
  std::size_t pos_ = 0;
};

void PutStream(const std::string& stream, std::string& out) {
  PutVarint(stream.size(), out);
  out += stream;
}

// The edges of `graph` in canonical order, with node indices renumbered so
// that nodes are sorted by set.
struct Canonical {
  std::vector<std::uint64_t> sets;          // sorted
  std::vector<std::uint32_t> degree;        // per canonical node
  std::vector<const v1::GraphEdge*> edges;  // grouped by canonical source
  std::vector<std::uint32_t> renumber;      // original index -> canonical
};

absl::StatusOr<Canonical> Canonicalize(const v1::ConsensusGraph& graph) {
  const std::size_t n = graph.nodes_size();
  Canonical c;
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return graph.nodes(a) < graph.nodes(b);
  });
  c.sets.resize(n);
  c.renumber.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    c.sets[i] = graph.nodes(order[i]);
    c.renumber[order[i]] = static_cast<std::uint32_t>(i);
    if (i > 0 && c.sets[i] == c.sets[i - 1]) {
      return absl::InvalidArgumentError(
          absl::StrCat("consensus graph holds the set ", c.sets[i],
                       " twice (nodes ", order[i - 1], " and ", order[i], ")"));
    }
  }
  // Counting sort of the edges by canonical source.
  c.degree.assign(n, 0);
  for (const v1::GraphEdge& e : graph.edges()) {
    if (e.source() >= n || e.target() >= n) {
      return absl::InvalidArgumentError(
          absl::StrCat("consensus graph edge ", e.source(), " -> ", e.target(),
                       " names a node out of range (", n, " nodes)"));
    }
    ++c.degree[c.renumber[e.source()]];
  }
  std::vector<std::size_t> start(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) start[i + 1] = start[i] + c.degree[i];
  c.edges.resize(graph.edges_size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const v1::GraphEdge& e : graph.edges())
    c.edges[next[c.renumber[e.source()]]++] = &e;
  for (std::size_t i = 0; i < n; ++i) {
    std::sort(c.edges.begin() + start[i], c.edges.begin() + start[i + 1],
              [&](const v1::GraphEdge* a, const v1::GraphEdge* b) {
                if (a->proposal() != b->proposal())
                  return a->proposal() < b->proposal();
                return c.renumber[a->target()] < c.renumber[b->target()];
              });
  }
  return c;
}

bool TargetsImplied(const v1::ConsensusGraph& graph) {
  for (const v1::GraphEdge& e : graph.edges()) {
    if (e.proposal() >= 64) return false;
    std::uint64_t bit = std::uint64_t{1} << e.proposal();
    std::uint64_t from = graph.nodes(e.source());
    if ((from & bit) != 0 || graph.nodes(e.target()) != (from | bit))
      return false;
  }
  return true;
}

absl::Status Corrupt(absl::string_view what) {
  return absl::DataLossError(
      absl::StrCat("consensus graph blob is corrupt: ", what));
}

}  // namespace

absl::StatusOr<std::string> EncodeGraphBlob(const v1::ConsensusGraph& graph) {
  absl::StatusOr<Canonical> c = Canonicalize(graph);
  if (!c.ok()) return c.status();
  const bool implied = TargetsImplied(graph);

  std::string nodes, degrees, proposals, support, abstain, object, targets;
  std::uint64_t previous = 0;
  for (std::uint64_t set : c->sets) {
    PutVarint(set - previous, nodes);
    previous = set;
  }
  std::size_t k = 0;
  for (std::size_t node = 0; node < c->sets.size(); ++node) {
    PutVarint(c->degree[node], degrees);
    std::uint32_t previous_proposal = 0;
    for (std::uint32_t j = 0; j < c->degree[node]; ++j, ++k) {
      const v1::GraphEdge& e = *c->edges[k];
      PutVarint(e.proposal() - previous_proposal, proposals);
      previous_proposal = e.proposal();
      PutVarint(e.support(), support);
      PutVarint(e.abstain(), abstain);
      PutVarint(e.object(), object);
      if (!implied) {
        PutVarint(ZigZag(static_cast<std::int64_t>(c->renumber[e.target()]) -
                         static_cast<std::int64_t>(node)),
                  targets);
      }
    }
  }

  std::string raw;
  PutVarint(implied ? kImpliedTargets : 0, raw);
  PutVarint(c->sets.size(), raw);
  PutVarint(c->edges.size(), raw);
  for (const std::string* s :
       {&nodes, &degrees, &proposals, &support, &abstain, &object}) {
    PutStream(*s, raw);
  }
  if (!implied) PutStream(targets, raw);

  std::string blob(kMagic, kMagicSize);
  PutVarint(raw.size(), blob);
  const std::size_t header = blob.size();
  uLongf compressed = compressBound(raw.size());
  blob.resize(header + compressed);
  int rc = compress2(reinterpret_cast<Bytef*>(blob.data() + header),
                     &compressed, reinterpret_cast<const Bytef*>(raw.data()),
                     raw.size(), kCompressionLevel);
  if (rc != Z_OK) {
    return absl::InternalError(
        absl::StrCat("zlib compress2 failed (", rc, ")"));
  }
  blob.resize(header + compressed);
  return blob;
}

absl::StatusOr<v1::ConsensusGraph> DecodeGraphBlob(absl::string_view blob) {
  if (blob.size() < kMagicSize ||
      blob.substr(0, kMagicSize) != absl::string_view(kMagic, kMagicSize)) {
    return Corrupt("unknown format (expected CGB version 1)");
  }
  VarintReader head(blob.substr(kMagicSize));
  std::uint64_t raw_size;
  if (!head.Read(raw_size) || raw_size > kMaxRawBytes)
    return Corrupt("bad size");
  std::size_t header = kMagicSize;
  while (static_cast<unsigned char>(blob[header]) & 0x80) ++header;
  ++header;
  std::string raw(raw_size, '\0');
  uLongf inflated = raw_size;
  int rc = uncompress(reinterpret_cast<Bytef*>(raw.data()), &inflated,
                      reinterpret_cast<const Bytef*>(blob.data() + header),
                      blob.size() - header);
  if (rc != Z_OK || inflated != raw_size) {
    return Corrupt(absl::StrCat("zlib uncompress failed (", rc, ")"));
  }

  VarintReader in(raw);
  std::uint64_t flags, node_count, edge_count;
  absl::string_view streams[7];
  if (!in.Read(flags) || !in.Read(node_count) || !in.Read(edge_count)) {
    return Corrupt("truncated header");
  }
  const bool implied = (flags & kImpliedTargets) != 0;
  for (int i = 0; i < (implied ? 6 : 7); ++i) {
    if (!in.ReadStream(streams[i])) return Corrupt("truncated stream");
  }
  if (!in.AtEnd()) return Corrupt("trailing bytes");
  // Each node and edge takes at least one byte in its stream.
  if (node_count > streams[0].size() || edge_count > streams[2].size()) {
    return Corrupt("counts exceed the data");
  }

  v1::ConsensusGraph graph;
  VarintReader nodes(streams[0]), degrees(streams[1]), proposals(streams[2]),
      support(streams[3]), abstain(streams[4]), object(streams[5]),
      targets(streams[6]);
  graph.mutable_nodes()->Reserve(static_cast<int>(node_count));
  std::uint64_t set = 0;
  for (std::uint64_t i = 0; i < node_count; ++i) {
    std::uint64_t delta;
    if (!nodes.Read(delta)) return Corrupt("nodes");
    set += delta;
    graph.add_nodes(set);
  }
  const auto& sets = graph.nodes();
  graph.mutable_edges()->Reserve(static_cast<int>(edge_count));
  std::uint64_t seen = 0;
  for (std::uint64_t node = 0; node < node_count; ++node) {
    std::uint64_t degree;
    if (!degrees.Read(degree) || degree > edge_count - seen)
      return Corrupt("degrees");
    std::uint64_t proposal = 0;
    for (std::uint64_t j = 0; j < degree; ++j, ++seen) {
      std::uint64_t delta, s, a, o;
      if (!proposals.Read(delta) || !support.Read(s) || !abstain.Read(a) ||
          !object.Read(o)) {
        return Corrupt("edges");
      }
      proposal += delta;
      std::uint64_t to;
      if (implied) {
        if (proposal >= 64) return Corrupt("proposal out of range");
        std::uint64_t target = sets[node] | (std::uint64_t{1} << proposal);
        auto it = std::lower_bound(sets.begin(), sets.end(), target);
        if (it == sets.end() || *it != target)
          return Corrupt("missing target node");
        to = static_cast<std::uint64_t>(it - sets.begin());
      } else {
        std::uint64_t zz;
        if (!targets.Read(zz)) return Corrupt("targets");
        std::int64_t t = static_cast<std::int64_t>(node) + UnZigZag(zz);
        if (t < 0 || static_cast<std::uint64_t>(t) >= node_count) {
          return Corrupt("target out of range");
        }
        to = static_cast<std::uint64_t>(t);
      }
      v1::GraphEdge* e = graph.add_edges();
      e->set_source(static_cast<std::uint32_t>(node));
      e->set_target(static_cast<std::uint32_t>(to));
      e->set_proposal(static_cast<std::uint32_t>(proposal));
      e->set_support(static_cast<std::uint32_t>(s));
      e->set_abstain(static_cast<std::uint32_t>(a));
      e->set_object(static_cast<std::uint32_t>(o));
    }
  }
  if (seen != edge_count) return Corrupt("edge count");
  return graph;
}

}  // namespace concert::coordinator
