// Checkpoints (c2sp.org/tlog-checkpoint; DESIGN.md "Checkpoint", contract): a signed note whose text is
//
//   <origin>\n<tree_size in decimal>\n<base64 of the RFC 9162 root>\n
//
// signed by the log's Ed25519 note key. docs/AUDIT.md gives every byte.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/signed_note.hpp"
#include "domain/types.hpp"

namespace jifen::domain {

// The origin (and signing key name) of a ledger when none is configured.
inline constexpr std::string_view kDefaultOrigin = "jifen.local/ledger";

struct Checkpoint {
  std::string origin;
  std::uint64_t tree_size = 0;
  Digest root{};
  bool operator==(const Checkpoint&) const = default;
};

// "<origin>\n<tree_size>\n<base64 root>\n". REQUIRES: is_valid_key_name(checkpoint.origin).
std::string checkpoint_text(const Checkpoint& checkpoint);
// The whole signed note: the text, a blank line, the signature line.
std::string sign_checkpoint(const NoteSigner& signer, const Checkpoint& checkpoint);

// Strict parse of a checkpoint's text: an origin line, a decimal size (no sign, no leading zero but "0"),
// the padded base64 of 32 bytes; later lines are extension lines (signed, accepted, ignored).
OrNoteError<Checkpoint> parse_checkpoint_text(std::string_view text);

// Opens `note` with `key` (open_note), parses its text, and checks the origin is `origin`.
OrNoteError<Checkpoint> open_checkpoint(std::string_view note, const NoteVerifierKey& key, std::string_view origin);

}  // namespace jifen::domain
