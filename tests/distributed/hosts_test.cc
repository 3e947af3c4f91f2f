// The hosts themselves: they reach each other and nothing else, they go
// with everything in them when the test ends, what a killed run left
// behind is swept up by the next, and without root the tests skip saying
// why.
#include "tests/support/net/hosts.h"

#include <signal.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/distributed/hosted_forum.h"

namespace concert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Ip(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SystemTool("ip")};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv).out;
}

// A process that sleeps inside namespace `netns`, as a server would run,
// returned once it is inside: `ip netns exec` enters the namespace and then
// execs the shell that says so. (Until then it is `ip` in the machine's own
// namespace, where no sweep of the namespace would find it.)
std::unique_ptr<ChildProcess> SleepIn(const std::string& netns) {
  auto sleeper = std::make_unique<ChildProcess>(std::vector<std::string>{
      SystemTool("ip"), "netns", "exec", netns, "/bin/sh", "-c",
      "echo inside; exec /bin/sleep 600"});
  EXPECT_TRUE(sleeper->WaitForOutputLine("inside")) << sleeper->stderr_text();
  return sleeper;
}

class HostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = Hosts::Unavailable(); !why.empty()) {
      GTEST_SKIP() << "no hosts: " << why;
    }
  }
};

TEST_F(HostsTest, HostsReachEachOtherOverTheBridgeAndGoWithTheirProcesses) {
  std::string netns;
  std::unique_ptr<ChildProcess> sleeper;
  {
    Hosts hosts;
    const Host& a = hosts.Add("a");
    const Host& b = hosts.Add("b");
    ASSERT_EQ(hosts.error(), "");
    EXPECT_EQ(a.address, "10.231.0.1");
    EXPECT_EQ(b.address, "10.231.0.2");
    // b serves (the delay relay: a real listener); a connects to it.
    auto server = hosts.Start(
        b, {CONCERT_BINARY_DIR "/tests/support/net/concert_delay_relay",
            "--listen", "10.231.0.2:0", "--to", "127.0.0.1:1"});
    const auto line = server->WaitForLine("serving on");
    ASSERT_TRUE(line.has_value()) << server->stderr_text();
    const std::string address = AddressFromLogLine(*line);
    const CommandResult probe = hosts.Run(
        a,
        {"/bin/bash", "-c",
         absl::StrCat("exec 3<>/dev/tcp/", address.substr(0, address.find(':')),
                      "/", address.substr(address.find(':') + 1))});
    EXPECT_EQ(probe.exit_code, 0) << probe.err;
    // The machine itself has no address on the bridge, so nothing the
    // hosts send can be routed off it.
    EXPECT_THAT(Ip({"-o", "addr", "show"}), Not(HasSubstr("10.231.0.")));

    netns = a.netns;
    sleeper = SleepIn(netns);
    ASSERT_TRUE(sleeper->running());
  }
  // Gone: the namespaces, their links, and what ran inside them.
  EXPECT_THAT(Ip({"netns", "list"}), Not(HasSubstr(netns)));
  EXPECT_EQ(sleeper->Wait(), 128 + SIGKILL);
}

TEST_F(HostsTest, WhatAKilledRunLeftBehindIsSweptUp) {
  // A run whose process is gone: a pid that has exited, and a namespace,
  // a bridge and a sleeping process named after it.
  ChildProcess gone({"/bin/true"});
  const pid_t dead = gone.pid();
  gone.Wait();
  const std::string netns = absl::StrCat("cc", dead, "i0-left");
  const std::string bridge = absl::StrCat("ccb", dead, "i0");
  ASSERT_EQ(RunCommand({SystemTool("ip"), "netns", "add", netns}).exit_code, 0);
  ASSERT_EQ(
      RunCommand({SystemTool("ip"), "link", "add", bridge, "type", "bridge"})
          .exit_code,
      0);
  auto sleeper = SleepIn(netns);
  ASSERT_TRUE(sleeper->running());

  Hosts next;  // the next run sweeps on start
  EXPECT_THAT(Ip({"netns", "list"}), Not(HasSubstr(netns)));
  EXPECT_THAT(Ip({"-o", "link", "show"}), Not(HasSubstr(bridge + ":")));
  EXPECT_EQ(sleeper->Wait(), 128 + SIGKILL);
}

TEST(HostsSkipTest, WithoutRootTheTestsSkipSayingWhy) {
  const std::string setpriv = SystemTool("setpriv");
  if (geteuid() != 0 || setpriv.empty()) {
    GTEST_SKIP() << "needs root and setpriv(1) to drop to an unprivileged user";
  }
  // This very binary, as nobody: the multi-host test skips, naming why.
  const CommandResult run =
      RunCommand({setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                  CONCERT_BINARY_DIR "/tests/distributed/distributed_test",
                  "--gtest_filter=ResultsAcrossHostsTest.*"});
  if (run.out.find("Permission denied") != std::string::npos ||
      run.exit_code == 126) {
    GTEST_SKIP() << "the build tree is not readable by nobody";
  }
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("not root"));
  EXPECT_THAT(run.out, HasSubstr("[  SKIPPED ]"));
}

}  // namespace
}  // namespace concert::testing
