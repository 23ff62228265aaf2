// Signed notes with Ed25519 keys. See signed_note.hpp; docs/AUDIT.md "Keys" and "Signed notes".
#include "domain/signed_note.hpp"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

#include <openssl/evp.h>
#include <simdjson.h>

#include "domain/leaf.hpp"
#include "domain/types.hpp"

namespace jifen::domain {
namespace {

constexpr std::string_view kSignerKeyPrefix = "PRIVATE+KEY+";
constexpr std::string_view kSignatureLinePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr std::size_t kKeyNameBytesMax = 255;

struct ContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using MessageDigestContext = std::unique_ptr<EVP_MD_CTX, ContextDeleter>;
using OwnedKey = std::unique_ptr<EVP_PKEY, KeyDeleter>;

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

template <std::size_t N>
std::string_view as_text(const std::array<std::uint8_t, N>& array) {
  return std::string_view(reinterpret_cast<const char*>(array.data()), array.size());
}

// "<name>+<hex key id>+<base64(0x01 || key bytes)>" split into its three parts; nullopt unless exactly three.
struct KeyParts {
  std::string_view name;
  std::string_view key_id_hex;
  std::string_view key_base64;
};
std::optional<KeyParts> split_key_string(std::string_view text) {
  const std::size_t first = text.find('+');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = text.find('+', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  // The base64 may itself contain '+': everything after the second '+' is the key.
  return KeyParts{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
}

std::optional<NoteKeyId> key_id_from_hex(std::string_view hex) {
  if (hex.size() != 2 * kNoteKeyIdBytes) return std::nullopt;
  NoteKeyId id{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[i];
    int value = -1;
    if (c >= '0' && c <= '9') value = c - '0';
    if (c >= 'a' && c <= 'f') value = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') value = c - 'A' + 10;
    if (value < 0) return std::nullopt;
    id[i / 2] = static_cast<std::uint8_t>((id[i / 2] << 4) | value);
  }
  return id;
}

// base64(0x01 || 32 bytes) decoded to the 32 bytes.
std::optional<std::array<std::uint8_t, 32>> typed_key_bytes(std::string_view text) {
  const std::optional<std::string> decoded = from_base64(text);
  if (!decoded || decoded->size() != 33 || static_cast<std::uint8_t>((*decoded)[0]) != kNoteAlgorithmEd25519) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 32> key{};
  std::copy(decoded->begin() + 1, decoded->end(), key.begin());
  return key;
}

std::string typed_key_base64(const std::array<std::uint8_t, 32>& key) {
  std::string typed(1, static_cast<char>(kNoteAlgorithmEd25519));
  typed.append(as_text(key));
  return to_base64(typed);
}

OwnedKey public_key_object(const Ed25519PublicKey& public_key) {
  return OwnedKey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
}

// A signature line of a note: "— <name> <base64(key id || signature)>", without its '\n'.
struct SignatureLine {
  std::string_view name;
  std::string signature;  // decoded: key id (4 bytes) then the signature
};
std::optional<SignatureLine> parse_signature_line(std::string_view line) {
  if (!line.starts_with(kSignatureLinePrefix)) return std::nullopt;
  line.remove_prefix(kSignatureLinePrefix.size());
  const std::size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  const std::string_view name = line.substr(0, space);
  if (name.find('+') != std::string_view::npos) return std::nullopt;
  std::optional<std::string> decoded = from_base64(line.substr(space + 1));
  if (!decoded || decoded->size() <= kNoteKeyIdBytes) return std::nullopt;
  return SignatureLine{name, std::move(*decoded)};
}

}  // namespace

bool is_valid_key_name(std::string_view name) {
  if (name.empty() || name.size() > kKeyNameBytesMax) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7f && c != '+'; });
}

NoteKeyId note_key_id(std::string_view name, const Ed25519PublicKey& public_key) {
  std::string material(name);
  material.push_back('\n');
  material.push_back(static_cast<char>(kNoteAlgorithmEd25519));
  material.append(as_text(public_key));
  const Digest digest = sha256(material);
  NoteKeyId id{};
  std::copy_n(digest.begin(), id.size(), id.begin());
  return id;
}

std::string format_verifier_key(const NoteVerifierKey& key) {
  return key.name + "+" + to_hex(as_text(key.key_id)) + "+" + typed_key_base64(key.public_key);
}

OrNoteError<NoteVerifierKey> parse_verifier_key(std::string_view text) {
  const std::optional<KeyParts> parts = split_key_string(text);
  if (!parts) return NoteError{"a verifier key is <name>+<key id>+<key>: two '+' were expected"};
  if (!is_valid_key_name(parts->name)) {
    return NoteError{"the key name must be 1 to 255 printable ASCII characters without space or '+'"};
  }
  const std::optional<NoteKeyId> key_id = key_id_from_hex(parts->key_id_hex);
  if (!key_id) return NoteError{"the key id must be 8 hex digits"};
  const auto public_key = typed_key_bytes(parts->key_base64);
  if (!public_key) return NoteError{"the key must be the base64 of 0x01 (Ed25519) and a 32-byte public key"};
  NoteVerifierKey key{std::string(parts->name), *key_id, *public_key};
  if (note_key_id(key.name, key.public_key) != key.key_id) {
    return NoteError{"the key id does not match the key name and public key"};
  }
  return key;
}

bool verify_ed25519(const Ed25519PublicKey& public_key, std::string_view message, const Ed25519Signature& signature) {
  const OwnedKey key = public_key_object(public_key);
  const MessageDigestContext context(EVP_MD_CTX_new());
  if (!key || !context) return false;
  if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(context.get(), signature.data(), signature.size(), bytes(message), message.size()) == 1;
}

OrNoteError<NoteSigner> NoteSigner::from_seed(std::string_view name, std::string_view seed) {
  if (!is_valid_key_name(name)) {
    return NoteError{"the key name must be 1 to 255 printable ASCII characters without space or '+'"};
  }
  if (seed.size() != kEd25519SeedBytes) return NoteError{"an Ed25519 seed is 32 bytes"};
  NoteSigner signer;
  signer.key_ = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), seed.size());
  if (signer.key_ == nullptr) return NoteError{"OpenSSL refused the Ed25519 seed"};
  std::copy(seed.begin(), seed.end(), signer.seed_.begin());
  std::size_t length = signer.verifier_.public_key.size();
  if (EVP_PKEY_get_raw_public_key(signer.key_, signer.verifier_.public_key.data(), &length) != 1 ||
      length != kEd25519PublicKeyBytes) {
    return NoteError{"OpenSSL could not derive the Ed25519 public key"};
  }
  signer.verifier_.name = std::string(name);
  signer.verifier_.key_id = note_key_id(name, signer.verifier_.public_key);
  return signer;
}

OrNoteError<NoteSigner> NoteSigner::parse(std::string_view signer_key) {
  while (!signer_key.empty() && (signer_key.back() == '\n' || signer_key.back() == '\r' || signer_key.back() == ' ')) {
    signer_key.remove_suffix(1);
  }
  while (!signer_key.empty() && (signer_key.front() == ' ' || signer_key.front() == '\n')) signer_key.remove_prefix(1);
  if (!signer_key.starts_with(kSignerKeyPrefix)) return NoteError{"a signer key starts with PRIVATE+KEY+"};
  const std::optional<KeyParts> parts = split_key_string(signer_key.substr(kSignerKeyPrefix.size()));
  if (!parts) return NoteError{"a signer key is PRIVATE+KEY+<name>+<key id>+<key>"};
  const std::optional<NoteKeyId> key_id = key_id_from_hex(parts->key_id_hex);
  const auto seed = typed_key_bytes(parts->key_base64);
  if (!key_id || !seed) return NoteError{"the signer key's id or key bytes are malformed"};
  OrNoteError<NoteSigner> signer = from_seed(parts->name, as_text(*seed));
  if (const auto* made = std::get_if<NoteSigner>(&signer); made && made->verifier_.key_id != *key_id) {
    return NoteError{"the signer key's id does not match its name and key"};
  }
  return signer;
}

NoteSigner::NoteSigner(NoteSigner&& other) noexcept
    : verifier_(std::move(other.verifier_)), seed_(other.seed_), key_(std::exchange(other.key_, nullptr)) {}

NoteSigner& NoteSigner::operator=(NoteSigner&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key_);
    verifier_ = std::move(other.verifier_);
    seed_ = other.seed_;
    key_ = std::exchange(other.key_, nullptr);
  }
  return *this;
}

NoteSigner::~NoteSigner() {
  EVP_PKEY_free(key_);
  std::fill(seed_.begin(), seed_.end(), std::uint8_t{0});
}

std::string NoteSigner::signer_key() const {
  return std::string(kSignerKeyPrefix) + verifier_.name + "+" + to_hex(as_text(verifier_.key_id)) + "+" +
         typed_key_base64(seed_);
}

Ed25519Signature NoteSigner::sign(std::string_view message) const {
  assert(key_ != nullptr);
  const MessageDigestContext context(EVP_MD_CTX_new());
  Ed25519Signature signature{};
  std::size_t length = signature.size();
  // A failure here is OpenSSL out of memory or broken: nothing can be signed, so nothing can be committed.
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_) != 1 ||
      EVP_DigestSign(context.get(), signature.data(), &length, bytes(message), message.size()) != 1 ||
      length != signature.size()) {
    std::abort();
  }
  return signature;
}

std::string NoteSigner::sign_note(std::string_view text) const {
  assert(is_valid_note_text(text));
  const Ed25519Signature signature = sign(text);
  std::string blob(as_text(verifier_.key_id));
  blob.append(as_text(signature));
  std::string note(text);
  note += '\n';
  note += kSignatureLinePrefix;
  note += verifier_.name;
  note += ' ';
  note += to_base64(blob);
  note += '\n';
  return note;
}

bool is_valid_note_text(std::string_view text) {
  if (text.empty() || text.back() != '\n' || text.find("\n\n") != std::string_view::npos || text.front() == '\n') {
    return false;
  }
  if (!simdjson::validate_utf8(text.data(), text.size())) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n') || byte == 0x7f;
  });
}

OrNoteError<std::string> open_note(std::string_view note, const NoteVerifierKey& key) {
  if (note.size() > kNoteBytesMax) return NoteError{"the note is longer than " + std::to_string(kNoteBytesMax) + " bytes"};
  if (note.empty() || note.back() != '\n') return NoteError{"a note ends with a newline"};
  const std::size_t blank = note.rfind("\n\n");
  if (blank == std::string_view::npos) return NoteError{"the note has no blank line before its signatures"};
  const std::string_view text = note.substr(0, blank + 1);
  if (!is_valid_note_text(text)) {
    return NoteError{"the note text is not UTF-8 lines without control characters or blank lines"};
  }
  std::string_view signatures = note.substr(blank + 2);
  std::size_t lines = 0;
  std::optional<SignatureLine> ours;
  while (!signatures.empty()) {
    const std::size_t end = signatures.find('\n');  // the note ends with '\n', so there is one
    std::optional<SignatureLine> line = parse_signature_line(signatures.substr(0, end));
    signatures.remove_prefix(end + 1);
    if (!line) return NoteError{"signature line " + std::to_string(lines + 1) + " is malformed"};
    if (++lines > kNoteSignaturesMax) return NoteError{"the note carries more than 100 signatures"};
    const bool matches = line->name == key.name && line->signature.compare(0, kNoteKeyIdBytes, as_text(key.key_id)) == 0;
    if (matches && !ours) ours = std::move(line);
  }
  if (lines == 0) return NoteError{"the note carries no signature"};
  if (!ours) return NoteError{"the note carries no signature by the key " + key.name + "+" + to_hex(as_text(key.key_id))};
  if (ours->signature.size() != kNoteKeyIdBytes + kEd25519SignatureBytes) {
    return NoteError{"the signature by " + key.name + " is not 64 bytes"};
  }
  Ed25519Signature signature{};
  std::copy(ours->signature.begin() + kNoteKeyIdBytes, ours->signature.end(), signature.begin());
  if (!verify_ed25519(key.public_key, text, signature)) {
    return NoteError{"the signature by " + key.name + " does not verify: the note was altered or signed by another key"};
  }
  return std::string(text);
}

}  // namespace jifen::domain
