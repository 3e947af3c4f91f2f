// Reading the files users name: only regular files, never past the limit,
// and every refusal names the path.
#include "services/common/bounded_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "services/common/text_format_loader.h"

namespace concert {
namespace {

using ::testing::HasSubstr;

class BoundedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("bounded-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(BoundedFileTest, ReadsARegularFileWhole) {
  const std::string path = Write("a.textproto", "id: \"x\"\n");
  absl::StatusOr<std::string> text = ReadBoundedFile(path, 100, "a draft");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "id: \"x\"\n");
  // Exactly at the limit is still within it.
  EXPECT_TRUE(ReadBoundedFile(path, 8, "a draft").ok());
}

TEST_F(BoundedFileTest, RefusesAFileBeyondTheLimit) {
  const std::string path = Write("big.textproto", std::string(2048, 'x'));
  absl::StatusOr<std::string> text =
      ReadBoundedFile(path, 1024, "a scenario, draft or profile");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(text.status().message()),
              HasSubstr(path + "': it is larger than 1 KiB, the most a "
                               "scenario, draft or profile may hold"));
}

TEST_F(BoundedFileTest, RefusesAFifoWithoutWaitingForAWriter) {
  const std::string path = (dir_ / "pipe").string();
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  absl::StatusOr<std::string> text = ReadBoundedFile(path, 1024, "a draft");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(std::string(text.status().message()),
              HasSubstr("it is a FIFO (named pipe), not a regular file"));
}

TEST_F(BoundedFileTest, RefusesDevicesAndDirectories) {
  absl::StatusOr<std::string> zero = ReadBoundedFile("/dev/zero", 1024, "x");
  ASSERT_FALSE(zero.ok());
  EXPECT_THAT(std::string(zero.status().message()),
              HasSubstr("'/dev/zero': it is a character device"));
  absl::StatusOr<std::string> dir = ReadBoundedFile(dir_.string(), 1024, "x");
  ASSERT_FALSE(dir.ok());
  EXPECT_THAT(std::string(dir.status().message()), HasSubstr("a directory"));
}

TEST_F(BoundedFileTest, AMissingFileIsNotFound) {
  absl::StatusOr<std::string> text =
      ReadBoundedFile((dir_ / "nope").string(), 1024, "x");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(text.status().message()),
              HasSubstr("No such file or directory"));
}

TEST_F(BoundedFileTest, TheLoaderReadsThroughIt) {
  absl::StatusOr<std::string> text = ReadTextFile("/dev/zero");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(std::string(text.status().message()),
              HasSubstr("not a regular file"));
}

TEST(ByteSizeTextTest, RoundUnitsOnly) {
  EXPECT_EQ(ByteSizeText(16u << 20), "16 MiB");
  EXPECT_EQ(ByteSizeText(512u << 10), "512 KiB");
  EXPECT_EQ(ByteSizeText(1000), "1000 bytes");
}

}  // namespace
}  // namespace concert
