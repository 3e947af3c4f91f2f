// What one benchmark case measured, as named values: a child process fills a
// Record and prints it as one line; the parent parses it back and adds what
// only it can see (the child's peak RSS).
#ifndef CONCERT_TESTS_BENCH_BENCH_RECORD_H_
#define CONCERT_TESTS_BENCH_BENCH_RECORD_H_

#include <map>
#include <optional>
#include <string>

namespace concert::bench {

class Record {
 public:
  void Set(const std::string& key, const std::string& value) {
    values_[key] = value;
  }
  void Set(const std::string& key, double value);
  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  // The value, or "" when absent.
  std::string Text(const std::string& key) const;
  // The value as a number, or `fallback` when absent or not a number.
  double Number(const std::string& key, double fallback = 0) const;

  // One line: the marker, then tab-separated key=value pairs (values must
  // hold no tab or newline; Set replaces them with spaces).
  std::string Serialize() const;
  // Parses a line made by Serialize; nullopt when `line` is not one.
  static std::optional<Record> Parse(const std::string& line);

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace concert::bench

#endif  // CONCERT_TESTS_BENCH_BENCH_RECORD_H_
