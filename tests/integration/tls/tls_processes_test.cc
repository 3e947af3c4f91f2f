// The binaries' TLS flags as a user gives them: the loopback narrowing and
// its warning, --insecure's override, a forum of processes over mutual TLS
// (a party joining with its certificate, the client's health check), and
// the TLS files' usage errors.
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/tls/tls_fixture.h"
#include "tests/support/net/child_process.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> TlsFlagsOf(const std::string& name) {
  const Certificates& certs = Certificates::Get();
  return {"--tls-cert", certs.ForumFile(name + ".pem"),
          "--tls-key",  certs.ForumFile(name + ".key"),
          "--tls-ca",   certs.ForumFile("ca.pem")};
}

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> PartyArgs(const std::string& listen) {
  return {PartyBinary(), "--scenario", ShippedScenarioPath(), "--party", "DPRK",
          "--listen",    listen};
}

TEST(TlsProcessesTest, WithoutTlsAWideAddressIsNarrowedToLoopbackAndSaidSo) {
  ChildProcess party(PartyArgs("0.0.0.0:0"));
  ASSERT_TRUE(party.running());
  const auto line = party.WaitForLine("serving on");
  ASSERT_TRUE(line.has_value()) << party.stderr_text();
  EXPECT_THAT(*line, HasSubstr("serving on 127.0.0.1:"));
  EXPECT_THAT(party.stderr_text(), HasSubstr("no TLS material"));
  EXPECT_THAT(party.stderr_text(), HasSubstr("not 0.0.0.0:0"));
  EXPECT_THAT(party.stderr_text(), HasSubstr("--insecure"));
}

TEST(TlsProcessesTest, InsecureServesTheAddressGiven) {
  ChildProcess party(Concat(PartyArgs("0.0.0.0:0"), {"--insecure"}));
  ASSERT_TRUE(party.running());
  const auto line = party.WaitForLine("serving on");
  ASSERT_TRUE(line.has_value()) << party.stderr_text();
  EXPECT_THAT(*line, HasSubstr("serving on 0.0.0.0:"));
  EXPECT_THAT(party.stderr_text(), ::testing::Not(HasSubstr("no TLS")));
}

TEST(TlsProcessesTest, AForumOfProcessesOverMutualTls) {
  TempDir dir;
  ChildProcess coordinator(
      Concat({CoordinatorBinary(), "--scenario", ShippedScenarioPath(),
              "--listen", "127.0.0.1:0", "--db", dir.File("records.db")},
             TlsFlagsOf("coordinator")));
  const std::string address = ServedAddress(coordinator);
  ASSERT_FALSE(address.empty());
  // The party joins with its own certificate; the coordinator dials it
  // back over TLS and checks that certificate names DPRK.
  ChildProcess party(
      Concat(Concat(PartyArgs("127.0.0.1:0"), {"--join", address}),
             TlsFlagsOf("dprk")));
  ASSERT_TRUE(party.WaitForLine("joined the coordinator").has_value())
      << party.stderr_text();

  const CommandResult with_cert = RunCommand(
      Concat({ConcertBinary(), "health", address}, TlsFlagsOf("client")));
  EXPECT_EQ(with_cert.exit_code, 0) << with_cert.out << with_cert.err;
  const CommandResult parties =
      RunCommand(Concat({ConcertBinary(), "parties", "--coordinator", address},
                        TlsFlagsOf("client")));
  // The other five are not running (exit 4); DPRK, over TLS, serves.
  EXPECT_THAT(parties.out,
              ::testing::ContainsRegex("DPRK .* registered +SERVING"))
      << parties.err;
  // Plaintext reaches nothing.
  const CommandResult plaintext =
      RunCommand({ConcertBinary(), "health", address, "--timeout-ms", "2000"});
  EXPECT_NE(plaintext.exit_code, 0);
}

TEST(TlsProcessesTest, ALoneTlsFileIsAUsageError) {
  const Certificates& certs = Certificates::Get();
  const CommandResult party = RunCommand(Concat(
      PartyArgs("127.0.0.1:0"), {"--tls-cert", certs.ForumFile("dprk.pem")}));
  EXPECT_EQ(party.exit_code, 2);
  EXPECT_THAT(party.err, HasSubstr("missing: --tls-key, --tls-ca"));
  const CommandResult client =
      RunCommand({ConcertBinary(), "health", "127.0.0.1:1", "--tls-ca",
                  certs.ForumFile("ca.pem")});
  EXPECT_EQ(client.exit_code, 2);
  EXPECT_THAT(client.err, HasSubstr("go together"));
}

}  // namespace
}  // namespace concert::testing
