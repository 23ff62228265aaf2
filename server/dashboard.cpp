#include "server/dashboard.hpp"

#include <string>

namespace jifen::server {

Response dashboard_response() {
  Response response = make_response(http::status::ok, "text/html; charset=utf-8", std::string(dashboard_html()));
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
  response.set(http::field::cache_control, "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace jifen::server
