#include "server/http.hpp"

#include <cassert>
#include <string>

namespace jifen::server {

Response make_response(http::status status, std::string_view content_type, std::string body) {
  Response response{status, 11};
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

std::string entity_tag(std::uint64_t version) {
  std::string tag;
  tag.reserve(24);
  tag += '"';
  tag += std::to_string(version);
  tag += '"';
  return tag;
}

std::string serialize_head(const Response& response) {
  std::string head;
  head.reserve(256);
  head += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.result_int());
  head += ' ';
  const auto reason = response.reason();
  head.append(reason.data(), reason.size());
  head += "\r\n";
  for (const auto& field : response) {
    const auto name = field.name_string();
    const auto value = field.value();
    head.append(name.data(), name.size());
    head += ": ";
    head.append(value.data(), value.size());
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

void finish_response(const Request& request, Response& response) {
  const bool keep_alive = request.keep_alive() && response.keep_alive();  // the response may ask to close
  response.version(request.version());
  response.keep_alive(keep_alive);
  const std::size_t body_bytes = response.body().size();
  response.content_length(body_bytes);
  if (request.method() == http::verb::head) {
    response.body().clear();  // the header keeps the GET's Content-Length (RFC 9110 9.3.2)
  }
  assert(response.has_content_length());
}

}  // namespace jifen::server
