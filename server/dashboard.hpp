// GET /: the dashboard, one self-contained HTML page (inline CSS and JavaScript, no external assets) that
// reads the public endpoints: the leaderboard, zone and chain rankings of a selectable year, the latest
// checkpoint and the verifier key. Its source is server/assets/dashboard.html, compiled into the binary.
//
// Pure; safe from any thread.
#pragma once

#include <string_view>

#include "server/http.hpp"

namespace jifen::server {

// The page's bytes (generated at build time from server/assets/dashboard.html).
std::string_view dashboard_html();

// 200 text/html with a Content-Security-Policy that allows nothing from other origins.
Response dashboard_response();

}  // namespace jifen::server
