#include "services/coordinator/records/compressed_blob.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace concert::coordinator {

namespace {

constexpr char kMagic[] = {'C', 'Z', 'B', 1};
constexpr std::size_t kMagicSize = 4;
constexpr int kCompressionLevel = 6;
// Refuse to inflate anything larger (a corrupt size must not allocate).
constexpr std::uint64_t kMaxRawBytes = (std::uint64_t{1} << 31) - 1;

absl::Status Corrupt(absl::string_view what, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat("stored ", what, " is corrupt: ", why));
}

}  // namespace

absl::StatusOr<std::string> CompressBlob(absl::string_view raw) {
  std::string blob(kMagic, kMagicSize);
  for (std::uint64_t v = raw.size(); true; v >>= 7) {
    if (v < 0x80) {
      blob.push_back(static_cast<char>(v));
      break;
    }
    blob.push_back(static_cast<char>((v & 0x7f) | 0x80));
  }
  const std::size_t header = blob.size();
  uLongf compressed = compressBound(raw.size());
  blob.resize(header + compressed);
  const int rc =
      compress2(reinterpret_cast<Bytef*>(blob.data() + header), &compressed,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                kCompressionLevel);
  if (rc != Z_OK) {
    return absl::InternalError(
        absl::StrCat("zlib compress2 failed (", rc, ")"));
  }
  blob.resize(header + compressed);
  return blob;
}

absl::StatusOr<std::string> DecompressBlob(absl::string_view blob,
                                           absl::string_view what) {
  if (blob.size() < kMagicSize ||
      blob.substr(0, kMagicSize) != absl::string_view(kMagic, kMagicSize)) {
    return Corrupt(what, "unknown format (expected CZB version 1)");
  }
  std::uint64_t raw_size = 0;
  std::size_t pos = kMagicSize;
  for (int shift = 0;; shift += 7) {
    if (pos >= blob.size() || shift >= 64) return Corrupt(what, "bad size");
    const auto byte = static_cast<unsigned char>(blob[pos++]);
    raw_size |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (raw_size > kMaxRawBytes) return Corrupt(what, "bad size");
  std::string raw(raw_size, '\0');
  uLongf inflated = raw_size;
  const int rc = uncompress(reinterpret_cast<Bytef*>(raw.data()), &inflated,
                            reinterpret_cast<const Bytef*>(blob.data() + pos),
                            blob.size() - pos);
  if (rc != Z_OK || inflated != raw_size) {
    return Corrupt(what, absl::StrCat("zlib uncompress failed (", rc, ")"));
  }
  return raw;
}

}  // namespace concert::coordinator
