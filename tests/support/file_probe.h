// What a test reads back of a file it did not write itself: its permission
// bits and its bytes (the records' file-mode and read-only tests).
#ifndef CONCERT_TESTS_SUPPORT_FILE_PROBE_H_
#define CONCERT_TESTS_SUPPORT_FILE_PROBE_H_

#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

namespace concert::testing {

// The file's permission bits (e.g. 0600), or -1 when it does not exist.
inline int ModeOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

// The file's bytes ("" when it cannot be read).
inline std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace concert::testing

#endif  // CONCERT_TESTS_SUPPORT_FILE_PROBE_H_
