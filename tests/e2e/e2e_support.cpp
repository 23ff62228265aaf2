#include "e2e_support.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <simdjson.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace jifen::e2e {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr int kStartTimeoutMs = 20000;
constexpr int kStopTimeoutMs = 20000;

// Spawns argv with stdout into a pipe; returns the pid and the pipe's read end.
std::pair<pid_t, int> spawn_with_stdout(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv.front().c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("cannot start " + argv.front());
  }
  return {pid, pipe_fds[0]};
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

std::optional<simdjson::dom::element> parse_at(simdjson::dom::parser& parser, std::string_view json,
                                               std::string_view pointer) {
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  simdjson::dom::element found;
  if (root.at_pointer(pointer).get(found) != simdjson::SUCCESS) return std::nullopt;
  return found;
}

HttpResponse to_result(http::response<http::string_body>&& response) {
  HttpResponse result;
  result.status = response.result_int();
  result.version = response.version();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& character : name) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    result.headers[name] = std::string(field.value());
  }
  result.body = std::move(response.body());
  return result;
}

HttpResponse read_response(tcp::socket& socket, beast::flat_buffer& buffer, bool head) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  http::read(socket, buffer, parser);
  return to_result(parser.release());
}

std::filesystem::path make_temp_root() {
  std::string pattern = (std::filesystem::temp_directory_path() / "jifen-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

tcp::socket connect(asio::io_context& io, std::uint16_t port) {
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  return socket;
}

}  // namespace

// ---- processes -----------------------------------------------------------------------------------------

std::filesystem::path bin_path(std::string_view program) { return std::filesystem::path(JIFEN_BIN_DIR) / program; }

ProcessResult run_process(const std::vector<std::string>& argv) {
  const auto [pid, fd] = spawn_with_stdout(argv);
  ProcessResult result;
  char chunk[4096];
  for (;;) {
    const ssize_t got = read(fd, chunk, sizeof chunk);
    if (got > 0) result.out.append(chunk, static_cast<std::size_t>(got));
    if (got == 0 || (got < 0 && errno != EINTR)) break;
  }
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = exit_code_of(status);
  return result;
}

Jifend::~Jifend() {
  if (running()) stop();
}

void Jifend::start() {
  std::vector<std::string> argv{bin_path("jifend").string(), "--data", data_dir_.string(), "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_arguments.begin(), extra_arguments.end());
  const auto [pid, fd] = spawn_with_stdout(argv);
  pid_ = pid;
  stdout_fd_ = fd;
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  while (line.find('\n') == std::string::npos) {
    pollfd poll_fd{stdout_fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[256];
    const ssize_t got = read(stdout_fd_, chunk, sizeof chunk);
    if (got <= 0) break;
    line.append(chunk, static_cast<std::size_t>(got));
  }
  const std::string prefix = "jifend listening on http://127.0.0.1:";
  if (line.rfind(prefix, 0) != 0 || line.find('\n') == std::string::npos) {
    stop();
    throw std::runtime_error("jifend did not announce itself; it printed: " + line);
  }
  port_ = static_cast<std::uint16_t>(std::stoul(line.substr(prefix.size())));
}

void Jifend::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

int Jifend::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStopTimeoutMs);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return exit_code_of(status);
}

// ---- HTTP ----------------------------------------------------------------------------------------------

std::string HttpResponse::header(const std::string& lowercase_name) const {
  const auto found = headers.find(lowercase_name);
  return found == headers.end() ? std::string{} : found->second;
}

HttpResponse http_request(std::uint16_t port, std::string_view method, std::string_view target, std::string body,
                          const std::vector<Header>& headers) {
  asio::io_context io;
  tcp::socket socket = connect(io, port);
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(false);
  for (const Header& header : headers) request.set(header.name, header.value);
  const bool has_body = !body.empty() || method == "POST";
  request.body() = std::move(body);
  if (has_body) request.prepare_payload();
  http::write(socket, request);
  beast::flat_buffer buffer;
  return read_response(socket, buffer, method == "HEAD");
}

std::vector<HttpResponse> raw_exchange(std::uint16_t port, std::string_view bytes, std::size_t responses) {
  asio::io_context io;
  tcp::socket socket = connect(io, port);
  boost::system::error_code ignored;
  asio::write(socket, asio::buffer(bytes.data(), bytes.size()), ignored);
  beast::flat_buffer buffer;
  std::vector<HttpResponse> results;
  for (std::size_t i = 0; i < responses; ++i) results.push_back(read_response(socket, buffer, false));
  return results;
}

// ---- JSON ----------------------------------------------------------------------------------------------

std::optional<std::uint64_t> json_unsigned(std::string_view json, std::string_view pointer) {
  simdjson::dom::parser parser;
  const auto found = parse_at(parser, json, pointer);
  std::uint64_t value = 0;
  if (!found || found->get_uint64().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::optional<std::string> json_string(std::string_view json, std::string_view pointer) {
  simdjson::dom::parser parser;
  const auto found = parse_at(parser, json, pointer);
  std::string_view value;
  if (!found || found->get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return std::string(value);
}

std::size_t json_array_size(std::string_view json, std::string_view pointer) {
  simdjson::dom::parser parser;
  const auto found = parse_at(parser, json, pointer);
  simdjson::dom::array array;
  if (!found || found->get_array().get(array) != simdjson::SUCCESS) return 0;
  return array.size();
}

// ---- the environment -----------------------------------------------------------------------------------

Environment::Environment() : root_(make_temp_root()), data_dir_(root_ / "data"), jifend_(data_dir_) {
  const ProcessResult init = run_process({bin_path("jifenctl").string(), "init", "--data", data_dir_.string()});
  if (init.exit_code != 0) throw std::runtime_error("jifenctl init failed: " + init.out);
  bureau_key = create_key("bureau");
  auditor_key = create_key("auditor");
  enterprise_a_key = create_key("enterprise", kEnterpriseA);
  enterprise_b_key = create_key("enterprise", kEnterpriseB);
  jifend_.start();
}

Environment::~Environment() {
  jifend_.stop();
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string Environment::create_key(std::string_view role, std::string_view enterprise) {
  std::vector<std::string> argv{bin_path("jifenctl").string(), "keys", "create", "--data", data_dir_.string(),
                                "--role", std::string(role)};
  if (!enterprise.empty()) {
    argv.emplace_back("--enterprise");
    argv.emplace_back(enterprise);
  }
  const ProcessResult created = run_process(argv);
  if (created.exit_code != 0) throw std::runtime_error("jifenctl keys create failed: " + created.out);
  std::string out = created.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.substr(out.rfind('\n') + 1);  // the secret: the last line, alone
}

HttpResponse Environment::post(std::string_view target, const std::string& key, std::string body,
                               std::string_view content_type, const std::vector<Header>& extra) {
  std::vector<Header> headers = extra;
  if (!key.empty()) headers.push_back({"Authorization", "Bearer " + key});
  if (!content_type.empty()) headers.push_back({"Content-Type", std::string(content_type)});
  return http_request(port(), "POST", target, std::move(body), headers);
}

HttpResponse Environment::get(std::string_view target, const std::string& key) {
  std::vector<Header> headers;
  if (!key.empty()) headers.push_back({"Authorization", "Bearer " + key});
  return http_request(port(), "GET", target, {}, headers);
}

std::uint64_t Environment::tree_size() {
  std::uint64_t from = 0;
  for (;;) {
    const HttpResponse page = get("/v1/events?limit=1000&from=" + std::to_string(from), auditor_key);
    if (page.status != 200) throw std::runtime_error("GET /v1/events answered " + std::to_string(page.status));
    const std::uint64_t next = json_unsigned(page.body, "/next").value();
    if (json_array_size(page.body, "/events") == 0) return next;
    from = next;
  }
}

Environment& shared_environment() {
  static Environment environment;
  static const bool registered = [] {
    for (const auto& [uscc, name] : {std::pair{kEnterpriseA, "Acme Semiconductors"}, std::pair{kEnterpriseB, "Beta Textiles"}}) {
      const HttpResponse response = environment.post(
          "/v1/events", environment.bureau_key, registration_event("reg-" + std::string(uscc), uscc, name));
      if (response.status != 201) throw std::runtime_error("registration failed: " + response.body);
    }
    return true;
  }();
  (void)registered;
  return environment;
}

std::string quoted(std::uint64_t version) {
  std::string tag(1, '"');
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

// ---- events --------------------------------------------------------------------------------------------

std::string registration_event(std::string_view event_id, std::string_view uscc, std::string_view name) {
  return "{\"event_id\":\"" + std::string(event_id) +
         "\",\"type\":\"enterprise.registered\",\"enterprise\":\"" + std::string(uscc) +
         "\",\"occurred_on\":\"2019-05-06\",\"data\":{\"name\":\"" + std::string(name) + "\",\"zone\":\"" +
         std::string(kZone) + "\",\"chains\":[\"" + std::string(kChain) + "\"],\"registered_on\":\"2019-05-06\"}}";
}

std::string annual_report_event(std::string_view event_id, std::string_view uscc, int fiscal_year,
                                std::uint64_t revenue_fen) {
  return "{\"event_id\":\"" + std::string(event_id) + "\",\"type\":\"annual_report.filed\",\"enterprise\":\"" +
         std::string(uscc) + "\",\"occurred_on\":\"" + std::to_string(fiscal_year + 1) +
         "-03-31\",\"data\":{\"fiscal_year\":" + std::to_string(fiscal_year) +
         ",\"revenue_fen\":" + std::to_string(revenue_fen) +
         ",\"high_tech_revenue_fen\":0,\"export_revenue_fen\":0,\"tax_paid_fen\":100,\"employees\":40,"
         "\"tech_staff\":12}}";
}

std::string rd_expense_event(std::string_view event_id, std::string_view uscc, std::string_view amount_json) {
  return "{\"event_id\":\"" + std::string(event_id) + "\",\"type\":\"rd_expense.filed\",\"enterprise\":\"" +
         std::string(uscc) +
         "\",\"occurred_on\":\"2021-12-31\",\"data\":{\"fiscal_year\":2021,\"project\":\"P-01\","
         "\"category\":\"personnel\",\"amount_fen\":" + std::string(amount_json) + "}}";
}

}  // namespace jifen::e2e
