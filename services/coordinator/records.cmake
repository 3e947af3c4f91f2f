# The coordinator's record store (DESIGN.md, "Records"): sessions, rounds,
# votes and explorations in SQLite, plus analyses over a stored consensus
# graph. Pure C++ (no gRPC); included from services/coordinator/CMakeLists.txt.
find_package(ZLIB REQUIRED)

add_library(concert_records STATIC
  ${CMAKE_CURRENT_LIST_DIR}/record_store.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_codec.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_explorations.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_graph_blob.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_outcome.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_path.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_schema.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_session_load.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_sessions.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_sqlite.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_store_types.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_sequences.cc
)
target_link_libraries(concert_records
  PUBLIC concert_common concert_proto absl::status absl::statusor absl::strings
         absl::flat_hash_map absl::function_ref
  PRIVATE SQLite::SQLite3 OpenSSL::Crypto ZLIB::ZLIB absl::str_format absl::time
          absl::random_random Threads::Threads)
