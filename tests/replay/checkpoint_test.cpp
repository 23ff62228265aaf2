// Signed checkpoints through the real write path: the signing key file, one checkpoint per commit group,
// receipts that carry a checkpoint and an inclusion proof (the same again on a replay), keys at reopen, and a
// directory made before it had a key.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "domain/checkpoint.hpp"
#include "replay/ledger_fixture.hpp"

namespace jifen::replay {
namespace {

constexpr std::string_view kOrigin = "jifen.test/ledger";

struct SignedLedger : test::LedgerFixture {
  SignedLedger() {
    verifier_key = std::get<domain::NoteVerifierKey>(
        domain::parse_verifier_key(ledger->create_signing_key(kOrigin, std::string(32, 'k'))));
  }
  domain::Checkpoint open(const std::string& note) const {
    const auto opened = domain::open_checkpoint(note, verifier_key, kOrigin);
    if (const auto* error = std::get_if<domain::NoteError>(&opened)) BOOST_FAIL(error->detail);
    return std::get<domain::Checkpoint>(opened);
  }
  // The receipt's checkpoint verifies and its proof puts the receipt's leaf in that tree.
  void expect_provable(const Receipt& receipt) const {
    BOOST_TEST_REQUIRE(!receipt.checkpoint.empty());
    const domain::Checkpoint checkpoint = open(receipt.checkpoint);
    BOOST_TEST(checkpoint.tree_size == receipt.checkpoint_tree_size);
    BOOST_TEST(receipt.seq < checkpoint.tree_size);
    BOOST_TEST(domain::verify_inclusion(receipt.seq, checkpoint.tree_size, receipt.leaf_hash, receipt.inclusion_proof,
                                        checkpoint.root));
  }
  domain::NoteVerifierKey verifier_key;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoints)

BOOST_AUTO_TEST_CASE(a_ledger_without_a_key_signs_nothing_until_it_gets_one) {
  test::LedgerFixture fixture;
  BOOST_TEST(!fixture.ledger->verifier_key());
  BOOST_TEST(!fixture.ledger->checkpoint());
  BOOST_TEST(fixture.ledger->origin() == "jifen.local/ledger");
  const SubmitResult unsigned_receipt = fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA));
  BOOST_TEST(unsigned_receipt.receipts.at(0).checkpoint.empty());
  BOOST_TEST(!fixture.ledger->signed_checkpoint(4));

  const std::string key = fixture.ledger->create_signing_key("jifen.test/ledger", std::string(32, 'k'));
  BOOST_TEST(key.starts_with("jifen.test/ledger+"));
  BOOST_TEST((fixture.ledger->verifier_key() == key));
  BOOST_TEST(fixture.ledger->origin() == "jifen.test/ledger");
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat((fixture.dir.path() / "signing.key").c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600U);
  // The current tree is signed at once; the event appended before the key is covered by it.
  const auto note = fixture.ledger->checkpoint();
  BOOST_TEST_REQUIRE(note.has_value());
  BOOST_TEST((fixture.ledger->checkpoint(4) == note));
  const auto replayed = fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA));
  BOOST_TEST(std::string(to_string(replayed.outcome)) == "replayed");
  BOOST_TEST(replayed.receipts.at(0).checkpoint == *note);
  BOOST_TEST(replayed.receipts.at(0).checkpoint_tree_size == 4U);
  BOOST_CHECK_THROW(fixture.ledger->create_signing_key("jifen.test/ledger", std::string(32, 'j')), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(every_commit_issues_one_checkpoint_and_receipts_prove_their_seq) {
  SignedLedger fixture;
  const SubmitResult first = fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA));
  const Receipt& receipt = first.receipts.at(0);
  BOOST_TEST(receipt.seq == 3U);
  BOOST_TEST(receipt.checkpoint_tree_size == 4U);
  fixture.expect_provable(receipt);
  BOOST_TEST((fixture.ledger->checkpoint() == receipt.checkpoint));
  BOOST_TEST((fixture.ledger->checkpoint(4) == receipt.checkpoint));
  BOOST_TEST(fixture.open(receipt.checkpoint).root == fixture.ledger->root(4));
  BOOST_TEST(!fixture.ledger->checkpoint(2));  // no commit ended at tree size 2 after the key existed

  const SubmitResult batch = fixture.post_batch(test::enterprise(test::kUsccA),
      {test::LedgerFixture::rd_expense(test::kUsccA, "rd-1", 100), test::LedgerFixture::rd_expense(test::kUsccA, "rd-2", 200),
       test::LedgerFixture::rd_expense(test::kUsccA, "rd-3", 300)});
  BOOST_TEST_REQUIRE(batch.receipts.size() == 3U);
  for (const Receipt& each : batch.receipts) {
    BOOST_TEST(each.checkpoint_tree_size == 7U);  // one checkpoint for the whole group
    fixture.expect_provable(each);
  }
  // A replay, later, gets the very receipt of the first time: same checkpoint, same proof.
  fixture.post(test::enterprise(test::kUsccA), test::LedgerFixture::rd_expense(test::kUsccA, "rd-4", 400));
  const SubmitResult again = fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA));
  BOOST_TEST(std::string(to_string(again.outcome)) == "replayed");
  BOOST_TEST(again.receipts.at(0).checkpoint == receipt.checkpoint);
  BOOST_TEST((again.receipts.at(0).inclusion_proof == receipt.inclusion_proof));

  const VerifyReport report = fixture.ledger->verify({});
  BOOST_TEST(report.ok, report.detail);
  BOOST_TEST(report.checkpoints == 4U);  // at 3 (the key), 4, 7, 8
}

BOOST_AUTO_TEST_CASE(signed_checkpoint_of_any_size_is_the_stored_one_or_a_fresh_equal_one) {
  SignedLedger fixture;
  fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA));
  BOOST_TEST((fixture.ledger->signed_checkpoint(4) == fixture.ledger->checkpoint(4)));
  const domain::Checkpoint at_two = fixture.open(*fixture.ledger->signed_checkpoint(2));
  BOOST_TEST(at_two.tree_size == 2U);
  BOOST_TEST(at_two.root == fixture.ledger->root(2));
  const std::vector<domain::Digest> subtrees = fixture.ledger->subtree_roots(3);
  BOOST_TEST(subtrees.size() == 2U);
  BOOST_TEST(domain::root_from_perfect_subtrees(subtrees) == fixture.ledger->root(3));
}

BOOST_AUTO_TEST_CASE(the_key_is_loaded_at_open_and_guarded) {
  SignedLedger fixture;
  const std::optional<std::string> key = fixture.ledger->verifier_key();
  fixture.reopen();
  BOOST_TEST((fixture.ledger->verifier_key() == key));
  fixture.expect_provable(fixture.post(test::bureau(), test::LedgerFixture::registration(test::kUsccA)).receipts.at(0));
  fixture.ledger.reset();

  LedgerOptions options;
  options.data_dir = fixture.dir.path();
  options.durable = false;
  options.map_size_bytes = std::size_t{1} << 30;
  options.origin = "another.origin/ledger";
  BOOST_CHECK_THROW(Ledger::open(options), std::runtime_error);
  options.origin = std::string(kOrigin);
  BOOST_CHECK_NO_THROW(Ledger::open(options));

  std::filesystem::permissions(fixture.dir.path() / "signing.key", std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  BOOST_CHECK_THROW(Ledger::open(options), std::runtime_error);  // a key others can read is refused
  std::filesystem::permissions(fixture.dir.path() / "signing.key", std::filesystem::perms::owner_read |
                               std::filesystem::perms::owner_write);
  std::ofstream(fixture.dir.path() / "signing.key", std::ios::trunc) << "PRIVATE+KEY+broken\n";
  BOOST_CHECK_THROW(Ledger::open(options), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::replay
