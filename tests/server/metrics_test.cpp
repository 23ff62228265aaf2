// server/metrics.hpp: the Prometheus text of the writer's figures: histograms with cumulative buckets, bounds
// in seconds written exactly, the +Inf bucket equal to the count.
#include <boost/test/unit_test.hpp>
#include <string>

#include "server/metrics.hpp"

using namespace jifen::server;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_metrics)

BOOST_AUTO_TEST_CASE(the_writer_figures_render_as_histograms_counters_and_gauges) {
  jifen::replay::WriterStats writer;
  writer.commits = 7;
  writer.commit_events = 1234;
  writer.commit_micros = 2'000'250;
  writer.commits_within_micros = {0, 1, 3, 3, 4, 4, 5, 6, 6, 7};
  writer.commits_within_events = {2, 2, 3, 5, 6, 6, 7, 7};
  writer.journal_checkpoints = 3;
  writer.queued_submissions = 9;
  const std::string text = Metrics{}.render(42, false, writer);
  BOOST_TEST(has_line(text, "# TYPE jifen_ledger_commit_seconds histogram"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_bucket{le=\"0.0001\"} 0"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_bucket{le=\"0.00025\"} 1"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_bucket{le=\"0.0025\"} 4"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_bucket{le=\"0.1\"} 6"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_bucket{le=\"+Inf\"} 7"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_sum 2.00025"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_seconds_count 7"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_events_bucket{le=\"1\"} 2"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_events_bucket{le=\"4096\"} 7"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_events_bucket{le=\"+Inf\"} 7"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_commit_events_sum 1234"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_journal_checkpoints_total 3"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_write_queue 9"), text);
  BOOST_TEST(has_line(text, "jifen_ledger_tree_size 42"), text);
}

BOOST_AUTO_TEST_CASE(whole_seconds_have_no_fraction) {
  jifen::replay::WriterStats writer;
  writer.commit_micros = 3'000'000;
  BOOST_TEST(has_line(Metrics{}.render(0, false, writer), "jifen_ledger_commit_seconds_sum 3"));
  writer.commit_micros = 0;
  BOOST_TEST(has_line(Metrics{}.render(0, false, writer), "jifen_ledger_commit_seconds_sum 0"));
}

BOOST_AUTO_TEST_SUITE_END()
