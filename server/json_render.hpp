// The JSON bodies of successful answers: receipts, pages of records, enterprise profiles. Strings go through
// domain::append_json_string; numbers are integers.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "replay/ledger.hpp"

namespace jifen::server {

void append_unsigned(std::string& out, std::uint64_t value);

// {"seq":N,"event_id":"…","leaf_hash":"<base64>","recorded_at":"…","tree_size":N}, and with a checkpoint
// ,"checkpoint":"<note>","checkpoint_tree_size":M,"inclusion_proof":["<base64>"…] before the '}'
void append_receipt_json(std::string& out, const replay::Receipt& receipt);
// The bytes render_receipt_json reserves, so that rendering allocates once: at least what it renders.
std::size_t receipt_json_bytes_estimate(const replay::Receipt& receipt);
std::string render_receipt_json(const replay::Receipt& receipt);
// {"receipts":[receipt…]}
std::string render_receipts_json(const std::vector<replay::Receipt>& receipts);

// {"events":[record…],"next":N}: next is the seq after the last record, or `from` when there is none.
std::string render_events_page_json(const std::vector<replay::Record>& records, std::uint64_t from);

// {"uscc","name","zone","chains"} for the public; with `full`, also registered_on, registered_seq, version
// and demo (the owner and auditors).
std::string render_enterprise_json(const replay::EnterpriseProfile& profile, bool full);

}  // namespace jifen::server
