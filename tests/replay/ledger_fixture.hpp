// A Ledger in a temporary directory with one zone and two chains defined, and helpers to post events given
// as JSON text through the real decoder and write path.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include <boost/test/unit_test.hpp>

#include "domain/codec.hpp"
#include "replay/ledger.hpp"
#include "storage/lmdb.hpp"
#include "support/temp_dir.hpp"

namespace jifen::test {

inline constexpr const char* kUsccA = "91320621MA1MRHG205";
inline constexpr const char* kUsccB = "91350100M000100Y43";
inline constexpr const char* kUsccC = "91110000600037341L";

inline replay::Actor admin() { return {"admin", domain::Role::admin, std::nullopt}; }
inline replay::Actor bureau() { return {"key-bureau", domain::Role::bureau, std::nullopt}; }
inline replay::Actor enterprise(const std::string& uscc) { return {"key-" + uscc, domain::Role::enterprise, uscc}; }

struct LedgerFixture {
  TempDir dir;
  std::int64_t now_us = 1700000000000000;  // the injected clock
  std::unique_ptr<replay::Ledger> ledger;
  domain::EventDecoder decoder;
  std::uint64_t snapshot_interval_events = 0;  // LedgerOptions::snapshot_interval_events of the next open
  std::uint64_t snapshot_delta_events = 0;     // LedgerOptions::snapshot_delta_events of the next open
  std::uint64_t rebuild_chunk_events_max = std::uint64_t{1} << 20;  // likewise

  LedgerFixture() {
    open(true);
    expect_created(post(admin(), R"({"event_id":"z1","type":"zone.defined","occurred_on":"2021-01-01","data":{"id":"sip","name":"Zone","level":"national"}})"));
    expect_created(post(admin(), R"({"event_id":"c1","type":"chain.defined","occurred_on":"2021-01-01","data":{"id":"ic","name":"IC"}})"));
    expect_created(post(admin(), R"({"event_id":"c2","type":"chain.defined","occurred_on":"2021-01-01","data":{"id":"bio","name":"Bio"}})"));
  }

  void open(bool create) {
    replay::LedgerOptions options;
    options.data_dir = dir.path();
    options.create = create;
    options.snapshot_interval_events = snapshot_interval_events;
    options.snapshot_delta_events = snapshot_delta_events;
    options.rebuild_chunk_events_max = rebuild_chunk_events_max;
    options.durable = false;
    options.map_size_bytes = std::size_t{1} << 30;
    options.clock = [this] { return now_us; };
    ledger = replay::Ledger::open(options);
  }

  void reopen() {
    ledger.reset();
    open(false);
  }

  // Closes the ledger, runs `change` in one LMDB write transaction on its files, reopens the ledger: how a test
  // damages or rewrites what the ledger stored.
  void change_storage(const std::function<void(storage::WriteTxn&)>& change) {
    ledger.reset();
    {
      storage::EnvironmentOptions options;
      options.map_size_bytes = std::size_t{1} << 30;
      options.durable = false;
      auto env = storage::Environment::open(dir.path(), options).value();
      storage::WriteTxn txn = env->begin_write().value();
      change(txn);
      BOOST_TEST_REQUIRE((txn.commit() == storage::Status::ok));
    }
    open(false);
  }

  domain::Event event(const std::string& json) {
    auto decoded = decoder.decode(json);
    if (auto* error = std::get_if<domain::DecodeError>(&decoded)) {
      BOOST_FAIL("test event does not decode: " + error->detail + (error->errors.empty() ? "" : " " + error->errors[0].field + ": " + error->errors[0].message) + " in " + json);
    }
    return std::get<domain::Event>(std::move(decoded));
  }

  replay::SubmitResult post(const replay::Actor& actor, const std::string& json,
                            std::optional<std::uint64_t> expected_version = std::nullopt) {
    replay::Submission submission;
    submission.actor = actor;
    submission.events.push_back(event(json));
    submission.expected_version = expected_version;
    return ledger->submit_and_wait(std::move(submission));
  }

  replay::SubmitResult post_batch(const replay::Actor& actor, const std::vector<std::string>& lines) {
    replay::Submission submission;
    submission.actor = actor;
    for (const auto& line : lines) submission.events.push_back(event(line));
    return ledger->submit_and_wait(std::move(submission));
  }

  static void expect_created(const replay::SubmitResult& result) {
    BOOST_TEST_REQUIRE(std::string(replay::to_string(result.outcome)) == "created", result.detail);
  }

  static std::string registration(const std::string& uscc, const std::string& event_id = "reg") {
    return R"({"event_id":")" + event_id + R"(","type":"enterprise.registered","enterprise":")" + uscc +
           R"(","occurred_on":"2020-01-02","data":{"name":"Acme )" + uscc + R"(","zone":"sip","chains":["ic"],"registered_on":"2015-03-04"}})";
  }

  static std::string annual_report(const std::string& uscc, const std::string& event_id, int year, long revenue_fen) {
    return R"({"event_id":")" + event_id + R"(","type":"annual_report.filed","enterprise":")" + uscc +
           R"(","occurred_on":")" + std::to_string(year + 1) + R"(-03-31","data":{"fiscal_year":)" + std::to_string(year) +
           R"(,"revenue_fen":)" + std::to_string(revenue_fen) +
           R"(,"high_tech_revenue_fen":0,"export_revenue_fen":0,"tax_paid_fen":100,"employees":50,"tech_staff":10}})";
  }

  static std::string rd_expense(const std::string& uscc, const std::string& event_id, long amount_fen) {
    return R"({"event_id":")" + event_id + R"(","type":"rd_expense.filed","enterprise":")" + uscc +
           R"(","occurred_on":"2021-12-31","data":{"fiscal_year":2021,"project":"P-01","category":"personnel","amount_fen":)" +
           std::to_string(amount_fen) + "}}";
  }

  static std::string retraction(const std::string& uscc, const std::string& event_id, std::uint64_t seq) {
    return R"({"event_id":")" + event_id + R"(","type":"event.retracted","enterprise":")" + uscc +
           R"(","occurred_on":"2022-01-05","data":{"seq":)" + std::to_string(seq) + R"(,"reason":"filed by mistake"}})";
  }
};

}  // namespace jifen::test
