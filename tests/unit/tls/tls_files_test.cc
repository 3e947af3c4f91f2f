#include "services/common/tls/tls_files.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

namespace concert::tls {
namespace {

using ::testing::HasSubstr;

class TlsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/concert-tls-files-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::system(("rm -rf '" + dir_ + "'").c_str());  // NOLINT(cert-env33-c)
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  TlsFlags Good() {
    TlsFlags flags;
    flags.cert = Write("c.pem", "-----BEGIN CERTIFICATE-----\nx\n");
    flags.key = Write("k.pem", "-----BEGIN PRIVATE KEY-----\nx\n");
    flags.ca = Write("ca.pem", "-----BEGIN CERTIFICATE-----\ny\n");
    return flags;
  }
  std::string dir_;
};

TEST_F(TlsFilesTest, NoFilesMeansNoTls) {
  auto loaded = LoadTls(TlsFlags());
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(TlsFilesTest, TheThreeFilesGoTogether) {
  TlsFlags flags = Good();
  flags.ca.clear();
  const auto loaded = LoadTls(flags);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("missing: --tls-ca"));
  // --insecure beside the files changes nothing: TLS is served.
  flags = Good();
  flags.insecure = true;
  auto loaded_insecure = LoadTls(flags);
  ASSERT_TRUE(loaded_insecure.ok());
  EXPECT_TRUE(loaded_insecure->has_value());
}

TEST_F(TlsFilesTest, GoodFilesLoad) {
  auto loaded = LoadTls(Good());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_THAT((*loaded)->key_pem, HasSubstr("PRIVATE KEY"));
}

TEST_F(TlsFilesTest, ErrorsNameTheFlagTheFileAndTheProblem) {
  TlsFlags flags = Good();
  flags.cert = dir_ + "/missing.pem";
  EXPECT_THAT(LoadTls(flags).status().message(),
              HasSubstr("--tls-cert: cannot read '" + dir_ +
                        "/missing.pem': No such file"));
  flags = Good();
  flags.key = dir_;  // a directory
  EXPECT_THAT(LoadTls(flags).status().message(),
              HasSubstr("not a regular file"));
  const std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  flags = Good();
  flags.ca = fifo;  // would block a reader forever
  EXPECT_THAT(LoadTls(flags).status().message(),
              HasSubstr("--tls-ca: cannot read '" + fifo +
                        "': it is a FIFO (named pipe), not a regular file"));
  flags = Good();
  flags.cert = Write("big.pem", std::string(kMaxPemBytes + 1, 'x'));
  EXPECT_THAT(LoadTls(flags).status().message(), HasSubstr("larger than"));
  flags = Good();
  flags.ca = Write("empty.pem", "");
  EXPECT_THAT(LoadTls(flags).status().message(), HasSubstr("no PEM block"));
  flags = Good();
  std::swap(flags.cert, flags.key);
  EXPECT_THAT(LoadTls(flags).status().message(), HasSubstr("--tls-key"));
}

}  // namespace
}  // namespace concert::tls
