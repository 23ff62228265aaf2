// jifenctl model publish: appends a new scoring model version (scoring_model.published) after checking it.
// A model that does not parse, or that the ledger refuses (a version already published, years overlapping a
// published model), is reported field by field and nothing is appended.
#include <iostream>

#include "tools/calendar.hpp"
#include "tools/ctl_commands.hpp"
#include "tools/ctl_support.hpp"
#include "tools/exit_codes.hpp"
#include "tools/model_file.hpp"

namespace jifen::tools {

int run_model_publish(const ModelPublishOptions& options, const CtlContext& context) {
  domain::EventDecoder decoder;
  ModelFile file = load_model_file(options.model_file, utc_date_of(context.clock()), decoder);
  if (!file.event) {
    std::cerr << "jifenctl model publish: " << options.model_file.string() << " is not a valid scoring model; nothing was appended:\n";
    for (const std::string& problem : file.problems) std::cerr << "  " << problem << "\n";
    return kExitFailure;
  }
  const auto& data = std::get<domain::ScoringModelPublished>(file.event->data);
  const std::string version = data.version;
  const std::string years = std::to_string(data.year_from) + "-" + std::to_string(data.year_to);
  const std::unique_ptr<replay::Ledger> ledger = open_ledger(options.data_dir, OpenMode::read_write, context.clock);
  replay::Submission submission;
  submission.actor = replay::Actor{"admin", domain::Role::admin, std::nullopt};
  submission.events.push_back(std::move(*file.event));
  const replay::SubmitResult result = ledger->submit_and_wait(std::move(submission));
  if (!result.ok()) {
    std::cerr << "jifenctl model publish: the ledger refused model " << version << "; nothing was appended: "
              << describe(result) << "\n";
    return kExitFailure;
  }
  const replay::Receipt& receipt = result.receipts.front();
  std::cout << (result.outcome == replay::SubmitOutcome::replayed ? "already published: model " : "published model ")
            << version << " for years " << years << " at seq " << receipt.seq << "\n";
  return kExitOk;
}

}  // namespace jifen::tools
