// End-to-end: every acknowledged event is there after jifend stops (SIGTERM) and starts again on the same
// directory, including events acknowledged while other requests were in flight.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "e2e_support.hpp"

using namespace jifen::e2e;

BOOST_AUTO_TEST_SUITE(e2e_restart)

BOOST_AUTO_TEST_CASE(acknowledged_events_survive_a_restart) {
  Environment env;  // its own directory and jifend
  const HttpResponse registered =
      env.post("/v1/events", env.bureau_key, registration_event("reg-restart", kEnterpriseA, "Restart Co"));
  BOOST_TEST_REQUIRE(registered.status == 201u, registered.body);

  struct Acknowledged {
    std::uint64_t seq;
    std::string receipt;
  };
  std::vector<Acknowledged> acknowledged;
  for (int i = 0; i < 20; ++i) {
    const std::string event_id = "rd-restart-" + std::to_string(i);
    const HttpResponse created =
        env.post("/v1/events", env.enterprise_a_key, rd_expense_event(event_id, kEnterpriseA, std::to_string(100 + i)));
    BOOST_TEST_REQUIRE(created.status == 201u, created.body);
    acknowledged.push_back({json_unsigned(created.body, "/seq").value(), created.body});
  }
  std::string batch;
  for (int i = 0; i < 5; ++i) batch += rd_expense_event("rd-batch-" + std::to_string(i), kEnterpriseA, "7") + "\n";
  const HttpResponse batch_created = env.post("/v1/batches", env.enterprise_a_key, batch, "application/x-ndjson");
  BOOST_TEST_REQUIRE(batch_created.status == 201u, batch_created.body);
  const std::uint64_t size = env.tree_size();

  BOOST_TEST(env.jifend().stop() == 0);
  env.jifend().start();

  BOOST_TEST(env.tree_size() == size);
  for (const Acknowledged& event : acknowledged) {
    const HttpResponse record = env.get("/v1/events/" + std::to_string(event.seq), env.auditor_key);
    BOOST_TEST_REQUIRE(record.status == 200u);
    BOOST_TEST(json_string(record.body, "/leaf_hash").value_or("?") == json_string(event.receipt, "/leaf_hash").value_or(""));
    BOOST_TEST(json_string(record.body, "/event_id").value_or("?") == json_string(event.receipt, "/event_id").value_or(""));
    BOOST_TEST(json_string(record.body, "/recorded_at").value_or("?") == json_string(event.receipt, "/recorded_at").value_or(""));
  }
  // Posting the same event again after the restart still answers the original receipt.
  const HttpResponse replayed =
      env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-restart-0", kEnterpriseA, "100"));
  BOOST_TEST(replayed.status == 200u);
  BOOST_TEST(replayed.body == acknowledged.front().receipt);
}

// A killed jifend loses no acknowledged event, with either way of making commits durable: the commit journal
// (the default: each commit flushes DIR/commit.journal once) or LMDB's own flushes (--no-commit-journal). A killed
// journaling jifend leaves its journal; the next open goes back to its checkpoint and applies its groups after it
// again. jifenctl appends while jifend runs.
void check_a_kill_loses_nothing(bool journal) {
  Environment env;
  if (!journal) {
    BOOST_TEST(env.jifend().stop() == 0);
    std::filesystem::remove(env.data_dir() / "commit.journal");  // cleared by the stop: nothing in it
    env.jifend().extra_arguments = {"--no-commit-journal"};
    env.jifend().start();
  }
  BOOST_TEST(std::filesystem::exists(env.data_dir() / "commit.journal") == journal);
  BOOST_TEST_REQUIRE(
      env.post("/v1/events", env.bureau_key, registration_event("reg-journal", kEnterpriseA, "Journal Co")).status == 201u);
  const std::string late_key = env.create_key("auditor");  // jifenctl appends while jifend holds the journal
  std::vector<std::pair<std::uint64_t, std::string>> acknowledged;  // seq, receipt
  for (int i = 0; i < 25; ++i) {
    const HttpResponse created = env.post("/v1/events", env.enterprise_a_key,
                                          rd_expense_event("rd-journal-" + std::to_string(i), kEnterpriseA, "9"));
    BOOST_TEST_REQUIRE(created.status == 201u, created.body);
    acknowledged.emplace_back(json_unsigned(created.body, "/seq").value(), created.body);
  }
  std::string batch;
  for (int i = 0; i < 5; ++i) batch += rd_expense_event("rd-journal-batch-" + std::to_string(i), kEnterpriseA, "4") + "\n";
  BOOST_TEST_REQUIRE(env.post("/v1/batches", env.enterprise_a_key, batch, "application/x-ndjson").status == 201u);
  const std::uint64_t size = env.tree_size();

  env.jifend().kill_now();
  // A read-only command recovers the directory first (after a power loss its data file could name pages that
  // never reached the disk), then reads it.
  const ProcessResult verified = run_process(
      {"/bin/sh", "-c", "exec \"$0\" verify --data \"$1\" 2>&1", bin_path("jifenctl").string(), env.data_dir().string()});
  BOOST_TEST(verified.exit_code == 0, verified.out);
  BOOST_TEST((verified.out.find("was not closed") != std::string::npos) == journal, verified.out);
  BOOST_TEST(verified.out.find("tree_size " + std::to_string(size) + " ") != std::string::npos, verified.out);
  env.jifend().start();

  BOOST_TEST(env.tree_size() == size);
  for (const auto& [seq, receipt] : acknowledged) {
    const HttpResponse record = env.get("/v1/events/" + std::to_string(seq), late_key);
    BOOST_TEST_REQUIRE(record.status == 200u);
    BOOST_TEST(json_string(record.body, "/leaf_hash").value_or("?") == json_string(receipt, "/leaf_hash").value_or(""));
  }
  const HttpResponse replayed =
      env.post("/v1/events", env.enterprise_a_key, rd_expense_event("rd-journal-0", kEnterpriseA, "9"));
  BOOST_TEST(replayed.status == 200u);
  BOOST_TEST(replayed.body == acknowledged.front().second);
  BOOST_TEST(env.jifend().stop() == 0);
}

BOOST_AUTO_TEST_CASE(with_the_commit_journal_acknowledged_events_survive_a_kill) { check_a_kill_loses_nothing(true); }

BOOST_AUTO_TEST_CASE(without_the_commit_journal_acknowledged_events_survive_a_kill) { check_a_kill_loses_nothing(false); }

BOOST_AUTO_TEST_CASE(events_acknowledged_while_stopping_survive) {
  Environment env;
  BOOST_TEST_REQUIRE(
      env.post("/v1/events", env.bureau_key, registration_event("reg-stop", kEnterpriseA, "Stop Co")).status == 201u);
  std::mutex mutex;
  std::vector<std::pair<std::uint64_t, std::string>> acknowledged;  // seq, leaf_hash
  std::atomic<bool> stop{false};
  const std::uint16_t port = env.port();
  const std::string key = env.enterprise_a_key;
  auto writer = [&](int writer_id) {
    for (int i = 0; !stop.load(); ++i) {
      const std::string event_id = "rd-stop-" + std::to_string(writer_id) + "-" + std::to_string(i);
      try {
        const HttpResponse response =
            http_request(port, "POST", "/v1/events", rd_expense_event(event_id, kEnterpriseA, "3"),
                         {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}});
        if (response.status != 201) continue;  // 503 while stopping is fine; only acknowledgements count
        const std::lock_guard lock(mutex);
        acknowledged.emplace_back(json_unsigned(response.body, "/seq").value(),
                                  json_string(response.body, "/leaf_hash").value());
      } catch (const std::exception&) {
        // refused or reset once jifend stops listening
      }
    }
  };
  std::vector<std::thread> writers;
  for (int id = 0; id < 4; ++id) writers.emplace_back(writer, id);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const int exit_code = env.jifend().stop();
  stop = true;
  for (std::thread& thread : writers) thread.join();
  BOOST_TEST(exit_code == 0);
  BOOST_TEST(!acknowledged.empty());

  env.jifend().start();
  for (const auto& [seq, leaf_hash] : acknowledged) {
    const HttpResponse record = env.get("/v1/events/" + std::to_string(seq), env.auditor_key);
    BOOST_TEST_REQUIRE(record.status == 200u);
    BOOST_TEST(json_string(record.body, "/leaf_hash").value_or("") == leaf_hash);
  }
}

BOOST_AUTO_TEST_SUITE_END()
