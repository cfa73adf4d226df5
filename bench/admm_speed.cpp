// admm_speed: time to a test accuracy for the default ADMM method and BPTT, in one run, one
// thread by default (issue #14 item 4). Both get the test set as their validation set, checked
// after every iteration / epoch; the time of those checks is taken out (ADMM: its "monitor" block;
// BPTT: one timed simulation of the test set per check), so the times are training time only.
//
//   admm_speed [--train N] [--test N] [--iters K] [--epochs E] [--hidden H] [--threads P]
//              [--target 0.85] [--methods admm,bptt] [--spike-budget S]
// (--spike-budget: admm::Settings::spike_budget; the hidden firing rate on the test set is printed.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <sys/resource.h>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/bptt/bptt.hpp"

namespace sf = spikeforge;

namespace {

struct Args {
  std::size_t train = 20000, test = 10000;
  int iters = 60, epochs = 8, threads = 1, hidden = 256;
  double target = 0.85, spike_budget = 0.0;
  std::string methods = "admm,bptt";
};

bool wants(const Args& a, const std::string& m) { return ("," + a.methods + ",").find("," + m + ",") != std::string::npos; }

double peak_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--train") a.train = std::stoul(v);
    else if (k == "--test") a.test = std::stoul(v);
    else if (k == "--iters") a.iters = std::stoi(v);
    else if (k == "--epochs") a.epochs = std::stoi(v);
    else if (k == "--hidden") a.hidden = std::stoi(v);
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--target") a.target = std::stod(v);
    else if (k == "--methods") a.methods = v;
    else if (k == "--spike-budget") a.spike_budget = std::stod(v);
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  try {
    sf::core::DatasetSpec spec;
    spec.name = "fashion-mnist";
    spec.steps = 25;
    spec.max_samples = a.train;
    const auto train = sf::core::load_spikes(spec);
    spec.split = "test";
    spec.max_samples = a.test;
    const auto test = sf::core::load_spikes(spec);
    std::printf("data: %zu train, %zu test, T=25, hidden %d, threads %d, target %.3f; peak RSS after loading %.0f MiB\n",
                train.size(), test.size(), a.hidden, a.threads, a.target, peak_mib());
    std::fflush(stdout);
    if (wants(a, "admm")) {
      sf::trainer::admm::Settings s = sf::trainer::admm::Settings::improved();
      s.hidden = {a.hidden};
      s.iterations = a.iters;
      s.threads = a.threads;
      s.val_every = 1;
      s.spike_budget = a.spike_budget;
      const auto r = sf::trainer::admm::train(s, train, &test, {});
      double reached = -1.0;
      double acc_end = 0.0;
      for (const auto& h : r.history) {
        const double t = h.seconds - h.metrics.at("time_monitor_s");
        acc_end = h.metrics.at("val_acc");
        std::printf("admm iter %3d train_s %7.1f test_acc %.4f\n", h.iteration, t, acc_end);
        if (reached < 0.0 && acc_end >= a.target) reached = t;
      }
      std::printf("admm: %s; spike_budget %g; time to %.3f: %.1f s; %d iterations %.1f s (with monitoring) final test %.4f, "
                  "returned (keep-best, iteration %d) test %.4f, hidden rate %.4f spikes/neuron/step; peak RSS %.0f MiB; blocks:",
                  r.method.c_str(), a.spike_budget, a.target, reached, r.iterations_run, r.seconds, acc_end, r.best_iteration,
                  r.best_val_acc, r.history[static_cast<std::size_t>(std::max(0, r.best_iteration))].metrics.at("hidden_rate_0"),
                  peak_mib());
      for (const auto& [k, v] : r.block_seconds) std::printf(" %s=%.1f", k.c_str(), v);
      std::printf("\n");
      std::fflush(stdout);
    }
    if (wants(a, "bptt")) {
      sf::trainer::BpttSettings s;
      s.hidden = {a.hidden};
      s.epochs = a.epochs;
      s.threads = a.threads;
      const auto r = sf::trainer::train_bptt(s, train, &test, {});
      const auto t0 = std::chrono::steady_clock::now();
      (void)sf::core::simulate(r.net, test);
      const double check_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      double reached = -1.0;
      double t = 0.0;
      for (const auto& h : r.history) {
        t += h.metrics.at("epoch_s") - (h.metrics.count("val_acc") ? check_s : 0.0);
        const double acc = h.metrics.count("val_acc") ? h.metrics.at("val_acc") : -1.0;
        std::printf("bptt epoch %2d train_s %7.1f test_acc %.4f\n", h.iteration, t, acc);
        if (reached < 0.0 && acc >= a.target) reached = t;
      }
      std::printf("bptt: time to %.3f: %.1f s; %d epochs, one test check %.1f s; peak RSS %.0f MiB\n", a.target, reached,
                  r.epochs_run, check_s, peak_mib());
    }
  } catch (const std::exception& e) {
    std::cerr << "admm_speed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
