// admm_speed: time to a test accuracy for the default ADMM method and BPTT, in one run, one
// thread by default (issue #14 item 4). Both get the test set as their validation set, checked
// after every iteration / epoch; the time of those checks is taken out (ADMM: its "monitor" block;
// BPTT: one timed simulation of the test set per check), so the times are training time only.
//
//   admm_speed [--train N] [--test N] [--iters K] [--epochs E] [--hidden H] [--threads P]
//              [--target 0.85] [--methods admm-ref,admm,bptt] [--ref-iters K] [--spike-budget S]
// admm-ref: the same ADMM with Settings::reference_forward (the forward pass by core::simulate, as
// before the fast kernel), for the old/new ratio in one run (--ref-iters: its iterations, default --iters).
// (--spike-budget: admm::Settings::spike_budget; the hidden firing rate on the test set is printed.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <omp.h>
#include <sys/resource.h>
#include <time.h>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/feature_pass.hpp"
#include "trainer/admm/keep_best.hpp"
#include "trainer/readout/readout.hpp"
#include "trainer/bptt/bptt.hpp"

namespace sf = spikeforge;

namespace {

struct Args {
  std::size_t train = 20000, test = 10000;
  int iters = 60, epochs = 8, threads = 1, hidden = 256, ref_iters = -1;
  double target = 0.85, spike_budget = 0.0;
  std::string methods = "admm,bptt";
};

bool wants(const Args& a, const std::string& m) { return ("," + a.methods + ",").find("," + m + ",") != std::string::npos; }

double peak_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

/// CPU seconds of this process (all threads): the machine is shared, so wall times are inflated
/// by other engineers' builds; CPU time of a one-thread run is not.
double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double wall_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--train") a.train = std::stoul(v);
    else if (k == "--test") a.test = std::stoul(v);
    else if (k == "--iters") a.iters = std::stoi(v);
    else if (k == "--ref-iters") a.ref_iters = std::stoi(v);
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
  omp_set_num_threads(a.threads);  // the "pass" part too (the trainers set it from their settings)
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
    // "pass": the forward kernel alone against its twin, on the training set, with the calibrated
    // random hidden layer the method starts from.
    if (wants(a, "pass")) {
      const auto hidden = sf::trainer::readout::random_hidden_layers({a.hidden}, train.inputs(), 0.95, 1.0,
                                                                     sf::core::ResetMode::subtract, 0.2, 1, train);
      double c0 = cpu_s(), w0 = wall_s();
      const auto ref = sf::trainer::readout::layer_features(hidden, train, 0.95);
      const double ref_cpu = cpu_s() - c0, ref_wall = wall_s() - w0;
      c0 = cpu_s();
      w0 = wall_s();
      const auto fast = sf::trainer::admm::feature_pass(hidden, train, 0.95);
      const double fast_cpu = cpu_s() - c0, fast_wall = wall_s() - w0;
      std::printf("pass: %zu samples, hidden %d: twin (core::simulate + discounting) %.2f s CPU (%.2f wall), feature_pass "
                  "%.2f s CPU (%.2f wall), ratio %.2fx CPU; features equal: %s\n",
                  train.size(), a.hidden, ref_cpu, ref_wall, fast_cpu, fast_wall, ref_cpu / fast_cpu,
                  fast.features[0] == ref[0] ? "yes" : "NO");
      std::fflush(stdout);
    }
    // "admm": the default method with its fast forward pass (feature_pass); "admm-ref": the same
    // method with the pass's plain twin (core::simulate, every step recorded): the loop as it was
    // before the kernel. Same seed, so both must print the same accuracies.
    for (const std::string method : {"admm-ref", "admm"}) {
      if (!wants(a, method)) continue;
      const std::string tag = method;
      sf::trainer::admm::Settings s = sf::trainer::admm::Settings::improved();
      s.hidden = {a.hidden};
      s.iterations = method == "admm-ref" && a.ref_iters >= 0 ? a.ref_iters : a.iters;
      s.threads = a.threads;
      s.val_every = 1;
      s.spike_budget = a.spike_budget;
      s.reference_forward = method == "admm-ref";
      std::vector<double> cpu_at{0.0};  // CPU seconds since the start at iteration 0 (not reported), 1, 2, ...
      const double c0 = cpu_s();
      const auto r = sf::trainer::admm::train(s, train, &test, [&](const sf::trainer::TrainProgress&) { cpu_at.push_back(cpu_s() - c0); });
      // CPU of one monitor check (the test-set simulation), taken out of every iteration's CPU time.
      const double c1 = cpu_s();
      (void)sf::trainer::admm::accuracy_and_rates(r.net.layers, test, sf::trainer::local_reducer(), s.reference_forward);
      const double check_cpu = cpu_s() - c1;
      double reached_cpu = -1.0;
      double reached = -1.0;
      double acc_end = 0.0;
      for (const auto& h : r.history) {
        const double t = h.seconds - h.metrics.at("time_monitor_s");
        acc_end = h.metrics.at("val_acc");
        const auto k = static_cast<std::size_t>(h.iteration - r.history.front().iteration);
        const double tc = k > 0 && k < cpu_at.size() ? cpu_at[k] - static_cast<double>(k + 1) * check_cpu : -1.0;
        std::printf("%s iter %3d train_s %7.1f train_cpu_s %7.1f test_acc %.4f\n", tag.c_str(), h.iteration, t, tc, acc_end);
        if (reached < 0.0 && acc_end >= a.target) reached = t;
        if (reached_cpu < 0.0 && acc_end >= a.target) reached_cpu = tc;
      }
      const double train_s = r.history.back().seconds - r.history.back().metrics.at("time_monitor_s");
      std::printf("%s: time to %.3f: %.1f s wall, %.1f s CPU (one monitor check %.2f s CPU)\n", tag.c_str(), a.target, reached,
                  reached_cpu, check_cpu);
      std::printf("%s: %s; spike_budget %g; time to %.3f: %.1f s; %d iterations %.1f s training (%.1f s with monitoring), "
                  "%.2f s per iteration after setup; final test %.4f, "
                  "returned (keep-best, iteration %d) test %.4f, hidden rate %.4f spikes/neuron/step; peak RSS %.0f MiB; blocks:",
                  tag.c_str(), r.method.c_str(), a.spike_budget, a.target, reached, r.iterations_run, train_s, r.seconds,
                  r.iterations_run > 0 ? (train_s - (r.history.front().seconds - r.history.front().metrics.at("time_monitor_s"))) /
                                             r.iterations_run
                                       : 0.0,
                  acc_end, r.best_iteration,
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
      std::vector<double> cpu_at{0.0};  // CPU seconds since the start after epoch 1, 2, ...
      const double c0 = cpu_s();
      const auto r = sf::trainer::train_bptt(s, train, &test, [&](const sf::trainer::TrainProgress& p) {
        if (p.metrics.count("batch") == 0) cpu_at.push_back(cpu_s() - c0);  // end of an epoch, not a mid-epoch report
      });
      const auto t0 = std::chrono::steady_clock::now();
      const double c1 = cpu_s();
      (void)sf::core::simulate(r.net, test);
      const double check_cpu = cpu_s() - c1;
      const double check_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      double reached = -1.0;
      double reached_cpu = -1.0;
      double t = 0.0;
      int checks = 0;
      for (const auto& h : r.history) {
        t += h.metrics.at("epoch_s") - (h.metrics.count("val_acc") ? check_s : 0.0);
        checks += h.metrics.count("val_acc") ? 1 : 0;
        const auto k = static_cast<std::size_t>(h.iteration);
        const double tc = k < cpu_at.size() ? cpu_at[k] - checks * check_cpu : -1.0;
        const double acc = h.metrics.count("val_acc") ? h.metrics.at("val_acc") : -1.0;
        std::printf("bptt epoch %2d train_s %7.1f train_cpu_s %7.1f test_acc %.4f\n", h.iteration, t, tc, acc);
        if (reached < 0.0 && acc >= a.target) reached = t;
        if (reached_cpu < 0.0 && acc >= a.target) reached_cpu = tc;
      }
      std::printf("bptt: time to %.3f: %.1f s wall, %.1f s CPU; %d epochs, one test check %.1f s (%.2f s CPU); final test "
                  "%.4f; peak RSS %.0f MiB\n",
                  a.target, reached, reached_cpu, r.epochs_run, check_s, check_cpu,
                  r.history.back().metrics.count("val_acc") ? r.history.back().metrics.at("val_acc") : -1.0, peak_mib());
    }
  } catch (const std::exception& e) {
    std::cerr << "admm_speed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
