// Benchmark driver of the BPTT baseline (docs/bench/bptt.md): trains on a dataset (default:
// Fashion-MNIST, rate encoding, T = 25, 20000 training samples, one hidden layer of 256) and
// reports accuracy per epoch and wall time; the final test accuracy comes from core::simulate on
// the whole test split. Progress on stderr, one JSON summary on stdout.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "trainer/bptt/bptt.hpp"

namespace sf = spikeforge;

int main(int argc, char** argv) {
  CLI::App app{"BPTT baseline benchmark"};
  sf::core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  std::size_t train_samples = 20000;
  std::size_t test_samples = 0;
  int hidden = 256;
  std::string reset = "subtract";
  sf::trainer::BpttSettings s;
  s.epochs = 10;
  app.add_option("--dataset", spec.name);
  app.add_option("--steps", spec.steps);
  app.add_option("--encoding", spec.encoding);
  app.add_option("--train-samples", train_samples);
  app.add_option("--test-samples", test_samples, "0 = the whole test split");
  app.add_option("--hidden", hidden);
  app.add_option("--epochs", s.epochs);
  app.add_option("--batch-size", s.batch_size);
  app.add_option("--lr", s.lr);
  app.add_option("--lr-schedule", s.lr_schedule, "constant | cosine");
  app.add_option("--loss", s.loss);
  app.add_option("--surrogate-slope", s.surrogate_slope);
  app.add_option("--detach-reset", s.detach_reset);
  app.add_option("--weight-init", s.weight_init);
  app.add_option("--leak", s.leak);
  app.add_option("--reset", reset);
  app.add_option("--seed", s.seed);
  app.add_option("--threads", s.threads);
  CLI11_PARSE(app, argc, argv);
  s.hidden = {hidden};
  s.reset = sf::core::parse_reset_mode(reset);
  s.report_every_batches = 50;

  const auto t0 = std::chrono::steady_clock::now();
  spec.split = "train";
  spec.max_samples = train_samples;
  const sf::core::SpikeBatch train = sf::core::load_spikes(spec);
  spec.split = "test";
  spec.max_samples = test_samples;
  const sf::core::SpikeBatch test = sf::core::load_spikes(spec);
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "data: %zu train, %zu test, T=%d, inputs=%d, loaded in %.1f s\n", train.size(), test.size(),
               train.steps(), train.inputs(), load_s);

  const auto result = sf::trainer::train_bptt(s, train, &test, [](const sf::trainer::TrainProgress& p) {
    std::fprintf(stderr, "bptt %d/%d", p.iteration, p.total);
    for (const auto& [k, v] : p.metrics) std::fprintf(stderr, "  %s=%.4f", k.c_str(), v);
    std::fprintf(stderr, "  elapsed %.0fs  eta %.0fs\n", p.seconds, p.eta_seconds);
  });
  const auto sim = sf::core::simulate(result.net, test);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < test.size(); ++i) ok += sim.predictions[i] == test.label(i) ? 1U : 0U;
  const double test_acc = static_cast<double>(ok) / static_cast<double>(test.size());
  std::printf("{\"dataset\": \"%s\", \"train_samples\": %zu, \"test_samples\": %zu, \"hidden\": %d, \"epochs\": %d, "
              "\"seconds_train\": %.1f, \"test_acc_core_simulate\": %.4f, \"history\": [",
              spec.name.c_str(), train.size(), test.size(), hidden, result.epochs_run, result.seconds, test_acc);
  for (std::size_t i = 0; i < result.history.size(); ++i) {
    const auto& r = result.history[i];
    std::printf("%s{\"epoch\": %d, \"seconds\": %.1f", i ? ", " : "", r.iteration, r.seconds);
    for (const auto& [k, v] : r.metrics) std::printf(", \"%s\": %.4f", k.c_str(), v);
    std::printf("}");
  }
  std::printf("]}\n");
  return 0;
}
