// Checkpoint notes. See checkpoint.hpp; docs/AUDIT.md "Checkpoints".
#include "domain/checkpoint.hpp"

#include <cassert>
#include <algorithm>
#include <charconv>
#include <optional>

namespace jifen::domain {
namespace {

constexpr std::size_t kTreeSizeDigitsMax = 20;

// The next '\n'-terminated line of `text` (without its '\n'), consumed; nullopt when no '\n' is left.
std::optional<std::string_view> take_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view line = text.substr(0, end);
  text.remove_prefix(end + 1);
  return line;
}

std::optional<std::uint64_t> parse_tree_size(std::string_view digits) {
  if (digits.empty() || digits.size() > kTreeSizeDigitsMax || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string checkpoint_text(const Checkpoint& checkpoint) {
  assert(is_valid_key_name(checkpoint.origin));
  std::string text = checkpoint.origin;
  text += '\n';
  text += std::to_string(checkpoint.tree_size);
  text += '\n';
  text += to_base64(checkpoint.root);
  text += '\n';
  return text;
}

std::string sign_checkpoint(const NoteSigner& signer, const Checkpoint& checkpoint) {
  return signer.sign_note(checkpoint_text(checkpoint));
}

OrNoteError<Checkpoint> parse_checkpoint_text(std::string_view text) {
  const std::optional<std::string_view> origin = take_line(text);
  const std::optional<std::string_view> size = take_line(text);
  const std::optional<std::string_view> root = take_line(text);
  if (!origin || !size || !root) return NoteError{"a checkpoint has an origin, a tree size and a root line"};
  if (origin->empty()) return NoteError{"the checkpoint's origin line is empty"};
  const std::optional<std::uint64_t> tree_size = parse_tree_size(*size);
  if (!tree_size) return NoteError{"the checkpoint's tree size is not a decimal integer without leading zeros"};
  const std::optional<std::string> root_bytes = from_base64(*root);
  if (!root_bytes || root_bytes->size() != Digest{}.size()) {
    return NoteError{"the checkpoint's root is not the padded base64 of 32 bytes"};
  }
  Checkpoint checkpoint{std::string(*origin), *tree_size, {}};
  std::copy(root_bytes->begin(), root_bytes->end(), checkpoint.root.begin());
  return checkpoint;
}

OrNoteError<Checkpoint> open_checkpoint(std::string_view note, const NoteVerifierKey& key, std::string_view origin) {
  OrNoteError<std::string> text = open_note(note, key);
  if (auto* error = std::get_if<NoteError>(&text)) return std::move(*error);
  OrNoteError<Checkpoint> checkpoint = parse_checkpoint_text(std::get<std::string>(text));
  if (const auto* parsed = std::get_if<Checkpoint>(&checkpoint); parsed && parsed->origin != origin) {
    return NoteError{"the checkpoint's origin is " + parsed->origin + ", not " + std::string(origin)};
  }
  return checkpoint;
}

}  // namespace jifen::domain
