// jifen-audit-bench: figures for the audit layer (docs/AUDIT.md "Costs"), printed, never asserted.
//
//   jifen-audit-bench sign [--count N]
//       µs per checkpoint signature and per verification (Ed25519 through OpenSSL).
//   jifen-audit-bench write [--events N] [--group G] [--durable] [--no-receipt-proofs]
//       the Ledger's write path in commit groups of G events (one batch each), in two fresh directories side by
//       side, one with a signing key (a checkpoint per commit, receipts with checkpoint and proof) and one
//       without: events/s and µs per commit of each, and the difference.
//   jifen-audit-bench fill --data DIR [--events N]
//       a ledger of N small events (one enterprise's R&D filings, batches of 10,000, no fsync) with a signing key,
//       to measure proofs, verify and export at scale.
//   jifen-audit-bench proofs --data DIR [--samples N]
//       inclusion and consistency proofs of random arguments from the node store: p50, p99, max in µs.
//
// Everything runs on loopback files only; time is the steady clock. Exit 2 on a usage error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "domain/checkpoint.hpp"
#include "domain/codec.hpp"
#include "domain/leaf.hpp"
#include "replay/ledger.hpp"

namespace {

using namespace jifen;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kUscc = "91320621MA1MRHG205";
constexpr std::size_t kFillBatchEvents = 10000;

double seconds_since(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

std::string seed_bytes(char fill) { return std::string(domain::kEd25519SeedBytes, fill); }

domain::Event decode(domain::EventDecoder& decoder, const std::string& json) {
  auto decoded = decoder.decode(json);
  if (auto* error = std::get_if<domain::DecodeError>(&decoded)) throw std::runtime_error(error->detail + ": " + json);
  return std::get<domain::Event>(std::move(decoded));
}

std::unique_ptr<replay::Ledger> open_ledger(const std::filesystem::path& dir, bool durable, bool receipt_proofs) {
  replay::LedgerOptions options;
  options.receipt_proofs = receipt_proofs;
  options.data_dir = dir;
  options.create = true;
  options.durable = durable;
  options.batch_events_max = kFillBatchEvents;
  options.group_events_max = kFillBatchEvents;
  return replay::Ledger::open(options);
}

void require_ok(const replay::SubmitResult& result) {
  if (!result.ok()) throw std::runtime_error(std::string(replay::to_string(result.outcome)) + ": " + result.detail);
}

// A zone, a chain and one registered enterprise: what the R&D filings need.
void prepare(replay::Ledger& ledger, domain::EventDecoder& decoder) {
  replay::Submission setup;
  setup.actor = {"admin", domain::Role::admin, std::nullopt};
  setup.events.push_back(decode(decoder, R"({"event_id":"z","type":"zone.defined","occurred_on":"2021-01-01","data":{"id":"z","name":"Zone","level":"national"}})"));
  setup.events.push_back(decode(decoder, R"({"event_id":"c","type":"chain.defined","occurred_on":"2021-01-01","data":{"id":"c","name":"Chain"}})"));
  require_ok(ledger.submit_and_wait(std::move(setup)));
  replay::Submission registration;
  registration.actor = {"bench-bureau", domain::Role::bureau, std::nullopt};
  registration.events.push_back(decode(decoder, R"({"event_id":"reg","type":"enterprise.registered","enterprise":")" +
      std::string(kUscc) + R"(","occurred_on":"2020-01-02","data":{"name":"Bench Co","zone":"z","chains":["c"],"registered_on":"2015-03-04"}})"));
  require_ok(ledger.submit_and_wait(std::move(registration)));
}

replay::Submission filings(domain::EventDecoder& decoder, std::uint64_t first, std::size_t count) {
  replay::Submission submission;
  submission.actor = {"bench-enterprise", domain::Role::enterprise, std::string(kUscc)};
  for (std::uint64_t i = first; i < first + count; ++i) {
    submission.events.push_back(decode(decoder, R"({"event_id":"rd-)" + std::to_string(i) +
        R"(","type":"rd_expense.filed","enterprise":")" + std::string(kUscc) +
        R"(","occurred_on":"2021-12-31","data":{"fiscal_year":2021,"project":"P-)" + std::to_string(i % 50) +
        R"(","category":"personnel","amount_fen":)" + std::to_string(100000 + i) + "}}"));
  }
  return submission;
}

int run_sign(std::size_t count) {
  const auto signer = domain::NoteSigner::from_seed("jifen.local/ledger", seed_bytes('s'));
  const domain::NoteSigner& key = std::get<domain::NoteSigner>(signer);
  std::string note;
  const auto started = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    note = domain::sign_checkpoint(key, {"jifen.local/ledger", 10000000 + i, domain::leaf_hash(std::to_string(i))});
  }
  const double signing = seconds_since(started);
  const auto verifying_started = Clock::now();
  std::size_t verified = 0;
  for (std::size_t i = 0; i < count; ++i) {
    verified += std::holds_alternative<domain::Checkpoint>(domain::open_checkpoint(note, key.verifier_key(), "jifen.local/ledger"));
  }
  const double verifying = seconds_since(verifying_started);
  std::printf("checkpoint sign   %8.1f us each (%zu notes)\n", signing * 1e6 / static_cast<double>(count), count);
  std::printf("checkpoint verify %8.1f us each (%zu verified)\n", verifying * 1e6 / static_cast<double>(count), verified);
  return 0;
}

struct WriteFigures {
  double seconds = 0;
  std::uint64_t commits = 0;
  std::vector<double> commit_micros;  // each commit's time, for a median that other load on the machine spoils less
  double median_micros() {
    std::sort(commit_micros.begin(), commit_micros.end());
    return commit_micros.empty() ? 0 : commit_micros[commit_micros.size() / 2];
  }
};

WriteFigures append_groups(replay::Ledger& ledger, domain::EventDecoder& decoder, std::uint64_t events, std::size_t group,
                           std::uint64_t& next_id) {
  WriteFigures figures;
  for (std::uint64_t done = 0; done < events; done += group) {
    replay::Submission submission = filings(decoder, next_id, group);
    next_id += group;
    const auto started = Clock::now();
    require_ok(ledger.submit_and_wait(std::move(submission)));
    const double seconds = seconds_since(started);
    figures.seconds += seconds;
    figures.commit_micros.push_back(seconds * 1e6);
    ++figures.commits;
  }
  return figures;
}

int run_write(std::uint64_t events, std::size_t group, bool durable, bool receipt_proofs) {
  const std::filesystem::path root = std::filesystem::temp_directory_path() / ("jifen-audit-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  domain::EventDecoder decoder;
  auto signed_ledger = open_ledger(root / "signed", durable, receipt_proofs);
  auto plain_ledger = open_ledger(root / "plain", durable, receipt_proofs);
  signed_ledger->create_signing_key("jifen.local/ledger", seed_bytes('k'));
  prepare(*signed_ledger, decoder);
  prepare(*plain_ledger, decoder);
  WriteFigures with_key;
  WriteFigures without_key;
  std::uint64_t signed_id = 0;
  std::uint64_t plain_id = 0;
  constexpr int kRounds = 10;  // interleaved, so that both see the same machine
  for (int round = 0; round < kRounds; ++round) {
    const WriteFigures a = append_groups(*plain_ledger, decoder, events / kRounds, group, plain_id);
    const WriteFigures b = append_groups(*signed_ledger, decoder, events / kRounds, group, signed_id);
    without_key.seconds += a.seconds;
    without_key.commits += a.commits;
    without_key.commit_micros.insert(without_key.commit_micros.end(), a.commit_micros.begin(), a.commit_micros.end());
    with_key.seconds += b.seconds;
    with_key.commits += b.commits;
    with_key.commit_micros.insert(with_key.commit_micros.end(), b.commit_micros.begin(), b.commit_micros.end());
  }
  const auto report = [&](const char* name, WriteFigures& figures, std::uint64_t appended) {
    std::printf("%-22s %10.0f events/s, per commit: mean %9.1f us, median %9.1f us (%llu commits of %zu, %s)\n", name,
                static_cast<double>(appended) / figures.seconds, figures.seconds * 1e6 / static_cast<double>(figures.commits),
                figures.median_micros(), static_cast<unsigned long long>(figures.commits), group, durable ? "fsync" : "no fsync");
  };
  report("without a signing key", without_key, plain_id);
  report("with a signing key", with_key, signed_id);
  std::printf("signing costs %+.1f us per commit at the median (%+.1f%%)\n",
              with_key.median_micros() - without_key.median_micros(),
              (with_key.median_micros() / without_key.median_micros() - 1) * 100);
  signed_ledger.reset();
  plain_ledger.reset();
  std::filesystem::remove_all(root);
  return 0;
}

int run_fill(const std::filesystem::path& dir, std::uint64_t events) {
  domain::EventDecoder decoder;
  replay::LedgerOptions options;
  options.data_dir = dir;
  options.create = true;
  options.durable = false;
  options.batch_events_max = kFillBatchEvents;
  options.group_events_max = kFillBatchEvents;
  options.receipt_proofs = false;
  auto ledger = replay::Ledger::open(options);
  if (!ledger->verifier_key()) std::cout << ledger->create_signing_key("jifen.local/ledger", seed_bytes('f')) << "\n";
  if (ledger->tree_size() == 0) prepare(*ledger, decoder);
  const auto started = Clock::now();
  std::uint64_t next_id = ledger->tree_size();
  while (ledger->tree_size() < events) {
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kFillBatchEvents, events - ledger->tree_size()));
    require_ok(ledger->submit_and_wait(filings(decoder, next_id, count)));
    next_id += count;
  }
  std::printf("tree_size %llu (%.0f events/s)\n", static_cast<unsigned long long>(ledger->tree_size()),
              static_cast<double>(next_id) / seconds_since(started));
  return 0;
}

void print_latencies(const char* name, std::vector<double>& micros) {
  std::sort(micros.begin(), micros.end());
  const auto at = [&micros](double quantile) { return micros[static_cast<std::size_t>(quantile * static_cast<double>(micros.size() - 1))]; };
  std::printf("%-12s p50 %7.1f us  p99 %7.1f us  max %7.1f us  (%zu proofs)\n", name, at(0.5), at(0.99), micros.back(),
              micros.size());
}

int run_proofs(const std::filesystem::path& dir, std::size_t samples) {
  replay::LedgerOptions options;
  options.data_dir = dir;
  options.read_only = true;
  const auto ledger = replay::Ledger::open(options);
  const std::uint64_t size = ledger->tree_size();
  std::mt19937_64 random(7);
  std::vector<double> inclusion;
  std::vector<double> consistency;
  std::size_t hashes = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    const std::uint64_t tree_size = 1 + random() % size;
    const std::uint64_t seq = random() % tree_size;
    auto started = Clock::now();
    const auto proof = ledger->inclusion_proof(seq, tree_size);
    inclusion.push_back(seconds_since(started) * 1e6);
    hashes += std::get<replay::InclusionProof>(proof).hashes.size();
    started = Clock::now();
    const auto extension = ledger->consistency_proof(1 + seq, tree_size);
    consistency.push_back(seconds_since(started) * 1e6);
  }
  std::printf("tree_size %llu, %.1f hashes per inclusion proof\n", static_cast<unsigned long long>(size),
              static_cast<double>(hashes) / static_cast<double>(samples));
  print_latencies("inclusion", inclusion);
  print_latencies("consistency", consistency);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jifen-audit-bench: figures for checkpoints and proofs"};
  app.require_subcommand(1);
  std::size_t count = 2000;
  std::uint64_t events = 100000;
  std::size_t group = 64;
  bool durable = false;
  bool no_receipt_proofs = false;
  std::filesystem::path dir;
  CLI::App* sign = app.add_subcommand("sign", "sign and verify checkpoints");
  sign->add_option("--count", count)->capture_default_str();
  CLI::App* write = app.add_subcommand("write", "the write path with and without a signing key");
  write->add_option("--events", events)->capture_default_str();
  write->add_option("--group", group)->capture_default_str();
  write->add_flag("--durable", durable, "fsync every commit");
  write->add_flag("--no-receipt-proofs", no_receipt_proofs, "sign checkpoints but attach none to receipts");
  CLI::App* fill = app.add_subcommand("fill", "a large ledger with a signing key");
  fill->add_option("--data", dir)->required();
  fill->add_option("--events", events)->capture_default_str();
  CLI::App* proofs = app.add_subcommand("proofs", "proof latency from a ledger");
  proofs->add_option("--data", dir)->required();
  proofs->add_option("--samples", count)->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  try {
    if (sign->parsed()) return run_sign(count);
    if (write->parsed()) return run_write(events, std::max<std::size_t>(group, 1), durable, !no_receipt_proofs);
    if (fill->parsed()) return run_fill(dir, events);
    return run_proofs(dir, std::max<std::size_t>(count, 1));
  } catch (const std::exception& error) {
    std::cerr << "jifen-audit-bench: " << error.what() << "\n";
    return 1;
  }
}
