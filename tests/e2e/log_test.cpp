// End-to-end: the log's audit routes of a real jifend (key, checkpoints, proofs), receipts that prove their
// seq, and the real jifen-audit checking receipts and proofs fetched over HTTP against checkpoints it kept.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <simdjson.h>

#include "domain/checkpoint.hpp"
#include "domain/leaf.hpp"
#include "e2e_support.hpp"

using namespace jifen;
using namespace jifen::e2e;

namespace {

domain::NoteVerifierKey log_key(Environment& env) {
  const HttpResponse key = env.get("/v1/log/key");
  BOOST_TEST_REQUIRE(key.status == 200u, key.body);
  BOOST_TEST(key.header("content-type") == "text/plain; charset=utf-8");
  std::string text = key.body;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto parsed = domain::parse_verifier_key(text);
  BOOST_TEST_REQUIRE(std::holds_alternative<domain::NoteVerifierKey>(parsed), text);
  return std::get<domain::NoteVerifierKey>(parsed);
}

domain::Checkpoint open(const std::string& note, const domain::NoteVerifierKey& key) {
  const auto opened = domain::open_checkpoint(note, key, "jifen.local/ledger");
  if (const auto* error = std::get_if<domain::NoteError>(&opened)) BOOST_FAIL(error->detail + " in " + note);
  return std::get<domain::Checkpoint>(opened);
}

std::vector<domain::Digest> hashes_at(const std::string& json, std::string_view pointer) {
  simdjson::dom::parser parser;
  const simdjson::dom::element document = parser.parse(json);
  std::vector<domain::Digest> hashes;
  const simdjson::dom::array items = document.at_pointer(pointer).get_array().value();
  for (const simdjson::dom::element item : items) {
    const auto bytes = domain::from_base64(item.get_string().value());
    BOOST_TEST_REQUIRE((bytes && bytes->size() == 32));
    hashes.emplace_back();
    std::copy(bytes->begin(), bytes->end(), hashes.back().begin());
  }
  return hashes;
}

domain::Digest digest_at(const std::string& json, std::string_view pointer) {
  const auto bytes = domain::from_base64(json_string(json, pointer).value_or(""));
  BOOST_TEST_REQUIRE((bytes && bytes->size() == 32));
  domain::Digest digest{};
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

std::string write_file(const Environment& env, const std::string& name, const std::string& text) {
  const std::string path = (env.data_dir().parent_path() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

int audit(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{bin_path("jifen-audit").string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_process(argv).exit_code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_log)

BOOST_AUTO_TEST_CASE(checkpoints_grow_with_the_log_and_receipts_prove_their_seq) {
  Environment env;
  const domain::NoteVerifierKey key = log_key(env);
  const HttpResponse first = env.get("/v1/log/checkpoint");
  BOOST_TEST_REQUIRE(first.status == 200u, first.body);
  BOOST_TEST(first.header("cache-control") == "no-cache");
  const domain::Checkpoint before = open(first.body, key);
  BOOST_TEST(before.tree_size == env.tree_size());

  const HttpResponse created = env.post("/v1/events", env.bureau_key, registration_event("reg-log", kEnterpriseA, "Log Co"));
  BOOST_TEST_REQUIRE(created.status == 201u, created.body);
  const std::uint64_t seq = json_unsigned(created.body, "/seq").value();
  const std::string note = json_string(created.body, "/checkpoint").value_or("");
  const domain::Checkpoint covering = open(note, key);
  BOOST_TEST(covering.tree_size == seq + 1);
  BOOST_TEST((json_unsigned(created.body, "/checkpoint_tree_size") == std::optional<std::uint64_t>(seq + 1)));
  BOOST_TEST(domain::verify_inclusion(seq, covering.tree_size, digest_at(created.body, "/leaf_hash"),
                                      hashes_at(created.body, "/inclusion_proof"), covering.root));
  // The checkpoint is kept: the latest one now, and at its tree size for ever.
  BOOST_TEST(env.get("/v1/log/checkpoint").body == note);
  const HttpResponse kept = env.get("/v1/log/checkpoint?tree_size=" + std::to_string(seq + 1));
  BOOST_TEST(kept.body == note);
  BOOST_TEST(kept.header("cache-control") == "public, max-age=31536000, immutable");

  const HttpResponse inclusion =
      env.get("/v1/log/proof/inclusion?seq=" + std::to_string(seq) + "&tree_size=" + std::to_string(seq + 1));
  BOOST_TEST_REQUIRE(inclusion.status == 200u, inclusion.body);
  BOOST_TEST((json_string(inclusion.body, "/leaf_hash") == json_string(created.body, "/leaf_hash")));
  BOOST_TEST((hashes_at(inclusion.body, "/proof") == hashes_at(created.body, "/inclusion_proof")));

  const HttpResponse consistency = env.get("/v1/log/proof/consistency?from=" + std::to_string(before.tree_size) +
                                           "&to=" + std::to_string(covering.tree_size));
  BOOST_TEST_REQUIRE(consistency.status == 200u, consistency.body);
  BOOST_TEST(domain::verify_consistency(before.tree_size, covering.tree_size, before.root, covering.root,
                                        hashes_at(consistency.body, "/proof")));

  // A replay answers the same receipt, checkpoint and proof included.
  const HttpResponse replayed = env.post("/v1/events", env.bureau_key, registration_event("reg-log", kEnterpriseA, "Log Co"));
  BOOST_TEST(replayed.status == 200u);
  BOOST_TEST(replayed.body == created.body);
}

BOOST_AUTO_TEST_CASE(jifen_audit_checks_receipts_and_proofs_against_kept_checkpoints) {
  Environment env;
  const HttpResponse key = env.get("/v1/log/key");
  const std::string key_text = key.body.substr(0, key.body.find('\n'));
  const std::string older = env.get("/v1/log/checkpoint").body;
  const std::uint64_t older_size = open(older, log_key(env)).tree_size;
  const HttpResponse created = env.post("/v1/events", env.bureau_key, registration_event("reg-audit", kEnterpriseA, "Audit Co"));
  BOOST_TEST_REQUIRE(created.status == 201u, created.body);
  const std::string newer = env.get("/v1/log/checkpoint").body;
  const std::uint64_t seq = json_unsigned(created.body, "/seq").value();

  const std::string receipt = write_file(env, "receipt.json", created.body);
  BOOST_TEST(audit({"receipt", receipt, "--key", key_text}) == 0);
  std::string forged = created.body;
  forged.replace(forged.find("\"seq\":") + 6, std::to_string(seq).size(), std::to_string(seq - 1));
  BOOST_TEST(audit({"receipt", write_file(env, "forged.json", forged), "--key", key_text}) == 1);
  BOOST_TEST(audit({"receipt", receipt, "--key", "jifen.local/ledger+00000000+AAAA"}) == 2);

  const std::string old_file = write_file(env, "old.note", older);
  const std::string new_file = write_file(env, "new.note", newer);
  const std::string consistency = write_file(env, "consistency.json",
      env.get("/v1/log/proof/consistency?from=" + std::to_string(older_size) + "&to=" + std::to_string(seq + 1)).body);
  BOOST_TEST(audit({"consistency", "--key", key_text, "--old", old_file, "--new", new_file, "--proof", consistency}) == 0);
  BOOST_TEST(audit({"consistency", "--key", key_text, "--old", new_file, "--new", old_file, "--proof", consistency}) == 1);

  const std::string inclusion = write_file(env, "inclusion.json",
      env.get("/v1/log/proof/inclusion?seq=" + std::to_string(seq) + "&tree_size=" + std::to_string(seq + 1)).body);
  const std::string leaf_hash = json_string(created.body, "/leaf_hash").value_or("");
  BOOST_TEST(audit({"inclusion", "--key", key_text, "--checkpoint", new_file, "--proof", inclusion, "--leaf-hash", leaf_hash}) == 0);
  BOOST_TEST(audit({"inclusion", "--key", key_text, "--checkpoint", old_file, "--proof", inclusion}) == 1);
}

BOOST_AUTO_TEST_CASE(impossible_proof_arguments_are_400_naming_the_parameter) {
  Environment& env = shared_environment();
  const std::uint64_t size = env.tree_size();
  const std::string beyond = std::to_string(size + 1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v1/log/proof/inclusion?seq=" + std::to_string(size) + "&tree_size=" + std::to_string(size), "seq"},
      {"/v1/log/proof/inclusion?seq=0&tree_size=" + beyond, "tree_size"},
      {"/v1/log/proof/inclusion?seq=0", "tree_size"},
      {"/v1/log/proof/inclusion?seq=x&tree_size=1", "seq"},
      {"/v1/log/proof/inclusion?seq=0&seq=0&tree_size=1", "seq"},
      {"/v1/log/proof/inclusion?seq=0&tree_size=1&extra=1", "query"},
      {"/v1/log/proof/consistency?from=3&to=2", "from"},
      {"/v1/log/proof/consistency?from=0&to=2", "from"},
      {"/v1/log/proof/consistency?from=1&to=" + beyond, "to"},
      {"/v1/log/proof/consistency?to=2", "from"},
      {"/v1/log/checkpoint?tree_size=-1", "tree_size"},
  };
  for (const auto& [target, parameter] : cases) {
    BOOST_TEST_CONTEXT(target) {
      const HttpResponse response = env.get(target);
      BOOST_TEST(response.status == 400u, response.body);
      BOOST_TEST(response.header("content-type") == "application/problem+json");
      BOOST_TEST((json_string(response.body, "/parameter") == std::optional<std::string>(parameter)));
    }
  }
  BOOST_TEST(env.get("/v1/log/checkpoint?tree_size=1").status == 404u);  // no commit ended there
  BOOST_TEST(env.get("/v1/log/checkpoint?tree_size=" + beyond).status == 404u);
  BOOST_TEST(env.get("/v1/log/proof/consistency?from=" + std::to_string(size) + "&to=" + std::to_string(size)).body ==
             "{\"from\":" + std::to_string(size) + ",\"to\":" + std::to_string(size) + ",\"proof\":[]}");
}

BOOST_AUTO_TEST_SUITE_END()
