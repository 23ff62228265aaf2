// The signing key file, the checkpoints a commit group issues, the checkpoints and proofs of receipts, and
// the verification of stored checkpoints. See checkpoints.hpp.
#include "replay/checkpoints.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "replay/ledger.hpp"
#include "replay/merkle_log.hpp"
#include "replay/proofs.hpp"
#include "storage/checkpoint_store.hpp"
#include "storage/stores.hpp"

namespace jifen::replay {
namespace {

constexpr std::size_t kKeyFileBytesMax = 4096;

std::runtime_error file_error(const std::filesystem::path& file, std::string_view what) {
  return std::runtime_error(std::string(what) + " " + file.string() + ": " + std::strerror(errno));
}

// Closes a POSIX descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string read_key_file(const std::filesystem::path& file, const Descriptor& fd) {
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw file_error(file, "cannot stat");
  if ((info.st_mode & 077) != 0) {
    throw std::runtime_error(file.string() + " is readable or writable by others than its owner: chmod 600 it");
  }
  std::string text(kKeyFileBytesMax, '\0');
  std::size_t used = 0;
  for (;;) {
    const ssize_t read = ::read(fd.get(), text.data() + used, text.size() - used);
    if (read < 0 && errno == EINTR) continue;
    if (read < 0) throw file_error(file, "cannot read");
    if (read == 0) break;
    used += static_cast<std::size_t>(read);
    if (used == text.size()) throw std::runtime_error(file.string() + " is too long for a signing key");
  }
  text.resize(used);
  return text;
}

void write_all(const std::filesystem::path& file, const Descriptor& fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd.get(), text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw file_error(file, "cannot write");
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}


// The perfect subtrees the proofs of one commit group need: those over its leaves [first_seq, tree_size), read
// level by level in one cursor walk each (about two per event), and the others, shared by every proof of the
// group (the subtrees to their left, and those of replayed receipts), read once each.
class GroupSubtrees {
 public:
  GroupSubtrees(const storage::ReadTxn& txn, std::uint64_t first_seq, std::uint64_t tree_size) : txn_(txn) {
    for (std::uint8_t level = 0; level < 64; ++level) {
      const std::uint64_t first = first_seq >> level;
      const std::uint64_t end = tree_size >> level;
      if (first >= end) break;
      firsts_.push_back(first);
      levels_.push_back(storage::merkle_nodes::scan(txn, level, first, end));
    }
  }

  domain::Digest operator()(std::uint8_t level, std::uint64_t index) {
    domain::Digest digest{};
    if (level < levels_.size() && index >= firsts_[level] && index - firsts_[level] < levels_[level].size()) {
      const storage::Hash32& hash = levels_[level][index - firsts_[level]];
      std::copy(hash.begin(), hash.end(), digest.begin());
      return digest;
    }
    const std::pair<std::uint8_t, std::uint64_t> key{level, index};
    if (const auto found = others_.find(key); found != others_.end()) return found->second;
    digest = merkle_node(txn_, level, index);
    others_.emplace(key, digest);
    return digest;
  }

 private:
  const storage::ReadTxn& txn_;
  std::vector<std::uint64_t> firsts_;               // per level: the index of levels_[level][0]
  std::vector<std::vector<storage::Hash32>> levels_;
  std::map<std::pair<std::uint8_t, std::uint64_t>, domain::Digest> others_;
};

void fail(VerifyReport& report, std::uint64_t seq, std::string detail) {
  report.ok = false;
  report.first_bad_seq = seq;
  report.detail = std::move(detail);
}

}  // namespace

void sync_directory(const std::filesystem::path& dir) {
  const Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) throw file_error(dir, "cannot sync the directory");
}

std::shared_ptr<const SigningIdentity> load_signing_identity(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / kSigningKeyFile;
  const Descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0 && errno == ENOENT) return nullptr;
  if (fd.get() < 0) throw file_error(file, "cannot open");
  domain::OrNoteError<domain::NoteSigner> signer = domain::NoteSigner::parse(read_key_file(file, fd));
  if (const auto* error = std::get_if<domain::NoteError>(&signer)) {
    throw std::runtime_error(file.string() + " does not hold a signing key: " + error->detail);
  }
  return std::make_shared<const SigningIdentity>(std::move(std::get<domain::NoteSigner>(signer)));
}

void write_signing_key(const std::filesystem::path& dir, const domain::NoteSigner& signer) {
  const std::filesystem::path file = dir / kSigningKeyFile;
  const std::filesystem::path partial = dir / (std::string(kSigningKeyFile) + ".partial");
  {
    const Descriptor fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) throw file_error(partial, "cannot create");
    if (::fchmod(fd.get(), 0600) != 0) throw file_error(partial, "cannot chmod");
    write_all(partial, fd, signer.signer_key() + "\n");
    if (::fsync(fd.get()) != 0) throw file_error(partial, "cannot sync");
  }
  // link() never replaces: a key made meanwhile by another process wins and this one is dropped.
  const int linked = ::link(partial.c_str(), file.c_str());
  const int link_errno = errno;
  ::unlink(partial.c_str());
  if (linked != 0 && link_errno == EEXIST) throw std::runtime_error(dir.string() + " already has a signing key");
  errno = link_errno;
  if (linked != 0) throw file_error(file, "cannot create");
  sync_directory(dir);
}

std::string issue_checkpoint(storage::WriteTxn& txn, const SigningIdentity& identity, std::uint64_t tree_size) {
  if (const auto stored = storage::checkpoint_store::get(txn, tree_size)) return std::string(*stored);
  const domain::Checkpoint checkpoint{identity.origin, tree_size, merkle_root(txn, tree_size)};
  std::string note = domain::sign_checkpoint(identity.signer, checkpoint);
  storage::require_ok(storage::checkpoint_store::put(txn, tree_size, note), "checkpoint put");
  return note;
}

void attach_checkpoints(const storage::ReadTxn& txn, const std::optional<GroupCheckpoint>& group,
                        std::vector<SubmitResult>& results) {
  GroupSubtrees subtrees(txn, group ? group->first_seq : 0, group ? group->tree_size : 0);
  SubtreeHashes hashes([&subtrees](std::uint8_t level, std::uint64_t index) { return subtrees(level, index); });
  for (SubmitResult& result : results) {
    if (!result.ok()) continue;
    for (Receipt& receipt : result.receipts) {
      if (group && receipt.seq >= group->first_seq && receipt.seq < group->tree_size) {
        receipt.checkpoint = group->note;
        receipt.checkpoint_tree_size = group->tree_size;
      } else if (const auto stored = storage::checkpoint_store::first_at_or_above(txn, receipt.seq + 1)) {
        receipt.checkpoint = std::string(stored->note);
        receipt.checkpoint_tree_size = stored->tree_size;
      } else {
        continue;  // issued before the directory had a signing key, and none since
      }
      receipt.inclusion_proof = inclusion_proof(hashes, receipt.seq, receipt.checkpoint_tree_size);
    }
  }
}

void sign_commit_group(storage::WriteTxn& txn, const SigningIdentity* identity, std::uint64_t first_seq,
                       std::uint64_t tree_size, bool receipt_proofs, std::vector<SubmitResult>& results) {
  if (identity == nullptr) return;
  std::optional<GroupCheckpoint> issued;
  if (first_seq < tree_size) issued = GroupCheckpoint{first_seq, tree_size, issue_checkpoint(txn, *identity, tree_size)};
  if (receipt_proofs) attach_checkpoints(txn, issued, results);
}

void verify_checkpoints(const storage::ReadTxn& txn, const domain::NoteVerifierKey* key, std::string_view origin,
                        std::uint64_t log_size, VerifyReport& report) {
  std::uint64_t verified_size = 0;  // every seq below it is covered by a checkpoint that verified
  storage::Cursor cursor = txn.cursor(storage::Db::checkpoints);
  for (bool more = cursor.first(); more; more = cursor.next()) {
    const std::string at = cursor.key().size() == 8 ? std::to_string(storage::decode_u64(cursor.key())) : "?";
    if (key == nullptr) {
      return fail(report, 0, "the directory holds signed checkpoints but no signing key to verify them with");
    }
    if (cursor.key().size() != 8) return fail(report, verified_size, "a checkpoint is stored under a malformed key");
    const std::uint64_t tree_size = storage::decode_u64(cursor.key());
    const domain::OrNoteError<domain::Checkpoint> opened = domain::open_checkpoint(cursor.value(), *key, origin);
    if (const auto* error = std::get_if<domain::NoteError>(&opened)) {
      return fail(report, verified_size, "the checkpoint stored at tree size " + at + " does not verify: " + error->detail);
    }
    const domain::Checkpoint& checkpoint = std::get<domain::Checkpoint>(opened);
    if (checkpoint.tree_size != tree_size) {
      return fail(report, verified_size, "the checkpoint stored at tree size " + at + " names tree size " +
                                             std::to_string(checkpoint.tree_size));
    }
    if (tree_size > log_size) {
      return fail(report, log_size, "a checkpoint was signed at tree size " + at + " but the log holds " +
                                        std::to_string(log_size) + " events: the log was truncated");
    }
    if (merkle_root(txn, tree_size) != checkpoint.root) {
      return fail(report, verified_size,
                  "the log's root at tree size " + at + " differs from its signed checkpoint: seqs " +
                      std::to_string(verified_size) + ".." + std::to_string(std::max(tree_size, std::uint64_t{1}) - 1) +
                      " were rewritten");
    }
    verified_size = tree_size;
    ++report.checkpoints;
  }
}

}  // namespace jifen::replay
