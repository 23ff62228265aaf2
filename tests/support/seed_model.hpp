// The scoring model `jifenctl init` publishes (seeds/models/innovation-2021.json), for tests that publish,
// parse or score with it: its text, and the scoring_model.published data it decodes to.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include <boost/test/unit_test.hpp>

#include "domain/codec.hpp"

namespace jifen::test {

inline std::string seed_model_text() {
  std::ifstream in(std::string(JIFEN_SOURCE_DIR) + "/seeds/models/innovation-2021.json");
  BOOST_TEST_REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The file decoded as the data of a scoring_model.published event, as jifenctl does.
inline domain::ScoringModelPublished seed_model_published() {
  domain::EventDecoder decoder;
  domain::DecodeResult decoded = decoder.decode(
      R"({"event_id":"m","type":"scoring_model.published","occurred_on":"2021-01-01","data":)" + seed_model_text() + "}");
  BOOST_TEST_REQUIRE(std::holds_alternative<domain::Event>(decoded));
  return std::get<domain::ScoringModelPublished>(std::get<domain::Event>(decoded).data);
}

}  // namespace jifen::test
