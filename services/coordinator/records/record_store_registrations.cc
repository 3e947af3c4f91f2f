// RecordStore: where the parties that registered serve, kept across
// coordinator restarts.
#include <string>
#include <vector>

#include "services/coordinator/records/codec.h"
#include "services/coordinator/records/record_store.h"

namespace concert::coordinator {

absl::Status RecordStore::SaveRegistration(const std::string& party_id,
                                           const std::string& address) {
  if (party_id.empty() || address.empty()) {
    return absl::InvalidArgumentError(
        "a registration needs a party id and an address");
  }
  return Write([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(R"sql(
INSERT INTO registrations (party_id, address, registered_at_ms)
VALUES (?1, ?2, ?3)
ON CONFLICT (party_id) DO UPDATE SET
  address = excluded.address, registered_at_ms = excluded.registered_at_ms)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, party_id)
        .BindText(2, address)
        .BindInt(3, UnixMillisNow());
    return stmt->Run();
  });
}

absl::StatusOr<std::vector<Registration>> RecordStore::LoadRegistrations() {
  std::vector<Registration> out;
  absl::Status status = Read([&](SqliteDb& db) -> absl::Status {
    absl::StatusOr<SqliteStatement> stmt = db.Prepare(
        "SELECT party_id, address, registered_at_ms FROM registrations "
        "ORDER BY party_id");
    if (!stmt.ok()) return stmt.status();
    while (true) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) return absl::OkStatus();
      out.push_back(
          {stmt->ColumnText(0), stmt->ColumnText(1), stmt->ColumnInt(2)});
    }
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace concert::coordinator
