// `spikeforge data`: what a dataset holds (samples per split, inputs, classes, default steps,
// class balance), read from labels and headers only.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/dataset.hpp"

namespace spikeforge::cli {
namespace {

struct DataArgs {
  std::string dataset;
  std::string data_dir;
  bool json_out = false;
};

std::string counts_text(const std::vector<std::size_t>& counts) {
  std::string s;
  for (std::size_t c : counts) s += (s.empty() ? "" : " ") + std::to_string(c);
  return s;
}

void run_data(const DataArgs& a) {
  const core::DatasetInfo info = core::describe_dataset(a.dataset, a.data_dir);
  if (a.json_out) {
    nlohmann::json j = {{"name", info.name},
                        {"train", info.train},
                        {"test", info.test},
                        {"features", info.features},
                        {"classes", info.classes},
                        {"steps", info.default_steps},
                        {"train_per_class", info.train_per_class},
                        {"test_per_class", info.test_per_class}};
    if (info.default_bin_us > 0.0) j["bin_us"] = info.default_bin_us;
    print_json(j);
    return;
  }
  std::cout << "dataset   " << info.name << "\n"
            << "features  " << info.features << " inputs\n"
            << "classes   " << info.classes << "\n"
            << "steps     " << info.default_steps << " (default)";
  if (info.default_bin_us > 0.0) std::cout << ", bins of " << info.default_bin_us << " us";
  std::cout << "\n"
            << "train     " << info.train << " samples; per class: " << counts_text(info.train_per_class) << "\n"
            << "test      " << info.test << " samples; per class: " << counts_text(info.test_per_class) << "\n";
}

}  // namespace

void add_data_command(CLI::App& app) {
  auto a = std::make_shared<DataArgs>();
  CLI::App* cmd = app.add_subcommand("data", "Describe a dataset: samples per split, inputs, classes, balance");
  std::string names;
  for (const std::string& n : core::dataset_names()) names += (names.empty() ? "" : "|") + n;
  cmd->add_option("--dataset", a->dataset, "Dataset: " + names)->required();
  cmd->add_option("--data-dir", a->data_dir,
                  "Dataset folder (default: /usr/share/datasets/fashion-mnist for fashion-mnist; "
                  "required for nmnist and shd)");
  cmd->add_flag("--json", a->json_out, "Print one JSON object on stdout");
  cmd->callback([a] { run_data(*a); });
}

}  // namespace spikeforge::cli
