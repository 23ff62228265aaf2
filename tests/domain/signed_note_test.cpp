// Signed notes and checkpoints: the known answers of Go's golang.org/x/mod/sumdb/note (a second, independent
// implementation of the same format), key strings, every mangling of a key or a note refused, and the strict
// checkpoint text.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string>

#include "domain/checkpoint.hpp"
#include "domain/leaf.hpp"
#include "domain/signed_note.hpp"

namespace jifen::domain {
namespace {

// From the documentation and tests of golang.org/x/mod/sumdb/note.
constexpr std::string_view kGoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignatureLine =
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

std::string go_note() { return std::string(kGoText) + "\n" + std::string(kGoSignatureLine); }

NoteVerifierKey go_key() { return std::get<NoteVerifierKey>(parse_verifier_key(kGoVerifierKey)); }

NoteSigner signer_named(std::string_view name, char fill) {
  auto signer = NoteSigner::from_seed(name, std::string(kEd25519SeedBytes, fill));
  BOOST_TEST_REQUIRE(std::holds_alternative<NoteSigner>(signer));
  return std::get<NoteSigner>(std::move(signer));
}

bool opens(std::string_view note, const NoteVerifierKey& key) {
  return std::holds_alternative<std::string>(open_note(note, key));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(signed_note)

BOOST_AUTO_TEST_CASE(go_known_answers) {
  const auto signer = NoteSigner::parse(kGoSignerKey);
  BOOST_TEST_REQUIRE(std::holds_alternative<NoteSigner>(signer));
  const NoteSigner& go_signer = std::get<NoteSigner>(signer);
  BOOST_TEST(format_verifier_key(go_signer.verifier_key()) == kGoVerifierKey);
  BOOST_TEST(go_signer.signer_key() == kGoSignerKey);
  BOOST_TEST(go_signer.sign_note(kGoText) == go_note());  // Ed25519 is deterministic: byte for byte
  const auto opened = open_note(go_note(), go_key());
  BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(opened));
  BOOST_TEST(std::get<std::string>(opened) == kGoText);
  BOOST_TEST(to_hex(std::string_view(reinterpret_cast<const char*>(go_key().key_id.data()), 4)) == "c74f20a3");
}

BOOST_AUTO_TEST_CASE(jifen_checkpoint_known_answers) {
  // docs/AUDIT.md's example: the seed 00 01 … 1f; cross-checked with Python's `cryptography` Ed25519.
  std::string seed;
  for (int byte = 0; byte < 32; ++byte) seed.push_back(static_cast<char>(byte));
  const NoteSigner signer = std::get<NoteSigner>(NoteSigner::from_seed("jifen.local/ledger", seed));
  BOOST_TEST(signer.signer_key() == "PRIVATE+KEY+jifen.local/ledger+e4e23132+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f");
  BOOST_TEST(format_verifier_key(signer.verifier_key()) ==
             "jifen.local/ledger+e4e23132+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4");
  BOOST_TEST(sign_checkpoint(signer, {"jifen.local/ledger", 0, empty_tree_hash()}) ==
             "jifen.local/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n"
             "\xE2\x80\x94 jifen.local/ledger "
             "5OIxMoZ/9GUXeixgLPfupt3AglDuMz7vwBOqQrVGpz6vJqoGIj60sU6lhOwW7Bl7uVVX7lykxboJ6oJhbCnTzr9QaAc=\n");
  const Digest root_of_eight = *digest_from_hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  BOOST_TEST(sign_checkpoint(signer, {"jifen.local/ledger", 8, root_of_eight}) ==
             "jifen.local/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
             "\xE2\x80\x94 jifen.local/ledger "
             "5OIxMoStGepxy7Hp2knkQiJYX7eB1YCemWuCD5tU4LIHmN0z6deg3BCvMN7C9A2o6uHwpe+zrYMnUM0JGLu9Vgt3ug4=\n");
}

BOOST_AUTO_TEST_CASE(every_changed_character_of_a_verifier_key_is_refused) {
  const std::string key(kGoVerifierKey);
  for (std::size_t at = 0; at < key.size(); ++at) {
    for (const char replacement : {'A', 'b', '0', '+', '/', ' '}) {
      if (key[at] == replacement) continue;
      const bool in_key_id = at > 12 && at < 21;  // hex digits are read in either case, as Go reads them
      if (in_key_id && std::tolower(key[at]) == std::tolower(replacement)) continue;
      std::string changed = key;
      changed[at] = replacement;
      BOOST_TEST_CONTEXT("position " << at << " to " << replacement) {
        BOOST_TEST(std::holds_alternative<NoteError>(parse_verifier_key(changed)));
      }
    }
    BOOST_TEST(std::holds_alternative<NoteError>(parse_verifier_key(key.substr(0, at))));
  }
  BOOST_TEST(std::holds_alternative<NoteError>(parse_verifier_key(key + "A")));
  BOOST_TEST(std::holds_alternative<NoteVerifierKey>(parse_verifier_key("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")));
}

BOOST_AUTO_TEST_CASE(key_names) {
  BOOST_TEST(is_valid_key_name("jifen.local/ledger"));
  BOOST_TEST(!is_valid_key_name(""));
  BOOST_TEST(!is_valid_key_name("a b"));
  BOOST_TEST(!is_valid_key_name("a+b"));
  BOOST_TEST(!is_valid_key_name("caf\xC3\xA9"));
  BOOST_TEST(!is_valid_key_name(std::string(256, 'a')));
  BOOST_TEST(std::holds_alternative<NoteError>(NoteSigner::from_seed("a+b", std::string(32, 'x'))));
  BOOST_TEST(std::holds_alternative<NoteError>(NoteSigner::from_seed("name", std::string(31, 'x'))));
}

BOOST_AUTO_TEST_CASE(every_flipped_bit_of_a_note_is_refused) {
  const std::string note = go_note();
  const NoteVerifierKey key = go_key();
  for (std::size_t at = 0; at < note.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed = note;
      changed[at] = static_cast<char>(changed[at] ^ (1 << bit));
      BOOST_TEST_CONTEXT("byte " << at << " bit " << bit) { BOOST_TEST(!opens(changed, key)); }
    }
  }
}

BOOST_AUTO_TEST_CASE(other_signatures_and_malformed_notes) {
  const NoteVerifierKey key = go_key();
  const NoteSigner other = signer_named("EnochRoot", 'e');
  const std::string signed_by_other = other.sign_note(kGoText);
  const std::string other_line = signed_by_other.substr(kGoText.size() + 1);
  // Another key's line before ours is skipped; a note with only another key's signature does not open.
  BOOST_TEST(opens(std::string(kGoText) + "\n" + other_line + std::string(kGoSignatureLine), key));
  BOOST_TEST(!opens(signed_by_other, key));
  BOOST_TEST(!opens(std::string(kGoText) + "\n", key));                              // no signature
  BOOST_TEST(!opens(std::string(kGoText) + std::string(kGoSignatureLine), key));     // no blank line
  BOOST_TEST(!opens(go_note().substr(0, go_note().size() - 1), key));                // no final newline
  BOOST_TEST(!opens(std::string(kGoText) + "\n-- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ=\n", key));
  // The same key's first line decides: a bad first signature is not rescued by a good second one.
  std::string forged_first = std::string(kGoSignatureLine);
  forged_first[forged_first.size() - 6] = forged_first[forged_first.size() - 6] == 'A' ? 'B' : 'A';
  BOOST_TEST(!opens(std::string(kGoText) + "\n" + forged_first + std::string(kGoSignatureLine), key));
  BOOST_TEST(!is_valid_note_text("a\n\nb\n"));
  BOOST_TEST(!is_valid_note_text("a\tb\n"));
  BOOST_TEST(!is_valid_note_text("\xFF\n"));
  BOOST_TEST(is_valid_note_text("origin\n0\nroot\n"));
}

BOOST_AUTO_TEST_CASE(checkpoints_sign_and_open) {
  const NoteSigner signer = signer_named("jifen.local/ledger", 's');
  const Checkpoint checkpoint{"jifen.local/ledger", 8, leaf_hash("x")};
  const std::string note = sign_checkpoint(signer, checkpoint);
  BOOST_TEST(note.starts_with("jifen.local/ledger\n8\n" + to_base64(checkpoint.root) + "\n\n\xE2\x80\x94 jifen.local/ledger "));
  BOOST_TEST(note.size() == checkpoint_text(checkpoint).size() + 1 + 3 + 1 + 18 + 1 + 92 + 1);
  const auto opened = open_checkpoint(note, signer.verifier_key(), "jifen.local/ledger");
  BOOST_TEST_REQUIRE(std::holds_alternative<Checkpoint>(opened));
  BOOST_TEST((std::get<Checkpoint>(opened) == checkpoint));
  BOOST_TEST(std::holds_alternative<NoteError>(open_checkpoint(note, signer.verifier_key(), "another/origin")));
  BOOST_TEST(std::holds_alternative<NoteError>(open_checkpoint(note, signer_named("jifen.local/ledger", 't').verifier_key(),
                                                               "jifen.local/ledger")));
  // The empty tree has a checkpoint too.
  const std::string empty = sign_checkpoint(signer, {"jifen.local/ledger", 0, empty_tree_hash()});
  BOOST_TEST(empty.starts_with("jifen.local/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n"));
}

BOOST_AUTO_TEST_CASE(checkpoint_text_is_strict) {
  const std::string root = to_base64(leaf_hash("x"));
  BOOST_TEST(std::holds_alternative<Checkpoint>(parse_checkpoint_text("o\n12\n" + root + "\n")));
  BOOST_TEST(std::holds_alternative<Checkpoint>(parse_checkpoint_text("o\n12\n" + root + "\nextension line\n")));
  for (const std::string& bad : {"o\n012\n" + root + "\n", "o\n+12\n" + root + "\n", "o\n12 \n" + root + "\n",
                                "o\n\n" + root + "\n", "\n12\n" + root + "\n", "o\n12\n" + root,
                                "o\n12\n" + root.substr(0, 43) + "\n", "o\n18446744073709551616\n" + root + "\n",
                                std::string("o\n12\n")}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(std::holds_alternative<NoteError>(parse_checkpoint_text(bad))); }
  }
  const auto largest = parse_checkpoint_text("o\n18446744073709551615\n" + root + "\n");
  BOOST_TEST_REQUIRE(std::holds_alternative<Checkpoint>(largest));
  BOOST_TEST(std::get<Checkpoint>(largest).tree_size == 18446744073709551615ULL);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace jifen::domain
