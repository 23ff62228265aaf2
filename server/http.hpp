// The HTTP message types of the server and the helpers that build answers from them.
//
// Values only: nothing here touches a socket. Safe from any thread (each message belongs to one thread).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace jifen::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kProblemType = "application/problem+json";
inline constexpr std::string_view kNdjsonType = "application/x-ndjson";
inline constexpr std::string_view kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

// A complete answer: status, Content-Type, body, Content-Length. Version and keep-alive are set by
// finish_response from the request it answers.
Response make_response(http::status status, std::string_view content_type, std::string body);
inline Response json_response(http::status status, std::string body) {
  return make_response(status, kJsonType, std::move(body));
}

// The entity tag of a stream version: "\"<version>\"" (If-Match compares against it).
std::string entity_tag(std::uint64_t version);

// The status line and header fields of `response` as they go on the wire, through the empty line that ends
// them: the bytes Beast's serializer writes before the body. jifend writes them and the body in one call
// (docs/PERFORMANCE.md: Beast's serializer was a fifth of the I/O thread's time for a small answer).
std::string serialize_head(const Response& response);

// Copies the request's HTTP version and keep-alive wish into `response`; a HEAD gets the header of the GET
// (its Content-Length) and no body.
void finish_response(const Request& request, Response& response);

}  // namespace jifen::server
