// End-to-end: GET /v1/events/stream of a real jifend, read as a client reads Server-Sent Events: the replay
// from a seq, the resume after Last-Event-ID, the live events that land while it is open (from jifend's own
// writer and from jifenctl in another process), the refusals, and the end of the stream at SIGTERM.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "e2e_support.hpp"

using namespace jifen::e2e;

namespace {

// A safety net so that a broken server fails the test instead of hanging it; never a timing assertion.
constexpr int kReceiveTimeoutSeconds = 60;

struct StreamEvent {
  std::uint64_t id = 0;
  std::string data;
};

// One GET /v1/events/stream on its own connection, read incrementally.
class EventStreamClient {
 public:
  EventStreamClient(std::uint16_t port, const std::string& target, const std::vector<Header>& headers) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval timeout{kReceiveTimeoutSeconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("connect failed");
    }
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const Header& header : headers) request += header.name + ": " + header.value + "\r\n";
    request += "\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
      throw std::runtime_error("send failed");
    }
    while (received_.find("\r\n\r\n") == std::string::npos) {
      if (!receive()) throw std::runtime_error("the connection closed before the header: " + received_);
    }
    const std::size_t end = received_.find("\r\n\r\n");
    head_ = received_.substr(0, end + 2);
    received_.erase(0, end + 4);
  }
  ~EventStreamClient() { ::close(fd_); }
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

  const std::string& head() const { return head_; }
  bool head_has(const std::string& line) const { return head_.find(line + "\r\n") != std::string::npos; }

  // The next `count` events (comment lines are skipped). Fails the test if the stream ends first.
  std::vector<StreamEvent> next_events(std::size_t count) {
    std::vector<StreamEvent> events;
    while (events.size() < count) {
      const std::size_t end = received_.find("\n\n");
      if (end == std::string::npos) {
        BOOST_TEST_REQUIRE(receive(), "the stream ended after " << events.size() << " of " << count << " events");
        continue;
      }
      const std::string block = received_.substr(0, end + 1);
      received_.erase(0, end + 2);
      if (block.front() == ':') continue;  // a keepalive comment
      events.push_back(parse(block));
    }
    return events;
  }

  // True when the server closed the stream (after whatever it still sent).
  bool reaches_end() {
    while (receive()) {
    }
    return closed_;
  }

 private:
  bool receive() {
    char bytes[16384];
    const ssize_t got = ::recv(fd_, bytes, sizeof bytes, 0);
    if (got > 0) {
      received_.append(bytes, static_cast<std::size_t>(got));
      return true;
    }
    closed_ = got == 0;
    return false;
  }

  static StreamEvent parse(const std::string& block) {
    StreamEvent event;
    const std::size_t id_at = block.find("id: ");
    const std::size_t data_at = block.find("\ndata: ");
    BOOST_TEST_REQUIRE(id_at == 0U, block);
    BOOST_TEST_REQUIRE(data_at != std::string::npos, block);
    event.id = std::stoull(block.substr(4, data_at - 4));
    event.data = block.substr(data_at + 7, block.size() - data_at - 8);  // without the closing '\n'
    return event;
  }

  int fd_ = -1;
  std::string head_;
  std::string received_;
  bool closed_ = false;
};

std::vector<Header> auditor(Environment& env) { return {{"Authorization", "Bearer " + env.auditor_key}}; }

void expect_records(Environment& env, const std::vector<StreamEvent>& events, std::uint64_t first_seq) {
  for (std::size_t index = 0; index < events.size(); ++index) {
    BOOST_TEST_REQUIRE(events[index].id == first_seq + index);
    const HttpResponse record = env.get("/v1/events/" + std::to_string(events[index].id), env.auditor_key);
    BOOST_TEST_REQUIRE(record.status == 200u);
    BOOST_TEST(events[index].data == record.body);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_stream)

BOOST_AUTO_TEST_CASE(from_zero_replays_the_log_in_order_then_follows_live_commits) {
  Environment env;
  const std::uint64_t tree_size = env.tree_size();
  BOOST_TEST_REQUIRE(tree_size > 20U);
  EventStreamClient stream(env.port(), "/v1/events/stream?from=0", auditor(env));
  BOOST_TEST(stream.head().rfind("HTTP/1.1 200", 0) == 0U, stream.head());
  BOOST_TEST(stream.head_has("Content-Type: text/event-stream"), stream.head());
  BOOST_TEST(stream.head_has("Cache-Control: no-cache"), stream.head());
  expect_records(env, stream.next_events(tree_size), 0);

  const HttpResponse posted =
      env.post("/v1/events", env.bureau_key, registration_event("stream-live-1", kEnterpriseA, "Live Ltd"));
  BOOST_TEST_REQUIRE(posted.status == 201u, posted.body);
  expect_records(env, stream.next_events(1), tree_size);

  env.create_key("auditor");  // jifenctl, another process: seen at the stream's next look at the log
  expect_records(env, stream.next_events(1), tree_size + 1);
}

BOOST_AUTO_TEST_CASE(last_event_id_resumes_after_it_and_wins_over_from) {
  Environment env;
  const std::uint64_t tree_size = env.tree_size();
  std::vector<Header> headers = auditor(env);
  headers.push_back({"Last-Event-ID", "4"});
  EventStreamClient stream(env.port(), "/v1/events/stream?from=0", headers);
  expect_records(env, stream.next_events(tree_size - 5), 5);

  EventStreamClient later(env.port(), "/v1/events/stream?from=" + std::to_string(tree_size - 2), auditor(env));
  expect_records(env, later.next_events(2), tree_size - 2);
}

BOOST_AUTO_TEST_CASE(only_auditors_stream_and_bad_starts_are_400_problems) {
  Environment& env = shared_environment();
  BOOST_TEST(env.get("/v1/events/stream").status == 401u);
  BOOST_TEST(env.get("/v1/events/stream", env.bureau_key).status == 403u);
  const HttpResponse enterprise = env.get("/v1/events/stream?from=0", env.enterprise_a_key);
  BOOST_TEST(enterprise.status == 403u);
  BOOST_TEST(enterprise.header("content-type") == "application/problem+json");
  for (const std::string target : {"/v1/events/stream?from=abc", "/v1/events/stream?from=-1",
                                   "/v1/events/stream?from=1&from=2", "/v1/events/stream?limit=3"}) {
    const HttpResponse bad = env.get(target, env.auditor_key);
    BOOST_TEST(bad.status == 400u, target);
    BOOST_TEST(bad.header("content-type") == "application/problem+json", target);
  }
  const HttpResponse bad_resume = http_request(env.port(), "GET", "/v1/events/stream", {},
                                               {{"Authorization", "Bearer " + env.auditor_key},
                                                {"Last-Event-ID", "x1"}});
  BOOST_TEST(bad_resume.status == 400u);
  BOOST_TEST(json_string(bad_resume.body, "/parameter").value_or("") == "Last-Event-ID", bad_resume.body);
  BOOST_TEST(http_request(env.port(), "POST", "/v1/events/stream").status == 405u);
}

BOOST_AUTO_TEST_CASE(sigterm_ends_an_open_stream_and_jifend_exits_cleanly) {
  Environment env;
  EventStreamClient stream(env.port(), "/v1/events/stream?from=0", auditor(env));
  stream.next_events(1);
  BOOST_TEST(env.jifend().stop() == 0);
  BOOST_TEST(stream.reaches_end());
}

BOOST_AUTO_TEST_SUITE_END()
