// End-to-end support: a fresh data directory initialised by the real jifenctl, a real jifend on a free
// loopback port, and a tiny synchronous HTTP client. Used by every test in tests/e2e/.
//
// Thread contract: one test thread. The shared environment is created on first use and torn down at exit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace jifen::e2e {

// ---- processes ---------------------------------------------------------------------------------------

struct ProcessResult {
  int exit_code = -1;
  std::string out;  // stdout
};
// Runs a program to completion, capturing stdout (stderr is inherited).
ProcessResult run_process(const std::vector<std::string>& argv);

std::filesystem::path bin_path(std::string_view program);  // JIFEN_BIN_DIR/program

// A running jifend. start() waits for its "listening" line; stop() sends SIGTERM and waits.
class Jifend {
 public:
  explicit Jifend(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}
  ~Jifend();
  Jifend(const Jifend&) = delete;
  Jifend& operator=(const Jifend&) = delete;

  void start();      // throws std::runtime_error when jifend does not announce itself within 20 s
  int stop();        // SIGTERM, waitpid: the exit code (-1 if killed by a signal)
  void kill_now();   // SIGKILL, waitpid: a crash of the process (not of the machine: the page cache stays)
  std::vector<std::string> extra_arguments;  // added to jifend's command line by the next start()
  std::uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }

 private:
  std::filesystem::path data_dir_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
};

// ---- HTTP ---------------------------------------------------------------------------------------------

struct HttpResponse {
  unsigned status = 0;
  unsigned version = 11;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& lowercase_name) const;
};

struct Header {
  std::string name;
  std::string value;
};

// One request on a new connection (Connection: close).
HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target,
                          std::string body = {}, const std::vector<Header>& headers = {});
// Writes `bytes` as they are (errors ignored: the server may close early), then reads `responses` answers.
std::vector<HttpResponse> raw_exchange(std::uint16_t port, std::string_view bytes, std::size_t responses = 1);

// ---- JSON (simdjson) ----------------------------------------------------------------------------------

std::optional<std::uint64_t> json_unsigned(std::string_view json, std::string_view pointer);  // RFC 6901
std::optional<std::string> json_string(std::string_view json, std::string_view pointer);
std::size_t json_array_size(std::string_view json, std::string_view pointer);

// ---- the environment ----------------------------------------------------------------------------------

inline constexpr std::string_view kEnterpriseA = "91320621MA1MRHG205";
inline constexpr std::string_view kEnterpriseB = "91350100M000100Y43";
inline constexpr std::string_view kUnregistered = "91110000600037341L";
inline constexpr std::string_view kZone = "nantong_national";
inline constexpr std::string_view kChain = "integrated_circuits";

// A fresh data directory with keys, and a jifend serving it.
class Environment {
 public:
  Environment();  // jifenctl init, keys, jifend start
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  std::uint16_t port() const { return jifend_.port(); }
  Jifend& jifend() { return jifend_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::string create_key(std::string_view role, std::string_view enterprise = {});  // the secret

  std::string bureau_key;
  std::string auditor_key;
  std::string enterprise_a_key;
  std::string enterprise_b_key;

  // Requests with a key (empty: none) and a body of the given Content-Type.
  HttpResponse post(std::string_view target, const std::string& key, std::string body,
                    std::string_view content_type = "application/json", const std::vector<Header>& extra = {});
  HttpResponse get(std::string_view target, const std::string& key = {});
  std::uint64_t tree_size();  // from GET /v1/events with the auditor key

 private:
  std::filesystem::path root_;
  std::filesystem::path data_dir_;
  Jifend jifend_;
};

// The environment shared by the tests that do not need their own: enterprises A and B registered.
Environment& shared_environment();

// "\"<version>\"": an entity tag as jifend sends it.
std::string quoted(std::uint64_t version);

// ---- events -------------------------------------------------------------------------------------------

std::string registration_event(std::string_view event_id, std::string_view uscc, std::string_view name);
std::string annual_report_event(std::string_view event_id, std::string_view uscc, int fiscal_year,
                                std::uint64_t revenue_fen);
std::string rd_expense_event(std::string_view event_id, std::string_view uscc, std::string_view amount_json);

}  // namespace jifen::e2e
