#include "tests/distributed/hosted_forum.h"

#include <signal.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/net/process_forum.h"

namespace concert::testing {

HostedForum::HostedForum(const std::string& dir,
                         const std::vector<std::string>& extra_hosts)
    : db_(dir + "/records.db") {
  const v1::Scenario scenario = SixPartyScenario();
  for (const auto& spec : scenario.parties()) party_ids_.push_back(spec.id());
  std::vector<std::string> names = {"coordinator", "client"};
  names.insert(names.end(), party_ids_.begin(), party_ids_.end());
  names.insert(names.end(), extra_hosts.begin(), extra_hosts.end());
  for (const std::string& name : names) {
    if (!hosts_.error().empty()) break;
    by_name_[name] = &hosts_.Add(name);
  }
}

const Host& HostedForum::host(const std::string& name) const {
  return *by_name_.at(name);
}

std::string HostedForum::coordinator_address() const {
  return absl::StrCat(host("coordinator").address, ":", kCoordinatorPort);
}

bool HostedForum::StartCoordinator(const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {CoordinatorBinary(), "--listen",
                                   coordinator_address(), "--scenario",
                                   ShippedScenarioPath(), "--db", db_,
                                   // Plaintext between the test's hosts,
                                   // knowingly (else narrowed to loopback).
                                   "--insecure"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  coordinator_ = hosts_.Start(host("coordinator"), argv);
  if (!coordinator_->WaitForLine("serving on")) {
    ADD_FAILURE() << "the coordinator did not start:\n"
                  << coordinator_->stderr_text();
    return false;
  }
  return true;
}

void HostedForum::KillCoordinator() {
  if (coordinator_ == nullptr) return;
  coordinator_->Signal(SIGKILL);
  coordinator_->Wait();
}

ChildProcess* HostedForum::StartParty(const std::string& id,
                                      const PartyLaunch& launch,
                                      const std::string& key) {
  const Host& on = host(launch.host.empty() ? id : launch.host);
  const std::string listen = absl::StrCat(on.address, ":", kPartyPort);
  std::vector<std::string> argv = {PartyBinary(),
                                   "--scenario",
                                   ShippedScenarioPath(),
                                   "--party",
                                   id,
                                   "--listen",
                                   listen,
                                   "--grace-ms",
                                   "100",
                                   "--join",
                                   coordinator_address(),
                                   "--insecure"};
  if (!launch.advertise.empty()) {
    argv.push_back("--advertise");
    argv.push_back(launch.advertise);
  }
  auto& slot = parties_[key.empty() ? id : key];
  slot.reset();  // a process kept there before is killed first
  slot = hosts_.Start(on, argv, launch.env);
  if (!slot->WaitForLine("serving on")) {
    ADD_FAILURE() << "party " << id << " did not start on " << on.name << ":\n"
                  << slot->stderr_text();
    return nullptr;
  }
  return slot.get();
}

bool HostedForum::StartParties(const std::vector<std::string>& env) {
  for (const std::string& id : party_ids_) {
    PartyLaunch launch;
    launch.env = env;
    if (StartParty(id, launch) == nullptr) return false;
  }
  for (const std::string& id : party_ids_) {
    if (!WaitJoined(id)) return false;
  }
  return true;
}

ChildProcess* HostedForum::party(const std::string& key) {
  return parties_.at(key).get();
}

bool HostedForum::WaitJoined(const std::string& key) {
  ChildProcess* p = party(key);
  if (p->WaitForLine("joined the coordinator")) return true;
  ADD_FAILURE() << "party " << key << " did not join:\n" << p->stderr_text();
  return false;
}

CommandResult HostedForum::Concert(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ConcertBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return hosts_.Run(host("client"), argv,
                    {"CONCERT_COORDINATOR=" + coordinator_address()});
}

std::unique_ptr<ChildProcess> HostedForum::StartConcert(
    const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ConcertBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return hosts_.Start(host("client"), argv,
                      {"CONCERT_COORDINATOR=" + coordinator_address()});
}

CommandResult EmbeddedConcert(const std::vector<std::string>& args,
                              const std::string& db) {
  std::vector<std::string> argv = {"/usr/bin/env", "CONCERT_DB=" + db,
                                   ConcertBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

}  // namespace concert::testing
