// The event codec: the envelope, and the glue between the parser, the field readers and the canonical
// writer. See codec.hpp.
#include "domain/codec.hpp"

#include <cassert>
#include <new>

#include <simdjson.h>

#include "domain/canonical_json.hpp"
#include "domain/event_data_decoder.hpp"
#include "domain/field_errors.hpp"
#include "domain/field_reader.hpp"

namespace jifen::domain {
namespace {

constexpr FieldSpec kEnvelopeFields[] = {
    {"event_id"}, {"type"}, {"enterprise", false}, {"occurred_on"}, {"data"}};

DecodeError malformed(std::string detail) { return DecodeError{DecodeErrorKind::malformed, std::move(detail), {}}; }

DecodeError invalid(FieldErrors& errors, std::string_view what) {
  assert(!errors.empty());
  std::vector<FieldError> list = errors.take();
  std::string detail = std::string(what) + " is not valid: " + std::to_string(list.size()) +
                       (list.size() == 1 ? " field is wrong" : " fields are wrong");
  return DecodeError{DecodeErrorKind::invalid, std::move(detail), std::move(list)};
}

// `enterprise` names a valid USCC for the types that have one and is absent for the others.
std::optional<std::string> read_enterprise(FieldReader& envelope, std::optional<EventType> type) {
  if (!type) return envelope.present("enterprise") ? envelope.uscc("enterprise") : std::nullopt;
  if (type_has_enterprise(*type)) {
    if (!envelope.present("enterprise")) {
      envelope.fail("enterprise", "is required for " + std::string(to_string(*type)));
      return std::nullopt;
    }
    return envelope.uscc("enterprise");
  }
  if (envelope.present("enterprise")) envelope.fail("enterprise", "must be absent for " + std::string(to_string(*type)));
  return std::nullopt;
}

}  // namespace

struct EventDecoder::Impl {
  Impl();

  simdjson::dom::parser parser{kEventBytesMax};
  CanonicalWriter writer;
  FieldErrors errors;

  // Parses `json` into the parser's document; the error, if any, says why it is not a JSON object.
  std::variant<simdjson::dom::element, DecodeError> parse_object(std::string_view json, std::string_view what);
  // The typed data of `type` and, unless `data_jcs` is null, its canonical JSON (into `*data_jcs`), errors
  // into `errors`. REQUIRES: `object` is a JSON object.
  EventData data(EventType type, simdjson::dom::element object, std::string* data_jcs);
};

// The parser's buffers for the largest event and the deepest nesting, sized once, up front.
EventDecoder::Impl::Impl() {
  if (parser.allocate(kEventBytesMax, kJsonDepthMax) != simdjson::SUCCESS) throw std::bad_alloc();
}

std::variant<simdjson::dom::element, DecodeError> EventDecoder::Impl::parse_object(std::string_view json,
                                                                                    std::string_view what) {
  if (json.size() > kEventBytesMax) {
    return malformed(std::string(what) + " is " + std::to_string(json.size()) + " bytes; at most " +
                     std::to_string(kEventBytesMax) + " are allowed");
  }
  simdjson::dom::element root;
  if (const auto error = parser.parse(json.data(), json.size()).get(root)) {
    return malformed(std::string(what) + " is not valid JSON: " + simdjson::error_message(error));
  }
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    return malformed(std::string(what) + " must be a JSON object");
  }
  return root;
}

EventData EventDecoder::Impl::data(EventType type, simdjson::dom::element object, std::string* data_jcs) {
  assert(object.type() == simdjson::dom::element_type::OBJECT);
  EventData decoded = decode_event_data(type, object.get_object().value_unsafe(), errors, writer);
  if (data_jcs == nullptr) return decoded;
  // The generic pass also catches what the typed one cannot see (a fraction inside an unknown field, ...);
  // an error it finds at a path already reported is dropped by FieldErrors.
  data_jcs->reserve(256);
  writer.write(*data_jcs, object, "data", errors);
  return decoded;
}

EventDecoder::EventDecoder() : impl_(std::make_unique<Impl>()) {}
EventDecoder::~EventDecoder() = default;

DecodeResult EventDecoder::decode(std::string_view json) {
  impl_->errors.clear();
  auto parsed = impl_->parse_object(json, "the event");
  if (auto* error = std::get_if<DecodeError>(&parsed)) return std::move(*error);
  FieldReader envelope(std::get<simdjson::dom::element>(parsed).get_object().value_unsafe(), kEnvelopeFields, "", impl_->errors, impl_->writer);

  Event event;
  event.event_id = envelope.identifier("event_id").value_or("");
  const auto type = envelope.enumeration<EventType>("type");
  event.type = type.value_or(EventType::zone_defined);
  event.enterprise = read_enterprise(envelope, type);
  event.occurred_on = envelope.date("occurred_on").value_or(Date{});
  if (const auto data = envelope.element("data")) {
    if (data->type() != simdjson::dom::element_type::OBJECT) {
      envelope.fail("data", "must be an object");
    } else if (type) {
      event.data = impl_->data(*type, *data, &event.data_jcs);
    } else {
      std::string ignored;  // the type is unknown: report what is wrong inside data regardless of it
      impl_->writer.write(ignored, *data, "data", impl_->errors);
    }
  }
  if (!impl_->errors.empty()) return invalid(impl_->errors, "the event");
  assert(event.data.index() == static_cast<std::size_t>(event.type));
  return event;
}

std::variant<EventData, DecodeError> EventDecoder::decode_data(EventType type, std::string_view data_json) {
  impl_->errors.clear();
  auto parsed = impl_->parse_object(data_json, "the data");
  if (auto* error = std::get_if<DecodeError>(&parsed)) return std::move(*error);
  // Stored data was canonical when it was appended (its digest is in the leaf): the typed pass, which refuses
  // any field it does not know, is check enough; the canonical form is not written again.
  EventData data = impl_->data(type, std::get<simdjson::dom::element>(parsed), nullptr);
  if (!impl_->errors.empty()) return invalid(impl_->errors, "the data");
  return data;
}

std::string canonical_event(const Event& event) {
  assert(!event.data_jcs.empty());
  std::string out;
  out.reserve(event.data_jcs.size() + event.event_id.size() + 128);
  out += "{\"data\":";
  out += event.data_jcs;
  if (event.enterprise) {
    out += ",\"enterprise\":";
    append_json_string(out, *event.enterprise);
  }
  out += ",\"event_id\":";
  append_json_string(out, event.event_id);
  out += ",\"occurred_on\":\"";
  out += event.occurred_on.to_string();
  out += "\",\"type\":\"";
  out += to_string(event.type);
  out += "\"}";
  return out;
}

}  // namespace jifen::domain
