// C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: the key strings of Go's
// golang.org/x/mod/sumdb/note, key ids, signing and opening a note. docs/AUDIT.md gives every byte.
//
//   verifier key  "<name>+<8 hex key id>+<base64(0x01 || 32-byte public key)>"
//   signer key    "PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || 32-byte seed)>"
//   key id        SHA-256(name || 0x0A || 0x01 || public key)[0:4]
//   note          text ("\n"-terminated lines) || "\n" || "— <name> <base64(key id || signature)>\n" ...
//
// Pure functions over bytes (OpenSSL's Ed25519 and SHA-256): Ed25519 signatures are deterministic, so a
// signer is a value like any other. Safe from any thread; one NoteSigner may be used by several threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace jifen::domain {

inline constexpr std::uint8_t kNoteAlgorithmEd25519 = 0x01;
inline constexpr std::size_t kNoteKeyIdBytes = 4;
inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SeedBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;
// Notes longer than this are refused unread (jifen's checkpoints are under 200 bytes).
inline constexpr std::size_t kNoteBytesMax = 64 * 1024;
// Signature lines a note may carry (Go's limit).
inline constexpr std::size_t kNoteSignaturesMax = 100;

using NoteKeyId = std::array<std::uint8_t, kNoteKeyIdBytes>;
using Ed25519PublicKey = std::array<std::uint8_t, kEd25519PublicKeyBytes>;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureBytes>;

// Why a key string or a note was refused: one sentence.
struct NoteError {
  std::string detail;
};
template <typename Value>
using OrNoteError = std::variant<Value, NoteError>;

// jifen's key names (and checkpoint origins): 1 to 255 bytes of printable ASCII other than space and '+'. A
// subset of what Go allows (UTF-8 without spaces or '+'), so every jifen name is a valid Go name.
bool is_valid_key_name(std::string_view name);

NoteKeyId note_key_id(std::string_view name, const Ed25519PublicKey& public_key);

struct NoteVerifierKey {
  std::string name;
  NoteKeyId key_id{};
  Ed25519PublicKey public_key{};
};
std::string format_verifier_key(const NoteVerifierKey& key);
// Strict: a valid name, exactly 8 hex digits (either case) equal to the key id computed from the name and
// the key, base64 of 0x01 followed by exactly 32 bytes.
OrNoteError<NoteVerifierKey> parse_verifier_key(std::string_view text);

bool verify_ed25519(const Ed25519PublicKey& public_key, std::string_view message, const Ed25519Signature& signature);

// An Ed25519 key that signs notes. Move-only: it owns an OpenSSL key object.
class NoteSigner {
 public:
  // REQUIRES nothing: a bad name or a seed that is not 32 bytes is a NoteError.
  static OrNoteError<NoteSigner> from_seed(std::string_view name, std::string_view seed);
  // The signer key string (without a trailing newline; surrounding ASCII whitespace is ignored).
  static OrNoteError<NoteSigner> parse(std::string_view signer_key);

  NoteSigner(NoteSigner&& other) noexcept;
  NoteSigner& operator=(NoteSigner&& other) noexcept;
  NoteSigner(const NoteSigner&) = delete;
  NoteSigner& operator=(const NoteSigner&) = delete;
  ~NoteSigner();

  const NoteVerifierKey& verifier_key() const { return verifier_; }
  std::string signer_key() const;  // "PRIVATE+KEY+…": a secret
  Ed25519Signature sign(std::string_view message) const;
  // `text` followed by the blank line and this key's signature line.
  // REQUIRES: is_valid_note_text(text).
  std::string sign_note(std::string_view text) const;

 private:
  NoteSigner() = default;
  NoteVerifierKey verifier_;
  std::array<std::uint8_t, kEd25519SeedBytes> seed_{};
  evp_pkey_st* key_ = nullptr;
};

// Note text: non-empty, valid UTF-8, ends with '\n', no blank line, no control character but '\n'.
bool is_valid_note_text(std::string_view text);

// Opens a signed note with one trusted key: the note is well formed (text, blank line, at most
// kNoteSignaturesMax well-formed signature lines), and the first signature line with the key's name and key
// id verifies over the text. Lines of other keys are skipped. Returns the text (with its final '\n').
OrNoteError<std::string> open_note(std::string_view note, const NoteVerifierKey& key);

}  // namespace jifen::domain
