// The Beast/Asio half of the server: listener, sessions, the hop to the writer thread and back, shutdown.
// Everything protocol-level (routes, checks, bodies) is in handlers.cpp and its neighbours.
#include "server/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <cassert>
#include <chrono>
#include <csignal>
#include <exception>
#include <iostream>
#include <list>
#include <memory>
#include <thread>

#include "server/commit_signal.hpp"
#include "server/event_stream.hpp"
#include "server/handlers.hpp"
#include "server/problem.hpp"
#include "server/request_fields.hpp"
#include "server/route.hpp"

namespace jifen::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kRefusalWriteMs = 1000;
constexpr std::uint32_t kAcceptRetryMs = 50;

// ---- the hop to the writer thread and back ------------------------------------------------------------

// Submits to the ledger; completes on the executor of the awaiting handler. `pending` counts submissions
// whose callback has not yet run, so that the I/O loop is not torn down under the writer.
template <typename CompletionToken>
auto async_submit(replay::Ledger& ledger, replay::Submission submission, std::atomic<std::size_t>& pending,
                  CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void(replay::SubmitResult)>(
      [&ledger, &pending](auto handler, replay::Submission moved_submission) {
        using Handler = decltype(handler);
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        struct Waiting {
          Handler handler;
          decltype(work) guard;
        };
        // SubmitCallback is a copyable std::function; the handler is move-only.
        auto waiting = std::make_shared<Waiting>(Waiting{std::move(handler), std::move(work)});
        pending.fetch_add(1, std::memory_order_relaxed);
        try {
          ledger.submit(std::move(moved_submission), [waiting, &pending](replay::SubmitResult result) {
            // Runs on the writer thread: touch nothing of the session here, only post back.
            auto executor = waiting->guard.get_executor();
            asio::post(executor, [waiting, result = std::move(result)]() mutable {
              Handler resumed = std::move(waiting->handler);
              waiting->guard.reset();
              std::move(resumed)(std::move(result));
            });
            pending.fetch_sub(1, std::memory_order_release);
          });
        } catch (...) {
          pending.fetch_sub(1, std::memory_order_release);
          throw;
        }
      },
      token, std::move(submission));
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(left[i]) != lower(right[i])) return false;
  }
  return true;
}

void log_error(std::string_view what, std::string_view detail) {
  std::cerr << "jifend: " << what << ": " << detail << '\n';
}

// The completion of a spawned coroutine: logs what escaped it.
auto log_exception(std::string_view what) {
  return [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      log_error(what, error.what());
    }
  };
}

// 503 for a limit of the server reached: "too many <what> (<limit> = <value>)", naming the limit.
Problem limit_reached(std::string_view what, std::string_view limit, std::size_t value) {
  Problem problem{ProblemType::unavailable,
                  "too many " + std::string(what) + " (" + std::string(limit) + " = " + std::to_string(value) + ")"};
  problem.limit = limit;
  problem.limit_value = value;
  return problem;
}

// What a session does after one request.
enum class After : std::uint8_t { keep_open, close, close_lingering };

class HttpServer {
 public:
  HttpServer(asio::io_context& io, asio::thread_pool& pool, replay::Ledger& ledger, const ServerOptions& options)
      : io_(io),
        pool_(pool),
        ledger_(ledger),
        options_(options),
        context_{ledger_, decoder_, options_, metrics_, true},
        acceptor_(io),
        signals_(io, SIGINT, SIGTERM),
        grace_timer_(io),
        accept_retry_timer_(io),
        commit_signal_(io) {}
  // Stops the ledger's calls into commit_signal_ before it goes away.
  ~HttpServer() { ledger_.set_commit_listener(nullptr); }
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  tcp::endpoint listen(const tcp::endpoint& endpoint) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    return acceptor_.local_endpoint();
  }

  void start() {
    ledger_.set_commit_listener([this](std::uint64_t) { commit_signal_.commit_landed(); });
    asio::co_spawn(io_, accept_loop(), log_exception("listener"));
    asio::co_spawn(io_, wait_for_signal(), log_exception("signals"));
  }

  // REQUIRES: the I/O loop has returned. Blocks until the writer has called back every submission.
  void wait_for_writer() const {
    while (pending_submits_.load(std::memory_order_acquire) != 0) std::this_thread::sleep_for(milliseconds{1});
  }

 private:
  struct SessionEntry {
    beast::tcp_stream* stream = nullptr;
    bool idle = false;       // waiting for the next request's header: may be closed at shutdown
    bool streaming = false;  // sending an event stream: ended at shutdown
  };

  // Registers a session for connection counting and shutdown; unregisters on every exit path.
  class SessionRegistration {
   public:
    SessionRegistration(HttpServer& server, beast::tcp_stream& stream)
        : server_(server), entry_(server.sessions_.insert(server.sessions_.end(), SessionEntry{&stream, false, false})) {
      server_.metrics_.connection_opened();
    }
    ~SessionRegistration() {
      server_.sessions_.erase(entry_);
      server_.metrics_.connection_closed();
      server_.session_ended();
    }
    SessionRegistration(const SessionRegistration&) = delete;
    SessionRegistration& operator=(const SessionRegistration&) = delete;
    SessionEntry& entry() { return *entry_; }

   private:
    HttpServer& server_;
    std::list<SessionEntry>::iterator entry_;
  };

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> wait_for_signal();
  asio::awaitable<void> refuse_connection(tcp::socket socket);
  asio::awaitable<void> run_session(tcp::socket socket);
  asio::awaitable<After> serve_request(beast::tcp_stream& stream, beast::flat_buffer& buffer, SessionEntry& entry);
  asio::awaitable<After> read_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                   http::request_parser<http::string_body>& parser);
  asio::awaitable<After> answer_and_write(beast::tcp_stream& stream, const Request& request, SessionEntry& entry);
  Dispatch dispatch_or_error(const Request& request);
  asio::awaitable<Response> answer(Dispatch dispatch);
  asio::awaitable<Response> answer_on_pool(const Request& request);
  asio::awaitable<After> stream_events(beast::tcp_stream& stream, const Request& request, std::uint64_t from_seq,
                                       SessionEntry& entry);
  asio::awaitable<bool> wait_for_news(CommitSignal::Waiter& waiter, std::chrono::steady_clock::time_point heartbeat_at);
  asio::awaitable<After> refuse_request(beast::tcp_stream& stream, Problem problem);
  asio::awaitable<After> answer_read_error(beast::tcp_stream& stream, const error_code& error);
  asio::awaitable<bool> write_response(beast::tcp_stream& stream, Response& response, std::uint32_t deadline_ms);
  asio::awaitable<void> close_lingering(beast::tcp_stream& stream);
  std::size_t body_limit_for(const Request& header) const;
  Problem body_too_large(const Request& header) const;
  void begin_shutdown();
  void session_ended();

  asio::io_context& io_;
  asio::thread_pool& pool_;  // derived reads
  std::atomic<std::size_t> derived_reads_queued_{0};  // on the pool or waiting for it
  replay::Ledger& ledger_;
  const ServerOptions options_;
  Metrics metrics_;
  domain::EventDecoder decoder_;  // the I/O thread's own
  HandlerContext context_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
  asio::steady_timer accept_retry_timer_;
  std::list<SessionEntry> sessions_;
  CommitSignal commit_signal_;  // wakes the event streams
  std::atomic<std::size_t> pending_submits_{0};
  bool stopping_ = false;
};

asio::awaitable<void> HttpServer::accept_loop() {
  while (!stopping_) {
    auto [error, socket] = co_await acceptor_.async_accept(kNoThrow);
    if (stopping_ || error == asio::error::operation_aborted) break;
    if (error) {  // out of descriptors, most likely: wait rather than spin
      log_error("accept", error.message());
      accept_retry_timer_.expires_after(milliseconds{kAcceptRetryMs});
      co_await accept_retry_timer_.async_wait(kNoThrow);
      continue;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (sessions_.size() >= options_.connections_max) {
      metrics_.connection_rejected();
      asio::co_spawn(io_, refuse_connection(std::move(socket)), log_exception("refusal"));
      continue;
    }
    asio::co_spawn(io_, run_session(std::move(socket)), log_exception("session"));
  }
}

asio::awaitable<void> HttpServer::wait_for_signal() {
  auto [error, signal_number] = co_await signals_.async_wait(kNoThrow);
  if (error) co_return;
  std::cerr << "jifend: signal " << signal_number << ", shutting down\n";
  begin_shutdown();
}

asio::awaitable<void> HttpServer::refuse_connection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Response response = problem_response(limit_reached("open connections", "connections_max", options_.connections_max));
  response.set(http::field::retry_after, "1");
  response.keep_alive(false);
  response.prepare_payload();
  co_await write_response(stream, response, kRefusalWriteMs);
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> HttpServer::run_session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  SessionRegistration registration(*this, stream);
  beast::flat_buffer buffer(options_.session_buffer_bytes_max);
  After after = After::keep_open;
  while (after == After::keep_open && !stopping_) {
    after = co_await serve_request(stream, buffer, registration.entry());
  }
  if (after == After::close_lingering) co_await close_lingering(stream);
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

asio::awaitable<After> HttpServer::serve_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                 SessionEntry& entry) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options_.request_header_bytes_max));
  parser.body_limit(boost::none);  // chosen by route once the header is in (body_limit_for)
  entry.idle = true;
  const bool between_requests = buffer.size() == 0;
  stream.expires_after(milliseconds{between_requests ? options_.keep_alive_idle_ms : options_.request_read_ms});
  auto [error, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
  entry.idle = false;
  if (error) co_return co_await answer_read_error(stream, error);
  stream.expires_after(milliseconds{options_.request_read_ms});
  const std::size_t limit = body_limit_for(parser.get());
  const auto declared = parser.content_length();
  if (declared && *declared > limit) co_return co_await refuse_request(stream, body_too_large(parser.get()));
  parser.body_limit(limit);
  if (!parser.is_done()) {
    const After after = co_await read_body(stream, buffer, parser);
    if (after != After::keep_open) co_return after;
  }
  const Request request = parser.release();
  co_return co_await answer_and_write(stream, request, entry);
}

asio::awaitable<After> HttpServer::read_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                             http::request_parser<http::string_body>& parser) {
  const Request& header = parser.get();
  const auto expect = header.find(http::field::expect);
  if (expect != header.end() && header.version() >= 11 && equals_ignoring_case(expect->value(), "100-continue")) {
    http::response<http::empty_body> go_on{http::status::continue_, header.version()};
    stream.expires_after(milliseconds{options_.response_write_ms});
    auto [write_error, written] = co_await http::async_write(stream, go_on, kNoThrow);
    if (write_error) co_return After::close;
    stream.expires_after(milliseconds{options_.request_read_ms});
  }
  auto [error, body_bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
  if (error == http::error::body_limit) co_return co_await refuse_request(stream, body_too_large(parser.get()));
  if (error) co_return co_await answer_read_error(stream, error);
  co_return After::keep_open;
}

asio::awaitable<After> HttpServer::answer_and_write(beast::tcp_stream& stream, const Request& request,
                                                    SessionEntry& entry) {
  // A derived read is answered here when its answer is cached, else on the pool (building a board may take long).
  Response response;
  Dispatch dispatch = dispatch_or_error(request);
  if (const auto* open = std::get_if<PreparedStream>(&dispatch)) {
    co_return co_await stream_events(stream, request, open->from_seq, entry);
  }
  if (std::holds_alternative<DeferredRead>(dispatch)) {
    response = co_await answer_on_pool(request);
  } else {
    response = co_await answer(std::move(dispatch));
  }
  finish_response(request, response);
  if (stopping_) response.keep_alive(false);
  const bool keep_alive = response.keep_alive();
  if (!co_await write_response(stream, response, options_.response_write_ms)) co_return After::close;
  co_return keep_alive ? After::keep_open : After::close_lingering;
}

// Runs a derived read whose answer is not cached on the pool (which may build its boards and renders it) and
// resumes on the I/O thread with its answer; 503 beyond the queue limit.
asio::awaitable<Response> HttpServer::answer_on_pool(const Request& request) {
  if (derived_reads_queued_.fetch_add(1) >= options_.derived_reads_queued_max) {
    derived_reads_queued_.fetch_sub(1);
    Response response = problem_response(
        limit_reached("derived reads in progress", "derived_reads_queued_max", options_.derived_reads_queued_max));
    response.set(http::field::retry_after, "1");
    co_return response;
  }
  struct Release {
    std::atomic<std::size_t>& queued;
    ~Release() { queued.fetch_sub(1); }
  } release{derived_reads_queued_};
  co_return co_await asio::co_spawn(
      pool_,
      [this, &request]() -> asio::awaitable<Response> {
        thread_local domain::EventDecoder decoder;  // derived reads decode nothing; the context wants one
        HandlerContext context{ledger_, decoder, options_, metrics_};
        try {
          co_return std::get<Response>(dispatch_request(request, context));
        } catch (const std::exception& error) {
          log_error("request failed", error.what());
        }
        co_return internal_error_response();
      },
      asio::use_awaitable);
}

Dispatch HttpServer::dispatch_or_error(const Request& request) {
  try {
    return dispatch_request(request, context_);
  } catch (const std::exception& error) {
    log_error("request failed", error.what());
  }
  return internal_error_response();
}

asio::awaitable<Response> HttpServer::answer(Dispatch dispatch) {
  try {
    if (auto* response = std::get_if<Response>(&dispatch)) co_return std::move(*response);
    PreparedWrite& write = std::get<PreparedWrite>(dispatch);
    const replay::SubmitResult result =
        co_await async_submit(ledger_, std::move(write.submission), pending_submits_, asio::use_awaitable);
    co_return render_write_result(write, result);
  } catch (const std::exception& error) {
    log_error("request failed", error.what());
  }
  co_return internal_error_response();
}

// The event stream: the header, then chunks of records from `from_seq` on as the log holds them; when there is
// nothing to send, a wait for this process's next commit (or stream_poll_ms, for other processes' appends),
// with a keepalive comment every stream_heartbeat_ms. A client that does not take a chunk within
// stream_write_ms is dropped. Ends at shutdown, or when the client goes.
asio::awaitable<After> HttpServer::stream_events(beast::tcp_stream& stream, const Request& request,
                                                 std::uint64_t from_seq, SessionEntry& entry) {
  if (commit_signal_.streams() >= options_.streams_max) {
    Response response = problem_response(limit_reached("open event streams", "streams_max", options_.streams_max));
    response.set(http::field::retry_after, "5");
    finish_response(request, response);
    response.keep_alive(false);
    co_await write_response(stream, response, options_.response_write_ms);
    co_return After::close;
  }
  CommitSignal::Waiter waiter(commit_signal_);
  entry.streaming = true;
  http::response<http::empty_body> header = event_stream_header(request);
  metrics_.response_sent(header.result_int());
  http::response_serializer<http::empty_body> serializer(header);
  stream.expires_after(milliseconds{options_.stream_write_ms});
  auto [header_error, header_bytes] = co_await http::async_write_header(stream, serializer, kNoThrow);
  if (header_error || request.method() == http::verb::head) co_return After::close;
  const auto heartbeat = milliseconds{options_.stream_heartbeat_ms};
  std::uint64_t next_seq = from_seq;
  auto heartbeat_at = std::chrono::steady_clock::now() + heartbeat;
  while (!commit_signal_.stopped()) {
    std::string chunk = render_stream_chunk(ledger_, next_seq, options_);
    if (chunk.empty()) {
      if (co_await wait_for_news(waiter, heartbeat_at)) continue;
      chunk = kStreamKeepalive;
    }
    stream.expires_after(milliseconds{options_.stream_write_ms});
    auto [error, written] = co_await asio::async_write(stream, asio::buffer(chunk), kNoThrow);
    if (error) co_return After::close;  // gone, or too slow to take one chunk: dropped
    heartbeat_at = std::chrono::steady_clock::now() + heartbeat;
  }
  co_return After::close;
}

// Waits for a commit, shutdown, or the poll interval: true. False when the heartbeat is due instead.
asio::awaitable<bool> HttpServer::wait_for_news(CommitSignal::Waiter& waiter,
                                                std::chrono::steady_clock::time_point heartbeat_at) {
  const auto now = std::chrono::steady_clock::now();
  if (now >= heartbeat_at) co_return false;
  waiter.timer().expires_at(std::min(heartbeat_at, now + milliseconds{options_.stream_poll_ms}));
  co_await waiter.timer().async_wait(kNoThrow);
  co_return true;
}

// Answers a request whose rest will not be read, then closes (draining input so the client sees the answer).
asio::awaitable<After> HttpServer::refuse_request(beast::tcp_stream& stream, Problem problem) {
  Response response = problem_response(problem);
  response.keep_alive(false);
  response.prepare_payload();
  co_await write_response(stream, response, options_.response_write_ms);
  co_return After::close_lingering;
}

asio::awaitable<After> HttpServer::answer_read_error(beast::tcp_stream& stream, const error_code& error) {
  if (error == http::error::header_limit) {
    Problem problem{ProblemType::header_too_large, "the request header is over request_header_bytes_max = " +
                                                       std::to_string(options_.request_header_bytes_max) + " bytes"};
    problem.limit = "request_header_bytes_max";
    problem.limit_value = options_.request_header_bytes_max;
    co_return co_await refuse_request(stream, std::move(problem));
  }
  const bool peer_gone_or_slow = error == http::error::end_of_stream || error == http::error::partial_message ||
                                 error == beast::error::timeout || error == asio::error::eof ||
                                 error == asio::error::operation_aborted ||
                                 error == asio::error::connection_reset || error == http::error::buffer_overflow;
  if (peer_gone_or_slow) co_return After::close;
  Problem problem{ProblemType::bad_request, "the request is not valid HTTP/1.1: " + error.message()};
  co_return co_await refuse_request(stream, std::move(problem));
}

asio::awaitable<bool> HttpServer::write_response(beast::tcp_stream& stream, Response& response,
                                                 std::uint32_t deadline_ms) {
  metrics_.response_sent(response.result_int());
  stream.expires_after(milliseconds{deadline_ms});
  // The head and the body in one gathered write: the same bytes as http::async_write, without its serializer.
  const std::string head = serialize_head(response);
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(response.body())};
  auto [error, written] = co_await asio::async_write(stream, buffers, kNoThrow);
  co_return !error;
}

asio::awaitable<void> HttpServer::close_lingering(beast::tcp_stream& stream) {
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(milliseconds{options_.lingering_close_ms});
  std::array<char, 4096> scratch{};
  for (;;) {
    auto [error, bytes] = co_await stream.async_read_some(asio::buffer(scratch), kNoThrow);
    if (error) break;
  }
}

std::size_t HttpServer::body_limit_for(const Request& header) const {
  const std::optional<Target> target = parse_target(header.target());
  const RouteId route = target ? match_route(target->path).id : RouteId::not_found;
  return request_body_bytes_max(route, header.method(), options_);
}

Problem HttpServer::body_too_large(const Request& header) const {
  const std::size_t limit = body_limit_for(header);
  Problem problem{ProblemType::payload_too_large, "the request body is over request_body_bytes_max = " +
                                                      std::to_string(limit) + " bytes for this resource"};
  problem.limit = "request_body_bytes_max";
  problem.limit_value = limit;
  return problem;
}

void HttpServer::begin_shutdown() {
  stopping_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  for (SessionEntry& entry : sessions_) {
    if (entry.idle || entry.streaming) entry.stream->cancel();
  }
  commit_signal_.stop();
  if (sessions_.empty()) return;
  grace_timer_.expires_after(milliseconds{options_.shutdown_grace_ms});
  grace_timer_.async_wait([this](const error_code& error) {
    if (error) return;  // every session ended in time
    log_error("shutdown", std::to_string(sessions_.size()) + " connections still busy; closing them");
    for (SessionEntry& entry : sessions_) entry.stream->close();
  });
}

void HttpServer::session_ended() {
  if (stopping_ && sessions_.empty()) grace_timer_.cancel();
}

std::string base_url_of(const tcp::endpoint& endpoint) {
  const asio::ip::address address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return "http://" + host + ":" + std::to_string(endpoint.port());
}

}  // namespace

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::optional<std::uint64_t> port = parse_decimal(text.substr(colon + 1));
  if (!port || *port > 65535) return std::nullopt;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // a bare IPv6 address needs brackets
  }
  error_code error;
  asio::ip::make_address(std::string(host), error);
  if (error) return std::nullopt;
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(*port)};
}

void serve(replay::Ledger& ledger, const ServerOptions& options, const ListenAddress& address,
           const OnListening& on_listening) {
  asio::io_context io{1};
  asio::thread_pool pool(options.derived_read_threads);  // destroyed (joined) before io
  HttpServer server(io, pool, ledger, options);
  const tcp::endpoint bound = server.listen(tcp::endpoint{asio::ip::make_address(address.host), address.port});
  server.start();
  if (on_listening) on_listening(base_url_of(bound));
  io.run();
  pool.join();
  server.wait_for_writer();
}

}  // namespace jifen::server
